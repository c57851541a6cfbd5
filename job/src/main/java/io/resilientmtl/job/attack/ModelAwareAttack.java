package io.resilientmtl.job.attack;

import java.util.Arrays;
import java.util.Objects;

/**
 * Publishes a model close to the honest mean, moved towards a target model the attacker chose, so
 * that the victims keep accepting it while it pulls them towards the target.
 *
 * <p>With m the honest mean ({@link AttackContext#honestMean()}) and t the target, the attacker
 * publishes m + s·(t − m), where s depends on the {@link Shift}:
 *
 * <ul>
 *   <li>{@link Shift#FRACTION}: s = α, a fixed fraction of the remaining distance;
 *   <li>{@link Shift#BOUNDED_STEP}: s = min(1, δ / ‖t − m‖), a step of Euclidean length at most δ
 *       that stops at t; s = 0 when m = t.
 * </ul>
 *
 * <p>If the victims accept the model, their next models move towards it, so the next honest mean is
 * nearer to t, and the published model follows it. The attack keeps no state between rounds, so it
 * does not depend on the order of the calls, and uses no randomness.
 *
 * <p>Limits of the attacker: it reads the victims' honest in-neighbours' latest published models,
 * but never the victims' data. So it cannot evaluate the losses by which the loss-based rule weighs
 * neighbours, nor check that a victim accepts its model. It only bets that a model near the mean of
 * honest neighbours fits a victim about as well as the victim's own model. That bet fails when the
 * victims' neighbours learn other tasks, so that their mean fits no victim. Before any honest model
 * is known the mean is the zero vector, and the attacker publishes s·t.
 */
public final class ModelAwareAttack implements Attack {

  /** How far the published model is moved from the honest mean towards the target. */
  public enum Shift {
    /** A fixed fraction α in (0, 1] of the distance to the target. */
    FRACTION,
    /** A step of at most δ > 0 in Euclidean norm, never past the target. */
    BOUNDED_STEP
  }

  private final double[] target;
  private final Shift shift;
  private final double amount;

  /**
   * Creates the attack; {@code target} is copied.
   *
   * @param target the model t the attacker pulls the victims towards
   * @param shift how {@code amount} is read
   * @param amount α in (0, 1] for {@link Shift#FRACTION}, δ > 0 and finite for {@link
   *     Shift#BOUNDED_STEP}
   * @throws IllegalArgumentException if the target is empty or not finite, or the amount is out of
   *     range
   */
  public ModelAwareAttack(double[] target, Shift shift, double amount) {
    Objects.requireNonNull(shift, "shift");
    if (target.length == 0) {
      throw new IllegalArgumentException("Target model needs at least one parameter");
    }
    for (int p = 0; p < target.length; p++) {
      if (!Double.isFinite(target[p])) {
        throw new IllegalArgumentException(
            "Parameter "
                + p
                + " of the target model is "
                + target[p]
                + ", expected a finite value");
      }
    }
    if (shift == Shift.FRACTION && !(amount > 0 && amount <= 1)) {
      throw new IllegalArgumentException("Fraction α must be in (0, 1], got " + amount);
    }
    if (shift == Shift.BOUNDED_STEP && (!(amount > 0) || Double.isInfinite(amount))) {
      throw new IllegalArgumentException(
          "Maximum step δ must be positive and finite, got " + amount);
    }
    this.target = target.clone();
    this.shift = shift;
    this.amount = amount;
  }

  /** Creates the attack that moves the fraction α of the way from the honest mean to the target. */
  public static ModelAwareAttack fraction(double[] target, double alpha) {
    return new ModelAwareAttack(target, Shift.FRACTION, alpha);
  }

  /** Creates the attack that moves at most δ from the honest mean towards the target. */
  public static ModelAwareAttack boundedStep(double[] target, double maxStep) {
    return new ModelAwareAttack(target, Shift.BOUNDED_STEP, maxStep);
  }

  /** Returns a copy of the target model. */
  public double[] target() {
    return target.clone();
  }

  /** Returns how the amount is read. */
  public Shift shift() {
    return shift;
  }

  /** Returns α for {@link Shift#FRACTION} or δ for {@link Shift#BOUNDED_STEP}. */
  public double amount() {
    return amount;
  }

  @Override
  public double[] model(AttackContext context) {
    checkDimension(context.dimension());
    double[] parameters = context.honestMean();
    double[] towardsTarget = new double[target.length];
    double squaredDistance = 0;
    for (int p = 0; p < target.length; p++) {
      towardsTarget[p] = target[p] - parameters[p];
      squaredDistance += towardsTarget[p] * towardsTarget[p];
    }
    double step = stepFraction(Math.sqrt(squaredDistance));
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] += step * towardsTarget[p];
    }
    return parameters;
  }

  private double stepFraction(double distance) {
    if (shift == Shift.FRACTION) {
      return amount;
    }
    if (distance == 0) {
      return 0;
    }
    return Math.min(1, amount / distance);
  }

  @Override
  public void checkDimension(int dimension) {
    if (dimension != target.length) {
      throw new IllegalArgumentException(
          "Target model has "
              + target.length
              + " parameters, but the scenario's model has dimension "
              + dimension);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelAwareAttack that
        && shift == that.shift
        && Double.compare(amount, that.amount) == 0
        && Arrays.equals(target, that.target);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(target), shift, amount);
  }

  @Override
  public String toString() {
    return "ModelAwareAttack{target="
        + Arrays.toString(target)
        + ", shift="
        + shift
        + ", amount="
        + amount
        + '}';
  }
}
