package io.resilientmtl.learning.model;

import java.util.List;

/** Argument checks shared by the model implementations. */
final class ModelChecks {

  private ModelChecks() {}

  static void checkParameters(Model model, double[] parameters) {
    if (parameters.length != model.dimension()) {
      throw new IllegalArgumentException(
          "Parameter vector has length "
              + parameters.length
              + ", expected "
              + model.dimension()
              + " for model "
              + model.kind());
    }
  }

  static void checkGradient(Model model, double[] gradient) {
    if (gradient.length != model.dimension()) {
      throw new IllegalArgumentException(
          "Gradient array has length "
              + gradient.length
              + ", expected "
              + model.dimension()
              + " for model "
              + model.kind());
    }
  }

  static void checkBatch(Model model, List<Sample> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot evaluate the loss of model "
              + model.kind()
              + " on an empty batch; skip the evaluation when a round has no samples");
    }
  }

  /**
   * Throws unless {@code sample} has the given feature and target lengths. Only lengths are checked
   * here, because loops over the batch run this for every sample; {@link Model#validate} also
   * checks finiteness.
   */
  static void checkShape(Model model, Sample sample, int features, int targets) {
    if (sample.features().length != features || sample.targets().length != targets) {
      throw new IllegalArgumentException(
          "Sample has "
              + sample.features().length
              + " features and "
              + sample.targets().length
              + " targets, expected "
              + features
              + " and "
              + targets
              + " for model "
              + model.kind()
              + "; filter samples with Model.validate first");
    }
  }

  /**
   * Returns {@code null} when {@code sample} has the given lengths and only finite values, else a
   * message naming the first problem.
   */
  static String validate(Sample sample, int features, int targets) {
    double[] x = sample.features();
    double[] y = sample.targets();
    if (x.length != features) {
      return "features have length " + x.length + ", expected " + features;
    }
    if (y.length != targets) {
      return "targets have length " + y.length + ", expected " + targets;
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        return "feature " + i + " is " + x[i] + ", expected a finite value";
      }
    }
    for (int j = 0; j < y.length; j++) {
      if (!Double.isFinite(y[j])) {
        return "target " + j + " is " + y[j] + ", expected a finite value";
      }
    }
    return null;
  }

  /**
   * Throws unless {@code sample} has the given feature length and a label in [0, classes). Like
   * {@link #checkShape}, it skips the finiteness check that {@link Model#validate} makes.
   */
  static void checkLabelledShape(Model model, Sample sample, int features, int classes) {
    int label = sample.label();
    if (sample.features().length != features || label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "Sample has "
              + sample.features().length
              + " features and label "
              + label
              + ", expected "
              + features
              + " features and a label in [0, "
              + classes
              + ") for model "
              + model.kind()
              + "; filter samples with Model.validate first");
    }
  }

  /** Throws unless {@code features} has length {@code expected}. */
  static void checkFeatures(double[] features, int expected) {
    if (features.length != expected) {
      throw new IllegalArgumentException(
          "Feature vector has length " + features.length + ", expected " + expected);
    }
  }

  /**
   * Returns {@code null} when {@code sample} has the given feature length, only finite features and
   * a label in [0, classes), else a message naming the first problem.
   */
  static String validateClassification(Sample sample, int features, int classes) {
    double[] x = sample.features();
    if (x.length != features) {
      return "features have length " + x.length + ", expected " + features;
    }
    int label = sample.label();
    if (label == Sample.NO_LABEL) {
      return "regression sample has no class label, expected a label in [0, " + classes + ")";
    }
    if (label >= classes) {
      return "label " + label + " is out of range, expected a label in [0, " + classes + ")";
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        return "feature " + i + " is " + x[i] + ", expected a finite value";
      }
    }
    return null;
  }

  /**
   * Returns out·in + out, the parameter count of a dense layer with its biases.
   *
   * @throws IllegalArgumentException if the count overflows an int
   */
  static int denseLayerSize(int in, int out) {
    long size = (long) out * in + out;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Dense layer of "
              + in
              + " inputs and "
              + out
              + " outputs has "
              + size
              + " parameters, more than an int can index; use smaller layers");
    }
    return (int) size;
  }
}
