package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fully connected network with ReLU hidden layers and a softmax output, trained with the
 * cross-entropy loss.
 *
 * <p>Layer sizes s_0, s_1, …, s_L give s_0 input features, L − 1 hidden layers and s_L classes.
 * Layer l (from 0 to L − 1) maps a_l to z_{l+1} = W_l·a_l + b_l, with W_l of s_{l+1} × s_l, and
 * a_{l+1} = max(0, z_{l+1}) for hidden layers. The output scores are z_L, the class probabilities
 * softmax(z_L), and the loss of a sample with label y is −log softmax(z_L)_y, computed with a
 * log-sum-exp that subtracts max(z_L) first.
 *
 * <p>The parameter vector is the layers in order, each as W_l row-major followed by b_l: entry
 * {@code offset_l + j * s_l + i} is W_l[j][i], and entry {@code offset_l + s_{l+1} * s_l + j} is
 * b_l[j], where offset_l is the total size of the layers before l. The dimension is Σ_l
 * (s_{l+1}·s_l + s_{l+1}).
 *
 * <p>Backpropagation runs per sample with BLAS dgemv (forward products and Wᵀ·δ) and dger (weight
 * gradients). The ReLU derivative at 0 is taken as 0, so an all-zero start has zero hidden
 * activations and zero gradients for every weight, and only the output biases learn. Start from
 * random parameters instead, such as {@link ParameterInitializer#normal} with a standard deviation
 * near √(2 / s_0) (He initialization of the first layer).
 *
 * <p>Cost per sample: Σ_l s_{l+1}·s_l multiply-adds for the loss. The loss and gradient cost 3·Σ_l
 * s_{l+1}·s_l − s_1·s_0: the forward pass, the weight gradients, and W_lᵀ·δ for every layer but the
 * first, because no gradient with respect to the input is needed. For 784-64-10 that is 50,816 and
 * 102,272. One run of {@code ModelCostBenchmark} in the test sources, on mini-batches of 32 with
 * JDK 17.0.15 on a 2-core AMD EPYC virtual machine, measured per sample 15 µs for the loss and 37
 * µs for the loss and gradient with netlib's pure-Java F2jBLAS fallback, and 5 µs and 13 µs with
 * its VectorBLAS (JVM flag {@code --add-modules jdk.incubator.vector}).
 */
public final class MultilayerPerceptron implements Classifier {

  private static final BLAS blas = BLAS.getInstance();

  private final int[] sizes;
  private final int[] offsets;
  private final int dimension;
  private final String kind;

  /**
   * Creates a network with the given layer sizes: input features, one or more hidden layers, then
   * classes, such as {@code 784, 64, 10}.
   *
   * @throws IllegalArgumentException if fewer than three sizes are given, a size is below 1, the
   *     class count is below 2, or the dimension overflows an int
   */
  public MultilayerPerceptron(int... layerSizes) {
    if (layerSizes.length < 3) {
      throw new IllegalArgumentException(
          "Multilayer perceptron needs the sizes of the input, at least one hidden layer and the"
              + " output, got "
              + Arrays.toString(layerSizes)
              + "; pass sizes such as 784, 64, 10");
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
    int classes = layerSizes[layerSizes.length - 1];
    if (classes < 2) {
      throw new IllegalArgumentException(
          "Number of classes (the last layer size) must be >= 2, got "
              + classes
              + "; pass the number of distinct labels");
    }
    this.sizes = layerSizes.clone();
    this.offsets = new int[sizes.length];
    long total = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      offsets[l] = (int) total;
      total += ModelChecks.denseLayerSize(sizes[l], sizes[l + 1]);
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Multilayer perceptron "
                + Arrays.toString(layerSizes)
                + " has "
                + total
                + " parameters, more than an int can index; use smaller layers");
      }
    }
    offsets[sizes.length - 1] = (int) total;
    this.dimension = (int) total;
    this.kind =
        "mlp/" + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
  }

  /** Returns a copy of the layer sizes, input first and classes last. */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** Returns the number of input features s_0. */
  public int features() {
    return sizes[0];
  }

  @Override
  public int classes() {
    return sizes[sizes.length - 1];
  }

  /** Returns {@code mlp/<s_0>-<s_1>-…-<s_L>}, such as {@code mlp/784-64-10}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns Σ_l (s_{l+1}·s_l + s_{l+1}). */
  @Override
  public int dimension() {
    return dimension;
  }

  /** Returns the batch mean of the cross-entropy −log softmax(z_L)_y. */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double[][] activations = allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, features(), classes());
      forward(parameters, sample.features(), activations);
      sum += SoftmaxCrossEntropy.loss(activations[sizes.length - 1], sample.label());
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
      ModelChecks.checkLabelledShape(this, sample, features(), classes());
      forward(parameters, sample.features(), activations);
      sum += SoftmaxCrossEntropy.lossAndDelta(activations[last], sample.label(), deltas[last]);
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
  public int predict(double[] parameters, double[] features) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkFeatures(features, features());
    double[][] activations = allocateLayers();
    forward(parameters, features, activations);
    return SoftmaxCrossEntropy.argMax(activations[sizes.length - 1]);
  }

  /** Returns {@code null} when the sample has s_0 finite features and a label in [0, s_L). */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validateClassification(sample, features(), classes());
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

  /** Writes a_1, …, a_{L−1} and the output scores z_L into {@code activations}. */
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
