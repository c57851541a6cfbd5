package io.resilientmtl.learning.combine;

import java.util.Map;

/**
 * The combine step of one agent and round: w_{k,i} = sum over l of a_{lk,i} * psi_{l,i}.
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
}
