package io.resilientmtl.learning.combine;

/**
 * One in-neighbour's part in a combine step.
 *
 * @param agentId the neighbour's id (or the agent's own id, for {@link NeighbourStatus#SELF})
 * @param status what the step did with the neighbour
 * @param weight the combine weight; 0 unless the status is SELF or ACCEPTED. For the
 *     coordinate-wise rules (median, trimmed mean), the member's share of the kept values averaged
 *     over the coordinates
 * @param score the rule's accumulated score after this round (accumulated loss or distance), or
 *     {@code null} for rules that keep none
 * @param reason why the neighbour was rejected, or {@code null}
 */
public record NeighbourOutcome(
    String agentId, NeighbourStatus status, double weight, Double score, String reason) {}
