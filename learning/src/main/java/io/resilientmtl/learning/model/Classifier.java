package io.resilientmtl.learning.model;

/**
 * A model that predicts one of {@link #classes()} classes, trained on samples made with {@link
 * Sample#classification}.
 */
public interface Classifier extends Model {

  /** Returns the number of classes; labels lie in [0, classes). */
  int classes();

  /**
   * Returns the predicted class: the index of the largest output score, the lowest index on ties.
   *
   * @throws IllegalArgumentException if {@code parameters} or {@code features} has the wrong length
   */
  int predict(double[] parameters, double[] features);
}
