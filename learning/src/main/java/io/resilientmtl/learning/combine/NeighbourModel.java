package io.resilientmtl.learning.combine;

import java.util.Objects;

/**
 * An in-neighbour's intermediate model psi for the round being combined.
 *
 * @param agentId the neighbour's id
 * @param parameters the neighbour's psi, or {@code null} when it did not arrive this round
 */
public record NeighbourModel(String agentId, double[] parameters) {

  public NeighbourModel {
    Objects.requireNonNull(agentId, "agentId");
  }

  /** Creates the entry of a neighbour whose model did not arrive this round. */
  public static NeighbourModel missing(String agentId) {
    return new NeighbourModel(agentId, null);
  }

  /** Returns whether the model arrived this round. */
  public boolean arrived() {
    return parameters != null;
  }
}
