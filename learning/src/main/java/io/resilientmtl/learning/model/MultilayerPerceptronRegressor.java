package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fully connected network with ReLU hidden layers and a linear output, trained with the squared
 * loss: the nonlinear counterpart of {@link LinearRegression}.
 *
 * <p>Layer sizes s_0, s_1, …, s_L give s_0 input features, L − 1 hidden layers and s_L outputs.
 * Layer l (from 0 to L − 1) maps a_l to z_{l+1} = W_l·a_l + b_l, with W_l of s_{l+1} × s_l and a_0
 * = x, and a_{l+1} = max(0, z_{l+1}) for hidden layers. The prediction is ŷ = z_L, without an
 * activation. The loss of a sample (x, y) is ½‖y − ŷ‖², the convention of {@link LinearRegression},
 * so the losses of the two models are on the same scale and a combine rule weighs them alike.
 *
 * <p>The parameter vector is the layers in order, each as W_l row-major followed by b_l: entry
 * {@code offset_l + j * s_l + i} is W_l[j][i], and entry {@code offset_l + s_{l+1} * s_l + j} is
 * b_l[j], where offset_l is the total size of the layers before l. The dimension is Σ_l
 * (s_{l+1}·s_l + s_{l+1}), such as 41 for 3-8-1.
 *
 * <p>Backpropagation starts from δ_L = ŷ − y and runs per sample with BLAS dgemv (forward products
 * and W_lᵀ·δ_{l+1}) and dger (weight gradients). The ReLU derivative at 0 is taken as 0, so an
 * all-zero start has zero hidden activations and zero gradients for every weight, and only the
 * output biases learn. Start from random parameters instead, such as {@link
 * ParameterInitializer#normal} with a standard deviation near √(2 / s_0).
 *
 * <p>Cost per sample: Σ_l s_{l+1}·s_l multiply-adds for the loss, and 3·Σ_l s_{l+1}·s_l − s_1·s_0
 * for the loss and gradient (the forward pass, the weight gradients, and W_lᵀ·δ for every layer but
 * the first). For 3-8-1 that is 32 and 72.
 */
public final class MultilayerPerceptronRegressor implements Regressor {

  private static final BLAS blas = BLAS.getInstance();

  private final int[] sizes;
  private final int[] offsets;
  private final int dimension;
  private final String kind;

  /**
   * Creates a network with the given layer sizes: input features, one or more hidden layers, then
   * outputs, such as {@code 3, 8, 1}.
   *
   * @throws IllegalArgumentException if fewer than three sizes are given, a size is below 1, or the
   *     dimension overflows an int
   */
  public MultilayerPerceptronRegressor(int... layerSizes) {
    if (layerSizes.length < 3) {
      throw new IllegalArgumentException(
          "Multilayer perceptron regressor needs the sizes of the input, at least one hidden layer"
              + " and the output, got "
              + Arrays.toString(layerSizes)
              + "; pass sizes such as 3, 8, 1");
    }
    for (int l = 0; l < layerSizes.length; l++) {
      if (layerSizes[l] < 1) {
        throw new IllegalArgumentException(
            "Layer size "
                + l
                + " must be >= 1, got "
                + layerSizes[l]
                + " in "
                + Arrays.toString(layerSizes));
      }
    }
    this.sizes = layerSizes.clone();
    this.offsets = new int[sizes.length];
    long total = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      offsets[l] = (int) total;
      total += ModelChecks.denseLayerSize(sizes[l], sizes[l + 1]);
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Multilayer perceptron regressor "
                + Arrays.toString(layerSizes)
                + " has "
                + total
                + " parameters, more than an int can index; use smaller layers");
      }
    }
    offsets[sizes.length - 1] = (int) total;
    this.dimension = (int) total;
    this.kind =
        "mlp-regression/"
            + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
  }

  /** Returns a copy of the layer sizes, input first and outputs last. */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** Returns the number of input features s_0. */
  public int features() {
    return sizes[0];
  }

  @Override
  public int outputs() {
    return sizes[sizes.length - 1];
  }

  /** Returns {@code mlp-regression/<s_0>-<s_1>-…-<s_L>}, such as {@code mlp-regression/3-8-1}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns Σ_l (s_{l+1}·s_l + s_{l+1}). */
  @Override
  public int dimension() {
    return dimension;
  }

  /** Returns the batch mean of ½‖y − ŷ‖². */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    int last = sizes.length - 1;
    double[][] activations = allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, features(), outputs());
      forward(parameters, sample.features(), activations);
      double[] residual = activations[last];
      blas.daxpy(outputs(), -1.0, sample.targets(), 1, residual, 1);
      sum += 0.5 * blas.ddot(outputs(), residual, 1, residual, 1);
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
    int last = sizes.length - 1;
    double[][] activations = allocateLayers();
    double[][] deltas = allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, features(), outputs());
      forward(parameters, sample.features(), activations);
      // δ_L = ŷ − y is the gradient of ½‖y − ŷ‖² with respect to the linear output.
      double[] residual = deltas[last];
      System.arraycopy(activations[last], 0, residual, 0, outputs());
      blas.daxpy(outputs(), -1.0, sample.targets(), 1, residual, 1);
      sum += 0.5 * blas.ddot(outputs(), residual, 1, residual, 1);
      for (int l = last - 1; l >= 0; l--) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] input = l == 0 ? sample.features() : activations[l];
        // Row-major W_l (out x in) is column-major W_lᵀ (in x out) with leading dimension in, so
        // the rank-1 update of W_lᵀ by a_l·δᵀ adds δ·a_lᵀ to W_l.
        blas.dger(in, out, scale, input, 0, 1, deltas[l + 1], 0, 1, gradient, offsets[l], in);
        blas.daxpy(out, scale, deltas[l + 1], 0, 1, gradient, offsets[l] + out * in, 1);
        if (l > 0) {
          // δ_l = (W_lᵀ·δ_{l+1}) ⊙ ReLU'(z_l), with ReLU'(z) = 1 exactly where a_l = z > 0.
          blas.dgemv(
              "N",
              in,
              out,
              1.0,
              parameters,
              offsets[l],
              in,
              deltas[l + 1],
              0,
              1,
              0.0,
              deltas[l],
              0,
              1);
          double[] activation = activations[l];
          double[] delta = deltas[l];
          for (int i = 0; i < in; i++) {
            if (!(activation[i] > 0.0)) {
              delta[i] = 0.0;
            }
          }
        }
      }
    }
    return sum * scale;
  }

  @Override
  public void predict(double[] parameters, double[] features, double[] prediction) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkFeatures(features, features());
    if (prediction.length != outputs()) {
      throw new IllegalArgumentException(
          "Prediction array has length " + prediction.length + ", expected " + outputs());
    }
    double[][] activations = allocateLayers();
    forward(parameters, features, activations);
    System.arraycopy(activations[sizes.length - 1], 0, prediction, 0, outputs());
  }

  /** Returns {@code null} when the sample has s_0 finite features and s_L finite targets. */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validate(sample, features(), outputs());
  }

  /**
   * Returns one array per layer 1 to L, at the index of the layer. Index 0 stays {@code null}
   * because the input is the sample's own feature array.
   */
  private double[][] allocateLayers() {
    double[][] layers = new double[sizes.length][];
    for (int l = 1; l < sizes.length; l++) {
      layers[l] = new double[sizes[l]];
    }
    return layers;
  }

  /** Writes a_1, …, a_{L−1} and the prediction z_L into {@code activations}. */
  private void forward(double[] parameters, double[] x, double[][] activations) {
    int last = sizes.length - 1;
    for (int l = 0; l < last; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] input = l == 0 ? x : activations[l];
      double[] output = activations[l + 1];
      System.arraycopy(parameters, offsets[l] + out * in, output, 0, out);
      // Row-major W_l (out x in) is column-major W_lᵀ (in x out), so W_l·a_l is the transposed
      // product.
      blas.dgemv("T", in, out, 1.0, parameters, offsets[l], in, input, 0, 1, 1.0, output, 0, 1);
      if (l + 1 < last) {
        for (int j = 0; j < out; j++) {
          output[j] = Math.max(0.0, output[j]);
        }
      }
    }
  }
}
