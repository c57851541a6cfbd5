package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-output linear regression ŷ = W·x + b with n features and m outputs.
 *
 * <p>The parameter vector has length m·n + m and is laid out row-major as [W, b]: entry {@code j *
 * n + i} is W[j][i], the weight of feature i in output j, and entry {@code m * n + j} is the bias
 * b[j].
 *
 * <p>The training loss is the mean over the batch of ½‖y − (W·x + b)‖². With the residual r = W·x +
 * b − y, its gradient is the batch mean of r·xᵀ for W and of r for b.
 */
public final class LinearRegression implements Regressor {

  private static final BLAS blas = BLAS.getInstance();

  private final int features;
  private final int outputs;
  private final int dimension;
  private final String kind;

  /**
   * Creates a model with {@code features} inputs and {@code outputs} outputs.
   *
   * @throws IllegalArgumentException if either count is below 1 or the dimension overflows an int
   */
  public LinearRegression(int features, int outputs) {
    if (features < 1) {
      throw new IllegalArgumentException(
          "Number of features must be >= 1, got " + features + "; pass the sample feature length");
    }
    if (outputs < 1) {
      throw new IllegalArgumentException(
          "Number of outputs must be >= 1, got " + outputs + "; pass the sample target length");
    }
    this.features = features;
    this.outputs = outputs;
    this.dimension = Math.multiplyExact(outputs, Math.addExact(features, 1));
    this.kind = "linear-regression/" + features + "x" + outputs;
  }

  /** Returns the number of features n. */
  public int features() {
    return features;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  /** Returns {@code linear-regression/<n>x<m>}, such as {@code linear-regression/3x1}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns m·n + m. */
  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double[] residual = new double[outputs];
    double sum = 0.0;
    for (Sample sample : batch) {
      computeResidual(parameters, sample, residual);
      sum += 0.5 * blas.ddot(outputs, residual, 1, residual, 1);
    }
    return sum / batch.size();
  }

  @Override
  public double lossAndGradient(double[] parameters, List<Sample> batch, double[] gradient) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkGradient(this, gradient);
    ModelChecks.checkBatch(this, batch);
    Arrays.fill(gradient, 0.0);
    double scale = 1.0 / batch.size();
    double[] residual = new double[outputs];
    double sum = 0.0;
    for (Sample sample : batch) {
      computeResidual(parameters, sample, residual);
      sum += 0.5 * blas.ddot(outputs, residual, 1, residual, 1);
      // Row-major W (m x n) is column-major Wᵀ (n x m) with leading dimension n, so the rank-1
      // update of Wᵀ by x·rᵀ adds r·xᵀ to W.
      blas.dger(
          features, outputs, scale, sample.features(), 0, 1, residual, 0, 1, gradient, 0, features);
      blas.daxpy(outputs, scale, residual, 0, 1, gradient, outputs * features, 1);
    }
    return sum * scale;
  }

  @Override
  public void predict(double[] parameters, double[] features, double[] prediction) {
    ModelChecks.checkParameters(this, parameters);
    if (features.length != this.features) {
      throw new IllegalArgumentException(
          "Feature vector has length " + features.length + ", expected " + this.features);
    }
    if (prediction.length != outputs) {
      throw new IllegalArgumentException(
          "Prediction array has length " + prediction.length + ", expected " + outputs);
    }
    System.arraycopy(parameters, outputs * this.features, prediction, 0, outputs);
    multiplyAdd(parameters, features, prediction);
  }

  /** Returns {@code null} when the sample has n finite features and m finite targets. */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validate(sample, features, outputs);
  }

  /** Writes W·x + b − y into {@code residual}. */
  private void computeResidual(double[] parameters, Sample sample, double[] residual) {
    ModelChecks.checkShape(this, sample, features, outputs);
    System.arraycopy(parameters, outputs * features, residual, 0, outputs);
    multiplyAdd(parameters, sample.features(), residual);
    blas.daxpy(outputs, -1.0, sample.targets(), 1, residual, 1);
  }

  /** Adds W·x to {@code target}. */
  private void multiplyAdd(double[] parameters, double[] x, double[] target) {
    // Row-major W (m x n) is column-major Wᵀ (n x m), so W·x is the transposed product.
    blas.dgemv("T", features, outputs, 1.0, parameters, 0, features, x, 0, 1, 1.0, target, 0, 1);
  }
}
