package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

/** Compares analytic gradients with central differences of the loss, for the model tests. */
final class GradientCheck {

  /** Allowed gap, relative to max(1, |numeric|), between the analytic and numeric gradient. */
  static final double RELATIVE_TOLERANCE = 1e-6;

  private static final double STEP = 1e-5;

  private GradientCheck() {}

  /**
   * Asserts that every gradient entry at {@code parameters} matches (L(w + he_i) − L(w − he_i))/2h.
   */
  static void assertMatchesCentralDifferences(
      Model model, double[] parameters, List<Sample> batch, String trial) {
    double[] gradient = new double[model.dimension()];
    model.lossAndGradient(parameters, batch, gradient);
    for (int i = 0; i < parameters.length; i++) {
      double[] plus = parameters.clone();
      double[] minus = parameters.clone();
      plus[i] += STEP;
      minus[i] -= STEP;
      double numeric = (model.loss(plus, batch) - model.loss(minus, batch)) / (2 * STEP);
      assertThat(gradient[i])
          .as("%s, parameter %d", trial, i)
          .isCloseTo(numeric, within(RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(numeric))));
    }
  }

  static double[] randomVector(SplittableRandom random, int length, double bound) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble(-bound, bound);
    }
    return values;
  }
}
