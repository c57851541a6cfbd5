package io.resilientmtl.learning.combine;

import io.resilientmtl.learning.ConstantModel;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.List;

/** Builders of combine inputs for the rule tests. Agent "k" combines throughout. */
final class Inputs {

  static final String SELF = "k";

  private Inputs() {}

  static NeighbourModel neighbour(String id, double... parameters) {
    return new NeighbourModel(id, parameters);
  }

  /** Input of the one-parameter {@link ConstantModel} with batch targets {@code targets}. */
  static CombineInput constant(
      double ownPsi, double previous, List<Double> targets, NeighbourModel... neighbours) {
    List<Sample> batch = targets.stream().map(ConstantModel::target).toList();
    return input(
        new ConstantModel(), new double[] {ownPsi}, new double[] {previous}, batch, neighbours);
  }

  static CombineInput input(
      Model model,
      double[] ownPsi,
      double[] previous,
      List<Sample> batch,
      NeighbourModel... neighbours) {
    return new CombineInput(SELF, ownPsi, previous, List.of(neighbours), batch, model);
  }

  /** Returns the outcome weights of {@code combination}, SELF first. */
  static double[] weights(Combination combination) {
    return combination.outcomes().stream().mapToDouble(NeighbourOutcome::weight).toArray();
  }
}
