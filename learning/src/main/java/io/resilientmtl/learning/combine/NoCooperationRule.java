package io.resilientmtl.learning.combine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline without cooperation: w_{k,i} = psi_{k,i}.
 *
 * <p>Valid neighbours are FILTERED with weight 0, so the outcomes still show who arrived. The rule
 * keeps no scores and leaves the scores map untouched.
 */
public final class NoCooperationRule extends AbstractCombineRule {

  /** Configuration name of this rule. */
  public static final String NAME = "no-cooperation";

  /** Creates the rule; it has no parameters. */
  public NoCooperationRule() {
    super(false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    List<NeighbourOutcome> outcomes = new ArrayList<>(valid.size() + 1);
    outcomes.add(selfOutcome(input.agentId(), 1.0, null));
    for (NeighbourModel neighbour : valid) {
      outcomes.add(neighbourOutcome(neighbour.agentId(), 0.0, null));
    }
    return outcomes;
  }
}
