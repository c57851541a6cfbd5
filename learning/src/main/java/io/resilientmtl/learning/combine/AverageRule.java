package io.resilientmtl.learning.combine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Uniform averaging: w_{k,i} = (psi_{k,i} + Σ_l psi_{l,i}) / (1 + |V|), where V is the set of
 * neighbours that arrived valid this round.
 *
 * <p>This is the non-resilient baseline: a single Byzantine neighbour with a valid but arbitrary
 * model shifts the average by 1/(1 + |V|) of its distance. The rule keeps no scores and leaves the
 * scores map untouched.
 */
public final class AverageRule extends AbstractCombineRule {

  /** Configuration name of this rule. */
  public static final String NAME = "average";

  /** Creates the rule; it has no parameters. */
  public AverageRule() {
    super(false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    double weight = 1.0 / (valid.size() + 1);
    List<NeighbourOutcome> outcomes = new ArrayList<>(valid.size() + 1);
    outcomes.add(selfOutcome(input.agentId(), weight, null));
    for (NeighbourModel neighbour : valid) {
      outcomes.add(neighbourOutcome(neighbour.agentId(), weight, null));
    }
    return outcomes;
  }
}
