package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;

/**
 * Multinomial logistic regression: class scores z = W·x + b over n features and C classes, with
 * class probabilities softmax(z).
 *
 * <p>The parameter vector has length C·n + C and is laid out row-major as [W, b]: entry {@code j *
 * n + i} is W[j][i], the weight of feature i in class j, and entry {@code C * n + j} is the bias
 * b[j].
 *
 * <p>The training loss is the mean over the batch of the cross-entropy −log softmax(z)_y for label
 * y, computed with a log-sum-exp that subtracts max(z) first, so large scores do not overflow. With
 * δ = softmax(z) − e_y, its gradient is the batch mean of δ·xᵀ for W and of δ for b. One sample
 * costs C·n multiply-adds for the loss and 2·C·n for the loss and gradient.
 */
public final class SoftmaxRegression implements Classifier {

  private static final BLAS blas = BLAS.getInstance();

  private final int features;
  private final int classes;
  private final int dimension;
  private final String kind;

  /**
   * Creates a model with {@code features} inputs and {@code classes} classes.
   *
   * @throws IllegalArgumentException if {@code features} < 1, {@code classes} < 2, or the dimension
   *     overflows an int
   */
  public SoftmaxRegression(int features, int classes) {
    if (features < 1) {
      throw new IllegalArgumentException(
          "Number of features must be >= 1, got " + features + "; pass the sample feature length");
    }
    if (classes < 2) {
      throw new IllegalArgumentException(
          "Number of classes must be >= 2, got "
              + classes
              + "; pass the number of distinct labels");
    }
    this.features = features;
    this.classes = classes;
    this.dimension = ModelChecks.denseLayerSize(features, classes);
    this.kind = "softmax-regression/" + features + "x" + classes;
  }

  /** Returns the number of features n. */
  public int features() {
    return features;
  }

  @Override
  public int classes() {
    return classes;
  }

  /** Returns {@code softmax-regression/<n>x<C>}, such as {@code softmax-regression/784x10}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns C·n + C. */
  @Override
  public int dimension() {
    return dimension;
  }

  /** Returns the batch mean of the cross-entropy −log softmax(W·x + b)_y. */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double[] logits = new double[classes];
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, features, classes);
      computeLogits(parameters, sample.features(), logits);
      sum += SoftmaxCrossEntropy.loss(logits, sample.label());
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
    double[] logits = new double[classes];
    double[] delta = new double[classes];
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, features, classes);
      computeLogits(parameters, sample.features(), logits);
      sum += SoftmaxCrossEntropy.lossAndDelta(logits, sample.label(), delta);
      // Row-major W (C x n) is column-major Wᵀ (n x C) with leading dimension n, so the rank-1
      // update of Wᵀ by x·δᵀ adds δ·xᵀ to W.
      blas.dger(
          features, classes, scale, sample.features(), 0, 1, delta, 0, 1, gradient, 0, features);
      blas.daxpy(classes, scale, delta, 0, 1, gradient, classes * features, 1);
    }
    return sum * scale;
  }

  @Override
  public int predict(double[] parameters, double[] features) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkFeatures(features, this.features);
    double[] logits = new double[classes];
    computeLogits(parameters, features, logits);
    return SoftmaxCrossEntropy.argMax(logits);
  }

  /** Returns {@code null} when the sample has n finite features and a label in [0, C). */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validateClassification(sample, features, classes);
  }

  /** Writes W·x + b into {@code logits}. */
  private void computeLogits(double[] parameters, double[] x, double[] logits) {
    System.arraycopy(parameters, classes * features, logits, 0, classes);
    // Row-major W (C x n) is column-major Wᵀ (n x C), so W·x is the transposed product.
    blas.dgemv("T", features, classes, 1.0, parameters, 0, features, x, 0, 1, 1.0, logits, 0, 1);
  }
}
