package io.resilientmtl.learning.model;

import java.util.Arrays;
import java.util.List;

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

  private final DenseReluNetwork network;
  private final String kind;

  /**
   * Creates a network with the given layer sizes: input features, one or more hidden layers, then
   * classes, such as {@code 784, 64, 10}.
   *
   * @throws IllegalArgumentException if fewer than three sizes are given, a size is below 1, the
   *     class count is below 2, or the dimension overflows an int
   */
  public MultilayerPerceptron(int... layerSizes) {
    DenseReluNetwork.checkSizes(layerSizes, "Multilayer perceptron", "784, 64, 10");
    int classes = layerSizes[layerSizes.length - 1];
    if (classes < 2) {
      throw new IllegalArgumentException(
          "Number of classes (the last layer size) must be >= 2, got "
              + classes
              + "; pass the number of distinct labels");
    }
    this.network = new DenseReluNetwork(layerSizes, "Multilayer perceptron");
    this.kind = DenseReluNetwork.kind("mlp/", layerSizes);
  }

  /** Returns a copy of the layer sizes, input first and classes last. */
  public int[] layerSizes() {
    return network.sizes();
  }

  /** Returns the number of input features s_0. */
  public int features() {
    return network.size(0);
  }

  @Override
  public int classes() {
    return network.size(network.last());
  }

  /** Returns {@code mlp/<s_0>-<s_1>-…-<s_L>}, such as {@code mlp/784-64-10}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns Σ_l (s_{l+1}·s_l + s_{l+1}). */
  @Override
  public int dimension() {
    return network.dimension();
  }

  /** Returns the batch mean of the cross-entropy −log softmax(z_L)_y. */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double[][] activations = network.allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, features(), classes());
      network.forward(parameters, sample.features(), activations);
      sum += SoftmaxCrossEntropy.loss(activations[network.last()], sample.label());
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
    int last = network.last();
    double[][] activations = network.allocateLayers();
    double[][] deltas = network.allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkLabelledShape(this, sample, features(), classes());
      network.forward(parameters, sample.features(), activations);
      sum += SoftmaxCrossEntropy.lossAndDelta(activations[last], sample.label(), deltas[last]);
      network.backward(parameters, sample.features(), activations, deltas, scale, gradient);
    }
    return sum * scale;
  }

  @Override
  public int predict(double[] parameters, double[] features) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkFeatures(features, features());
    double[][] activations = network.allocateLayers();
    network.forward(parameters, features, activations);
    return SoftmaxCrossEntropy.argMax(activations[network.last()]);
  }

  /** Returns {@code null} when the sample has s_0 finite features and a label in [0, s_L). */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validateClassification(sample, features(), classes());
  }
}
