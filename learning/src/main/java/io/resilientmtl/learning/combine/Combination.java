package io.resilientmtl.learning.combine;

import java.util.ArrayList;
import java.util.List;

/**
 * Result of one combine step.
 *
 * @param parameters w_{k,i}, a new array
 * @param outcomes one entry for the agent itself (status SELF) first, then one per in-neighbour in
 *     input order
 */
public record Combination(double[] parameters, List<NeighbourOutcome> outcomes) {

  /**
   * Returns this combination with w_{k,i} = {@code ownPsi}: the agent itself gets weight 1, and
   * every ACCEPTED neighbour becomes FILTERED with weight 0 and keeps its score. Other outcomes are
   * unchanged. Callers use it in rounds in which the agent learns alone but its rule still scores
   * the neighbours, so that the scores are up to date when it starts to cooperate.
   *
   * @param ownPsi the agent's own adapted model psi_{k,i}; it is copied
   */
  public Combination keepingOwnModel(double[] ownPsi) {
    List<NeighbourOutcome> aloneOutcomes = new ArrayList<>(outcomes.size());
    for (NeighbourOutcome outcome : outcomes) {
      aloneOutcomes.add(
          switch (outcome.status()) {
            case SELF ->
                new NeighbourOutcome(
                    outcome.agentId(), NeighbourStatus.SELF, 1.0, outcome.score(), null);
            case ACCEPTED ->
                new NeighbourOutcome(
                    outcome.agentId(), NeighbourStatus.FILTERED, 0.0, outcome.score(), null);
            default -> outcome;
          });
    }
    return new Combination(ownPsi.clone(), List.copyOf(aloneOutcomes));
  }
}
