package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistanceBasedRuleTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void firstRoundWeightsByInverseScore() {
    // Previous model 0, so the squared distances are 1, 4 and 1.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(), neighbour("b", 2.0), neighbour("c", -1.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new DistanceBasedRule(0.5, 1.0).combine(input, scores);

    // gamma = 0.5 * 1 + 0.5 * distance: k 1, b 2.5, c 1. Weights 1 : 0.4 : 1 over 2.4.
    assertThat(scores).containsOnly(Map.entry("k", 1.0), Map.entry("b", 2.5), Map.entry("c", 1.0));
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(5.0 / 12, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(1.0 / 6, within(TOLERANCE));
    assertThat(outcomes.get(2).weight()).isCloseTo(5.0 / 12, within(TOLERANCE));
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(1).score()).isEqualTo(2.5);
    // 5/12 * 1 + 1/6 * 2 + 5/12 * (-1)
    assertThat(combination.parameters()[0]).isCloseTo(1.0 / 3, within(TOLERANCE));
  }

  @Test
  void storedScoresDecay() {
    CombineInput input = Inputs.constant(2.0, 0.0, List.of(), neighbour("b", 0.0));
    Map<String, Double> scores = new HashMap<>(Map.of("k", 2.0, "b", 4.0));

    Combination combination = new DistanceBasedRule(0.25, 1.0).combine(input, scores);

    // k: 0.75 * 2 + 0.25 * 4 = 2.5, b: 0.75 * 4 + 0.25 * 0 = 3. Weights 0.4 : 1/3 over 11/15.
    assertThat(scores).containsEntry("k", 2.5).containsEntry("b", 3.0);
    assertThat(combination.outcomes().get(0).weight()).isCloseTo(6.0 / 11, within(TOLERANCE));
    assertThat(combination.outcomes().get(1).weight()).isCloseTo(5.0 / 11, within(TOLERANCE));
    assertThat(combination.parameters()[0]).isCloseTo(12.0 / 11, within(TOLERANCE));
  }

  @Test
  void missingNeighbourKeepsScore() {
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(), NeighbourModel.missing("s"));
    Map<String, Double> scores = new HashMap<>(Map.of("s", 0.125));

    Combination combination = new DistanceBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(scores).containsEntry("s", 0.125);
    assertThat(combination.outcomes().get(1))
        .isEqualTo(new NeighbourOutcome("s", NeighbourStatus.MISSING, 0.0, 0.125, null));
    assertThat(combination.parameters()).containsExactly(1.0);
  }

  @Test
  void zeroScoresShareWeight() {
    // With nu = 1 the score is the distance itself: k 0, b 0, c 4.
    CombineInput input =
        Inputs.constant(1.0, 1.0, List.of(), neighbour("b", 1.0), neighbour("c", 3.0));

    Combination combination = new DistanceBasedRule(1.0, 1.0).combine(input, new HashMap<>());

    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isEqualTo(0.5);
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(1).weight()).isEqualTo(0.5);
    assertThat(outcomes.get(2).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(outcomes.get(2).weight()).isZero();
    assertThat(combination.parameters()).containsExactly(1.0);
  }

  @Test
  void overflowingDistanceRejected() {
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(), neighbour("b", 1e200));
    Map<String, Double> scores = new HashMap<>(Map.of("b", 0.5));

    Combination combination = new DistanceBasedRule(0.5, 1.0).combine(input, scores);

    NeighbourOutcome outcome = combination.outcomes().get(1);
    assertThat(outcome.status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcome.reason())
        .isEqualTo("non-finite squared distance Infinity to the previous model");
    assertThat(outcome.score()).isEqualTo(0.5);
    assertThat(scores).containsEntry("b", 0.5);
    assertThat(combination.parameters()).containsExactly(1.0);
  }

  @Test
  void nameIsDistanceBased() {
    assertThat(new DistanceBasedRule(0.1, 1.0).name()).isEqualTo("distance-based");
  }
}
