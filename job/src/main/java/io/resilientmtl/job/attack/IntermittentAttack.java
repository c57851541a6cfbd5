package io.resilientmtl.job.attack;

import java.util.Objects;

/**
 * Stays silent in a round with probability p, and otherwise publishes what another attack
 * publishes.
 *
 * <p>The attacker is silent in a round when the first {@code nextDouble()} of {@link
 * AttackContext#random()} is below p. In the other rounds it returns {@code active.model} of the
 * context {@link AttackContext#derive derived} with key 1, so the coin and the active attack draw
 * from independent streams. It is also silent whenever the active attack is.
 *
 * @param probability probability p of silence in each round, in [0, 1]
 * @param active the attack used in the rounds the attacker publishes
 */
public record IntermittentAttack(double probability, Attack active) implements Attack {

  /** Key that separates the active attack's draws from the coin. */
  private static final long ACTIVE_KEY = 1;

  /**
   * Creates the attack.
   *
   * @throws IllegalArgumentException unless the probability is in [0, 1]
   */
  public IntermittentAttack {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "Silence probability must be in [0, 1], got " + probability);
    }
    Objects.requireNonNull(active, "active");
  }

  /**
   * Creates the attack that, when it publishes, copies the honest mean: {@link PerturbationAttack}
   * with σ = 0.
   */
  public static IntermittentAttack copyingHonestMean(double probability) {
    return new IntermittentAttack(probability, new PerturbationAttack(0));
  }

  @Override
  public double[] model(AttackContext context) {
    if (drawsSilence(context)) {
      return null;
    }
    return active.model(context.derive(ACTIVE_KEY));
  }

  @Override
  public boolean isSilent(AttackContext context) {
    return drawsSilence(context) || active.isSilent(context.derive(ACTIVE_KEY));
  }

  @Override
  public void checkDimension(int dimension) {
    active.checkDimension(dimension);
  }

  private boolean drawsSilence(AttackContext context) {
    return context.random().nextDouble() < probability;
  }
}
