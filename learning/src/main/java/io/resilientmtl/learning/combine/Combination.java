package io.resilientmtl.learning.combine;

import java.util.List;

/**
 * Result of one combine step.
 *
 * @param parameters w_{k,i}, a new array
 * @param outcomes one entry for the agent itself (status SELF) first, then one per in-neighbour in
 *     input order
 */
public record Combination(double[] parameters, List<NeighbourOutcome> outcomes) {}
