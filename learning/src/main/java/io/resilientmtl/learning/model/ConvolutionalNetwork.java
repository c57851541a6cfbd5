package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;

/**
 * A small convolutional classifier for single-channel images, such as 28 × 28 digits: one 3 × 3
 * convolution layer with C channels, ReLU, 2 × 2 max-pooling, then a dense softmax layer, trained
 * with the cross-entropy loss.
 *
 * <p>A sample's features are the h × w image row-major, pixel (r, q) at index r·w + q. The
 * convolution has stride 1 and no padding, so channel c has (h − 2) × (w − 2) outputs z_c(r, q) =
 * β_c + Σ_{u,v ∈ 0..2} K_c(u, v)·x(r + u, q + v). Pooling takes the maximum of max(0, z) over
 * non-overlapping 2 × 2 windows, giving P = C·⌊(h − 2)/2⌋·⌊(w − 2)/2⌋ pooled features. An odd last
 * row or column of z falls outside every window and is unused. The output scores are W·p + b over
 * the pooled features p, and the loss of a sample with label y is −log softmax(W·p + b)_y, computed
 * with a log-sum-exp that subtracts the maximum score first.
 *
 * <p>The parameter vector is [K, β, W, b]. K is C × 9 row-major, with K_c(u, v) at entry {@code 9c
 * + 3u + v}. The C convolution biases β follow, then W, classes × P row-major, with pooled feature
 * (c, i, j) at column c·⌊(h − 2)/2⌋·⌊(w − 2)/2⌋ + i·⌊(w − 2)/2⌋ + j, and last the class biases b.
 *
 * <p>The convolution runs as one BLAS dgemm per sample on the 9 × S matrix of image patches (S = (h
 * − 2)·(w − 2) output positions), and so does its weight gradient. The dense layer uses dgemv and
 * dger. Max-pooling passes the gradient to the position that held the maximum, and the ReLU
 * derivative at 0 is taken as 0, so start from random parameters such as {@link
 * ParameterInitializer#normal}.
 *
 * <p>Cost per sample: 9·S·C + classes·P multiply-adds for the loss, and 2·(9·S·C) + 3·classes·P for
 * the loss and gradient. For 28 × 28 images, C = 4 and 10 classes that is 31,096 and 68,952. One
 * run of {@code ModelCostBenchmark} in the test sources, on mini-batches of 32 with JDK 17.0.15 on
 * a 2-core AMD EPYC virtual machine, measured per sample 16 µs for the loss and 37 µs for the loss
 * and gradient with netlib's pure-Java F2jBLAS fallback, and 14 µs and 30 µs with its VectorBLAS
 * (JVM flag {@code --add-modules jdk.incubator.vector}).
 */
public final class ConvolutionalNetwork implements Classifier {

  private static final BLAS blas = BLAS.getInstance();

  /** Side of the square convolution kernel. */
  private static final int KERNEL = 3;

  /** Entries of one kernel. */
  private static final int KERNEL_SIZE = KERNEL * KERNEL;

  private final int height;
  private final int width;
  private final int channels;
  private final int classes;
  private final int convolutionHeight;
  private final int convolutionWidth;
  private final int positions;
  private final int pooledHeight;
  private final int pooledWidth;
  private final int pooledFeatures;
  private final int convolutionBiasOffset;
  private final int denseOffset;
  private final int denseBiasOffset;
  private final int dimension;
  private final String kind;

  /**
   * Creates a network for {@code height} × {@code width} images with {@code channels} convolution
   * channels and {@code classes} classes.
   *
   * @throws IllegalArgumentException if a side is below 4 (the smallest image that leaves one
   *     pooled output), {@code channels} < 1, {@code classes} < 2, or the dimension overflows an
   *     int
   */
  public ConvolutionalNetwork(int height, int width, int channels, int classes) {
    if (height < 4 || width < 4) {
      throw new IllegalArgumentException(
          "Image must be at least 4 x 4 for a 3 x 3 convolution and 2 x 2 pooling, got "
              + height
              + " x "
              + width);
    }
    if (channels < 1) {
      throw new IllegalArgumentException(
          "Number of convolution channels must be >= 1, got "
              + channels
              + "; use a value such as 4");
    }
    if (classes < 2) {
      throw new IllegalArgumentException(
          "Number of classes must be >= 2, got "
              + classes
              + "; pass the number of distinct labels");
    }

    // Sizes in long first, because the array lengths must fit an int.
    long convolutionRows = height - KERNEL + 1;
    long convolutionColumns = width - KERNEL + 1;
    long positionCount = convolutionRows * convolutionColumns;
    long pooled = channels * (convolutionRows / 2) * (convolutionColumns / 2);
    long convolutionSize = (long) channels * KERNEL_SIZE + channels;
    long total = convolutionSize + classes * pooled + classes;
    long convolutionOutputs = channels * positionCount;
    long largest = Math.max(Math.max(total, convolutionOutputs), KERNEL_SIZE * positionCount);
    if (largest > Integer.MAX_VALUE || (long) height * width > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Convolutional network for "
              + height
              + " x "
              + width
              + " images with "
              + channels
              + " channels has "
              + total
              + " parameters and "
              + convolutionOutputs
              + " convolution outputs per image, more than an int can index; use smaller images or"
              + " fewer channels");
    }

    this.height = height;
    this.width = width;
    this.channels = channels;
    this.classes = classes;
    this.convolutionHeight = (int) convolutionRows;
    this.convolutionWidth = (int) convolutionColumns;
    this.positions = (int) positionCount;
    this.pooledHeight = convolutionHeight / 2;
    this.pooledWidth = convolutionWidth / 2;
    this.pooledFeatures = (int) pooled;
    this.convolutionBiasOffset = channels * KERNEL_SIZE;
    this.denseOffset = (int) convolutionSize;
    this.denseBiasOffset = denseOffset + classes * pooledFeatures;
    this.dimension = (int) total;
    this.kind = "cnn/" + height + "x" + width + "-3x3x" + channels + "-" + classes;
  }

  /** Returns the image height h. */
  public int height() {
    return height;
  }

  /** Returns the image width w. */
  public int width() {
    return width;
  }

  /** Returns the number of convolution channels C. */
  public int channels() {
    return channels;
  }

  @Override
  public int classes() {
    return classes;
  }

  /**
   * Returns {@code cnn/<h>x<w>-3x3x<C>-<classes>}, such as {@code cnn/28x28-3x3x4-10} for 28 × 28
   * images, 4 channels of 3 × 3 kernels and 10 classes.
   */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns 9·C + C + classes·P + classes. */
  @Override
  public int dimension() {
    return dimension;
  }

  /** Returns the batch mean of the cross-entropy of the output scores. */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    Workspace workspace = new Workspace();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, height * width, classes);
      forward(parameters, sample.features(), workspace);
      sum += SoftmaxCrossEntropy.loss(workspace.logits, sample.label());
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
    Workspace workspace = new Workspace();
    double[] delta = new double[classes];
    double[] pooledDelta = new double[pooledFeatures];
    double[] convolutionDelta = new double[channels * positions];
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, height * width, classes);
      forward(parameters, sample.features(), workspace);
      sum += SoftmaxCrossEntropy.lossAndDelta(workspace.logits, sample.label(), delta);

      // Dense layer: row-major W (classes x P) is column-major Wᵀ (P x classes), so the rank-1
      // update of Wᵀ by p·δᵀ adds δ·pᵀ to W, and Wᵀ·δ is the plain product.
      blas.dger(
          pooledFeatures,
          classes,
          scale,
          workspace.pooled,
          0,
          1,
          delta,
          0,
          1,
          gradient,
          denseOffset,
          pooledFeatures);
      blas.daxpy(classes, scale, delta, 0, 1, gradient, denseBiasOffset, 1);
      blas.dgemv(
          "N",
          pooledFeatures,
          classes,
          1.0,
          parameters,
          denseOffset,
          pooledFeatures,
          delta,
          0,
          1,
          0.0,
          pooledDelta,
          0,
          1);

      // Max-pooling and ReLU: each pooled feature passes its gradient to the position that held
      // the maximum, unless the ReLU cut it to 0. Windows do not overlap.
      Arrays.fill(convolutionDelta, 0.0);
      for (int p = 0; p < pooledFeatures; p++) {
        if (workspace.pooled[p] > 0.0) {
          convolutionDelta[workspace.maxPosition[p]] = pooledDelta[p];
        }
      }

      // Kernel gradient Σ_s patch_s·δ_{c,s}: column-major (9 x C) = patchesᵀ (9 x S) · δ (S x C).
      blas.dgemm(
          "T",
          "N",
          KERNEL_SIZE,
          channels,
          positions,
          scale,
          workspace.patches,
          0,
          positions,
          convolutionDelta,
          0,
          positions,
          1.0,
          gradient,
          0,
          KERNEL_SIZE);
      for (int c = 0; c < channels; c++) {
        double channelSum = 0.0;
        for (int s = 0; s < positions; s++) {
          channelSum += convolutionDelta[c * positions + s];
        }
        gradient[convolutionBiasOffset + c] += scale * channelSum;
      }
    }
    return sum * scale;
  }

  @Override
  public int predict(double[] parameters, double[] features) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkFeatures(features, height * width);
    Workspace workspace = new Workspace();
    forward(parameters, features, workspace);
    return SoftmaxCrossEntropy.argMax(workspace.logits);
  }

  /** Returns {@code null} when the sample has h·w finite pixels and a label in [0, classes). */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validateClassification(sample, height * width, classes);
  }

  /** Arrays of one forward pass, allocated per call so that the model stays thread-safe. */
  private final class Workspace {
    /** 9 × S patch matrix, row-major: entry t·S + s is the pixel under kernel entry t at s. */
    final double[] patches = new double[KERNEL_SIZE * positions];

    /** C × S convolution outputs z, row-major. */
    final double[] convolution = new double[channels * positions];

    /** The P pooled features. */
    final double[] pooled = new double[pooledFeatures];

    /** Index into {@link #convolution} of the maximum of each pooling window. */
    final int[] maxPosition = new int[pooledFeatures];

    final double[] logits = new double[classes];
  }

  /** Fills the workspace for image {@code x}: patches, convolution, pooling and output scores. */
  private void forward(double[] parameters, double[] x, Workspace workspace) {
    double[] patches = workspace.patches;
    for (int u = 0; u < KERNEL; u++) {
      for (int v = 0; v < KERNEL; v++) {
        int row = (KERNEL * u + v) * positions;
        for (int r = 0; r < convolutionHeight; r++) {
          System.arraycopy(
              x, (r + u) * width + v, patches, row + r * convolutionWidth, convolutionWidth);
        }
      }
    }

    // z (column-major S x C) = patches (column-major S x 9) · Kᵀ (column-major 9 x C) + β.
    double[] convolution = workspace.convolution;
    for (int c = 0; c < channels; c++) {
      Arrays.fill(
          convolution, c * positions, (c + 1) * positions, parameters[convolutionBiasOffset + c]);
    }
    blas.dgemm(
        "N",
        "N",
        positions,
        channels,
        KERNEL_SIZE,
        1.0,
        patches,
        0,
        positions,
        parameters,
        0,
        KERNEL_SIZE,
        1.0,
        convolution,
        0,
        positions);

    int p = 0;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < pooledHeight; i++) {
        for (int j = 0; j < pooledWidth; j++) {
          int best = c * positions + 2 * i * convolutionWidth + 2 * j;
          for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
              int position = c * positions + (2 * i + a) * convolutionWidth + 2 * j + b;
              if (convolution[position] > convolution[best]) {
                best = position;
              }
            }
          }
          workspace.maxPosition[p] = best;
          workspace.pooled[p] = Math.max(0.0, convolution[best]);
          p++;
        }
      }
    }

    // Row-major W (classes x P) is column-major Wᵀ (P x classes), so W·p is the transposed product.
    System.arraycopy(parameters, denseBiasOffset, workspace.logits, 0, classes);
    blas.dgemv(
        "T",
        pooledFeatures,
        classes,
        1.0,
        parameters,
        denseOffset,
        pooledFeatures,
        workspace.pooled,
        0,
        1,
        1.0,
        workspace.logits,
        0,
        1);
  }
}
