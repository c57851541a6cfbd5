package io.resilientmtl.learning.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.List;

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

  private final DenseReluNetwork network;
  private final String kind;

  /**
   * Creates a network with the given layer sizes: input features, one or more hidden layers, then
   * outputs, such as {@code 3, 8, 1}.
   *
   * @throws IllegalArgumentException if fewer than three sizes are given, a size is below 1, or the
   *     dimension overflows an int
   */
  public MultilayerPerceptronRegressor(int... layerSizes) {
    DenseReluNetwork.checkSizes(layerSizes, "Multilayer perceptron regressor", "3, 8, 1");
    this.network = new DenseReluNetwork(layerSizes, "Multilayer perceptron regressor");
    this.kind = DenseReluNetwork.kind("mlp-regression/", layerSizes);
  }

  /** Returns a copy of the layer sizes, input first and outputs last. */
  public int[] layerSizes() {
    return network.sizes();
  }

  /** Returns the number of input features s_0. */
  public int features() {
    return network.size(0);
  }

  @Override
  public int outputs() {
    return network.size(network.last());
  }

  /** Returns {@code mlp-regression/<s_0>-<s_1>-…-<s_L>}, such as {@code mlp-regression/3-8-1}. */
  @Override
  public String kind() {
    return kind;
  }

  /** Returns Σ_l (s_{l+1}·s_l + s_{l+1}). */
  @Override
  public int dimension() {
    return network.dimension();
  }

  /** Returns the batch mean of ½‖y − ŷ‖². */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    int last = network.last();
    double[][] activations = network.allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, features(), outputs());
      network.forward(parameters, sample.features(), activations);
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
    int last = network.last();
    double[][] activations = network.allocateLayers();
    double[][] deltas = network.allocateLayers();
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, features(), outputs());
      network.forward(parameters, sample.features(), activations);
      // δ_L = ŷ − y is the gradient of ½‖y − ŷ‖² with respect to the linear output.
      double[] residual = deltas[last];
      System.arraycopy(activations[last], 0, residual, 0, outputs());
      blas.daxpy(outputs(), -1.0, sample.targets(), 1, residual, 1);
      sum += 0.5 * blas.ddot(outputs(), residual, 1, residual, 1);
      network.backward(parameters, sample.features(), activations, deltas, scale, gradient);
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
    double[][] activations = network.allocateLayers();
    network.forward(parameters, features, activations);
    System.arraycopy(activations[network.last()], 0, prediction, 0, outputs());
  }

  /** Returns {@code null} when the sample has s_0 finite features and s_L finite targets. */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validate(sample, features(), outputs());
  }
}
