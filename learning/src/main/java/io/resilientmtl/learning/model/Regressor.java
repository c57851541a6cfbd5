package io.resilientmtl.learning.model;

/** A model that predicts real-valued outputs, so its absolute error can be reported. */
public interface Regressor extends Model {

  /** Returns the number of predicted outputs. */
  int outputs();

  /** Writes the prediction of {@code parameters} for {@code features} into {@code prediction}. */
  void predict(double[] parameters, double[] features, double[] prediction);
}
