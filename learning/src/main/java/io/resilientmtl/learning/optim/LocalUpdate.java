package io.resilientmtl.learning.optim;

import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.List;

/** The adapt step of diffusion learning: an agent's local gradient steps on its own batch. */
public final class LocalUpdate {

  private LocalUpdate() {}

  /**
   * Computes psi_{k,i} from w_{k,i−1} by {@code steps} full-batch gradient steps of {@code
   * optimizer} on the training loss of {@code model} over {@code batch}.
   *
   * @param w w_{k,i−1}; not modified
   * @param batch B_{k,i}; when empty, psi is a copy of w because there is no gradient to follow
   * @param steps number of gradient steps, >= 1
   * @return psi_{k,i} as a new array
   * @throws IllegalArgumentException if {@code steps} < 1 or {@code w} does not have the model's
   *     dimension
   */
  public static double[] adapt(
      Model model, Optimizer optimizer, double[] w, List<Sample> batch, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException(
          "Number of local steps must be >= 1, got " + steps + "; use 1 for one step per round");
    }
    if (w.length != model.dimension()) {
      throw new IllegalArgumentException(
          "Parameter vector has length "
              + w.length
              + ", expected "
              + model.dimension()
              + " for model "
              + model.kind());
    }
    double[] psi = w.clone();
    if (batch.isEmpty()) {
      return psi;
    }
    double[] gradient = new double[psi.length];
    for (int step = 0; step < steps; step++) {
      model.lossAndGradient(psi, batch, gradient);
      optimizer.step(psi, gradient);
    }
    return psi;
  }
}
