package io.resilientmtl.learning.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One observation: features x and either regression targets y or a class label.
 *
 * <p>The arrays are stored as given, not copied; callers must not modify them afterwards.
 */
public final class Sample {

  /** Label value of a regression sample. */
  public static final int NO_LABEL = -1;

  private final double[] features;
  private final double[] targets;
  private final int label;

  private Sample(double[] features, double[] targets, int label) {
    this.features = Objects.requireNonNull(features, "features");
    this.targets = targets;
    this.label = label;
  }

  /** Creates a regression sample with outputs {@code targets}. */
  public static Sample regression(double[] features, double[] targets) {
    return new Sample(features, Objects.requireNonNull(targets, "targets"), NO_LABEL);
  }

  /** Creates a classification sample with class {@code label} (0-based). */
  public static Sample classification(double[] features, int label) {
    if (label < 0) {
      throw new IllegalArgumentException("Class label must be >= 0, got " + label);
    }
    return new Sample(features, new double[0], label);
  }

  /** Returns the feature array itself, not a copy. */
  public double[] features() {
    return features;
  }

  /** Returns the target array itself, not a copy; empty for classification samples. */
  public double[] targets() {
    return targets;
  }

  /** Returns the class label, or {@link #NO_LABEL} for regression samples. */
  public int label() {
    return label;
  }

  @Override
  public String toString() {
    return "Sample{features="
        + Arrays.toString(features)
        + ", targets="
        + Arrays.toString(targets)
        + ", label="
        + label
        + '}';
  }
}
