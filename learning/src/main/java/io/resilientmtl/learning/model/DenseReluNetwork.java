package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fully connected ReLU layers shared by {@link MultilayerPerceptron} and {@link
 * MultilayerPerceptronRegressor}: the parameter layout, the forward pass and backpropagation. The
 * owners add the output loss.
 *
 * <p>Layer l (from 0 to L − 1) maps a_l to z_{l+1} = W_l·a_l + b_l, with a_0 = x and a_{l+1} =
 * max(0, z_{l+1}) for hidden layers; the output z_L has no activation. The parameters hold the
 * layers in order, each as W_l row-major (s_{l+1} × s_l) followed by b_l.
 */
final class DenseReluNetwork {

  private static final BLAS blas = BLAS.getInstance();

  private final int[] sizes;
  private final int[] offsets;
  private final int dimension;

  /**
   * Lays out the parameters of layers with the given sizes, which the caller has checked (at least
   * three, each at least 1).
   *
   * @param owner the model's name for the error message, such as "Multilayer perceptron"
   * @throws IllegalArgumentException if the dimension overflows an int
   */
  DenseReluNetwork(int[] layerSizes, String owner) {
    this.sizes = layerSizes.clone();
    this.offsets = new int[sizes.length];
    long total = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      offsets[l] = (int) total;
      total += ModelChecks.denseLayerSize(sizes[l], sizes[l + 1]);
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            owner
                + " "
                + Arrays.toString(layerSizes)
                + " has "
                + total
                + " parameters, more than an int can index; use smaller layers");
      }
    }
    offsets[sizes.length - 1] = (int) total;
    this.dimension = (int) total;
  }

  /**
   * Checks the layer sizes of a network: at least three (input, a hidden layer, output), each at
   * least 1.
   *
   * @param owner the model's name for the error message, such as "Multilayer perceptron"
   * @param example valid sizes for the message, such as "784, 64, 10"
   * @throws IllegalArgumentException naming the first problem
   */
  static void checkSizes(int[] layerSizes, String owner, String example) {
    if (layerSizes.length < 3) {
      throw new IllegalArgumentException(
          owner
              + " needs the sizes of the input, at least one hidden layer and the output, got "
              + Arrays.toString(layerSizes)
              + "; pass sizes such as "
              + example);
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
  }

  /** Returns {@code prefix} followed by the sizes joined with dashes, such as {@code mlp/3-8-1}. */
  static String kind(String prefix, int[] layerSizes) {
    return prefix
        + Arrays.stream(layerSizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
  }

  int[] sizes() {
    return sizes.clone();
  }

  int size(int layer) {
    return sizes[layer];
  }

  /** Returns L, the index of the output layer. */
  int last() {
    return sizes.length - 1;
  }

  int dimension() {
    return dimension;
  }

  /**
   * Returns one array per layer 1 to L, at the index of the layer. Index 0 stays {@code null}
   * because the input is the sample's own feature array.
   */
  double[][] allocateLayers() {
    double[][] layers = new double[sizes.length][];
    for (int l = 1; l < sizes.length; l++) {
      layers[l] = new double[sizes[l]];
    }
    return layers;
  }

  /** Writes a_1, …, a_{L−1} and the output z_L into {@code activations}. */
  void forward(double[] parameters, double[] x, double[][] activations) {
    int last = last();
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

  /**
   * Adds {@code scale} times the gradient of one sample's loss to {@code gradient}, given the
   * activations of {@link #forward} and δ_L, the loss gradient with respect to z_L, in {@code
   * deltas[L]}. Overwrites δ_1, …, δ_{L−1}.
   */
  void backward(
      double[] parameters,
      double[] x,
      double[][] activations,
      double[][] deltas,
      double scale,
      double[] gradient) {
    for (int l = last() - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] input = l == 0 ? x : activations[l];
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
}
