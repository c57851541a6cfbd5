package io.resilientmtl.learning.optim;

import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.List;

/** The adapt step of diffusion learning: an agent's local gradient steps on its own batch. */
public final class LocalUpdate {

  private LocalUpdate() {}

  /**
   * Computes psi_{k,i} from w_{k,i−1} by {@code steps} passes of {@code optimizer} over {@code
   * batch}, with the training loss of {@code model}.
   *
   * <p>Each pass walks the batch in order in consecutive mini-batches of {@code miniBatchSize}
   * samples, the last one shorter when the size does not divide the batch, and takes one optimizer
   * step on the mean gradient of each mini-batch. A pass over b samples therefore takes ⌈b /
   * miniBatchSize⌉ steps, or one step when {@code miniBatchSize} is 0 or at least b.
   *
   * @param w w_{k,i−1}; not modified
   * @param batch B_{k,i}; when empty, psi is a copy of w and the state is not touched, because
   *     there is no gradient to follow
   * @param steps number of passes over the batch, >= 1
   * @param miniBatchSize samples per optimizer step, >= 0; 0 takes the whole batch as one
   *     mini-batch
   * @param optimizerState the agent's optimizer state, of length {@code
   *     optimizer.stateSize(model.dimension())}; updated in place
   * @return psi_{k,i} as a new array
   * @throws IllegalArgumentException if {@code steps} < 1, {@code miniBatchSize} < 0, or {@code w}
   *     or {@code optimizerState} has the wrong length
   */
  public static double[] adapt(
      Model model,
      Optimizer optimizer,
      double[] w,
      List<Sample> batch,
      int steps,
      int miniBatchSize,
      double[] optimizerState) {
    if (steps < 1) {
      throw new IllegalArgumentException(
          "Number of local steps must be >= 1, got " + steps + "; use 1 for one step per round");
    }
    if (miniBatchSize < 0) {
      throw new IllegalArgumentException(
          "Mini-batch size must be >= 0, got "
              + miniBatchSize
              + "; use 0 to take the whole batch as one mini-batch");
    }
    checkParameters(model, w);
    int stateSize = optimizer.stateSize(model.dimension());
    if (optimizerState.length != stateSize) {
      throw new IllegalArgumentException(
          "Optimizer state has length "
              + optimizerState.length
              + ", expected "
              + stateSize
              + " for "
              + optimizer
              + " and model "
              + model.kind()
              + "; allocate new double[optimizer.stateSize(model.dimension())] per agent");
    }

    double[] psi = w.clone();
    if (batch.isEmpty()) {
      return psi;
    }
    int size = miniBatchSize == 0 ? batch.size() : Math.min(miniBatchSize, batch.size());
    double[] gradient = new double[psi.length];
    for (int step = 0; step < steps; step++) {
      for (int start = 0; start < batch.size(); start += size) {
        List<Sample> miniBatch = batch.subList(start, Math.min(start + size, batch.size()));
        model.lossAndGradient(psi, miniBatch, gradient);
        optimizer.step(psi, gradient, optimizerState);
      }
    }
    return psi;
  }

  /**
   * Computes psi_{k,i} from w_{k,i−1} by {@code steps} full-batch gradient steps of an optimizer
   * without state, such as {@link Sgd}. Equal to the seven-argument {@code adapt} with mini-batch
   * size 0 and an empty state.
   *
   * @param w w_{k,i−1}; not modified
   * @param batch B_{k,i}; when empty, psi is a copy of w because there is no gradient to follow
   * @param steps number of gradient steps, >= 1
   * @return psi_{k,i} as a new array
   * @throws IllegalArgumentException if {@code steps} < 1, {@code w} does not have the model's
   *     dimension, or the optimizer keeps state
   */
  public static double[] adapt(
      Model model, Optimizer optimizer, double[] w, List<Sample> batch, int steps) {
    int stateSize = optimizer.stateSize(model.dimension());
    if (stateSize != 0) {
      throw new IllegalArgumentException(
          optimizer
              + " keeps "
              + stateSize
              + " state values per agent for model "
              + model.kind()
              + "; call the adapt overload that takes the optimizer state");
    }
    return adapt(model, optimizer, w, batch, steps, 0, new double[0]);
  }

  private static void checkParameters(Model model, double[] w) {
    if (w.length != model.dimension()) {
      throw new IllegalArgumentException(
          "Parameter vector has length "
              + w.length
              + ", expected "
              + model.dimension()
              + " for model "
              + model.kind());
    }
  }
}
