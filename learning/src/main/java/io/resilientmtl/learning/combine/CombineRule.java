package io.resilientmtl.learning.combine;

import java.util.Map;

/**
 * The combine step of one agent and round: w_{k,i} from the agent's own psi_{k,i} and its
 * in-neighbours' psi_{l,i}. Most rules take a weighted sum w_{k,i} = Σ_l a_{lk,i}·psi_{l,i}, but
 * the coordinate-wise rules (median, trimmed mean) combine each coordinate separately.
 *
 * <p>Rules are stateless; what a rule accumulates across rounds (per-neighbour losses or distances)
 * lives in the {@code scores} map that the caller keeps per agent, so a stream processor can hold
 * it in keyed state. Every rule rejects neighbour models of the wrong dimension or with non-finite
 * values before weighing them, and excludes neighbours that did not arrive.
 */
public interface CombineRule {

  /** Returns the rule's configuration name, such as {@code loss-based}. */
  String name();

  /**
   * Combines one round.
   *
   * @param input the agent's own models, batch and neighbours' models
   * @param scores accumulated score per agent id (the agent's own id included), read and updated in
   *     place; empty on the agent's first round
   */
  Combination combine(CombineInput input, Map<String, Double> scores);

  /**
   * Checks that the rule's parameters suit an agent with {@code inNeighbours} in-neighbours, so a
   * job can reject a bad configuration at start-up instead of in some later round. The default does
   * nothing. Rules with a bound F on the Byzantine in-neighbours override it, and those also reject
   * a negative {@code inNeighbours}.
   *
   * @throws IllegalArgumentException if F is too large for that many in-neighbours; the message
   *     names F, the neighbourhood size and the limit
   */
  default void validateNeighbourhood(int inNeighbours) {}
}
