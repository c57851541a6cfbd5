package io.resilientmtl.job.attack;

import java.util.SplittableRandom;

/**
 * Publishes parameters drawn uniformly from the box [low, high)^d, with no regard to the honest
 * models.
 *
 * <p>With {@link Draw#CONSTANT} the attacker draws one point from {@link
 * AttackContext#attackerRandom()} and publishes it in every round. With {@link Draw#FRESH} it draws
 * a new point from {@link AttackContext#random()} in each round. Either way parameter p is the p-th
 * draw {@code nextDouble(low, high)} of that generator.
 *
 * @param low lower bound of every parameter, included
 * @param high upper bound of every parameter, excluded
 * @param draw whether the point stays the same in every round or changes
 */
public record BoxAttack(double low, double high, Draw draw) implements Attack {

  /** When the attacker draws its point. */
  public enum Draw {
    /** Once, so the point is the same in every round. */
    CONSTANT,
    /** Every round. */
    FRESH
  }

  /**
   * Creates the attack.
   *
   * @throws IllegalArgumentException unless low and high are finite, low < high and high − low is
   *     finite
   */
  public BoxAttack {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
      throw new IllegalArgumentException(
          "Box bounds must be finite with low < high, got [" + low + ", " + high + ")");
    }
    if (!Double.isFinite(high - low)) {
      // SplittableRandom.nextDouble(origin, bound) rejects ranges whose width overflows.
      throw new IllegalArgumentException("Box [" + low + ", " + high + ") is too wide; narrow it");
    }
    if (draw == null) {
      throw new IllegalArgumentException("draw must be CONSTANT or FRESH, got null");
    }
  }

  @Override
  public double[] model(AttackContext context) {
    SplittableRandom random = draw == Draw.CONSTANT ? context.attackerRandom() : context.random();
    double[] parameters = new double[context.dimension()];
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] = random.nextDouble(low, high);
    }
    return parameters;
  }
}
