package io.resilientmtl.job.attack;

/**
 * The behaviour of a Byzantine agent: the parameters it publishes in each round.
 *
 * <p>Implementations must be immutable and deterministic: {@link #model} depends only on the
 * context, and random draws come from {@link AttackContext#random()} or {@link
 * AttackContext#attackerRandom()}. A plan shares one instance between attackers and calls it for
 * rounds in any order.
 *
 * <p>{@link AttackSpec#parse} builds the attacks of this package from a compact string.
 */
public interface Attack {

  /**
   * Returns the parameters the attacker publishes in the context's round, as a new array of length
   * {@link AttackContext#dimension()}, or {@code null} when it stays silent.
   *
   * @throws IllegalArgumentException if the attack does not fit the context, such as a fixed model
   *     of another dimension
   */
  double[] model(AttackContext context);

  /**
   * Returns whether {@link #model} returns {@code null} for this context. Implementations decide
   * from the attacker id, the round and the seeds only, never from victims or honest models, so
   * that callers can ask before the honest models of the round are known. Defaults to {@code
   * false}, for attacks that always publish.
   */
  default boolean isSilent(AttackContext context) {
    return false;
  }

  /**
   * Checks that the attack can publish models of {@code dimension} parameters. Defaults to
   * accepting every dimension.
   *
   * @throws IllegalArgumentException if it cannot, such as a fixed model of another length
   */
  default void checkDimension(int dimension) {}
}
