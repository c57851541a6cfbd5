package io.resilientmtl.learning.combine;

import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.List;
import java.util.Objects;

/**
 * Inputs of agent k's combine step of round i.
 *
 * @param agentId k
 * @param ownPsi psi_{k,i}, k's model after its local step of round i
 * @param previous w_{k,i-1}, k's combined model of the previous round (the start of the local step)
 * @param neighbours every in-neighbour other than k, each with its psi_{l,i} or missing; rules
 *     process them in the given order, so callers sort them for reproducible sums
 * @param batch the samples of k on which rules score models: B_{k,i}, k's own samples of round i,
 *     or k's samples of a window of rounds ending with round i, oldest first; may be empty
 * @param model the model family, which evaluates losses on {@code batch}
 */
public record CombineInput(
    String agentId,
    double[] ownPsi,
    double[] previous,
    List<NeighbourModel> neighbours,
    List<Sample> batch,
    Model model) {

  public CombineInput {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(ownPsi, "ownPsi");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(neighbours, "neighbours");
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(model, "model");
  }
}
