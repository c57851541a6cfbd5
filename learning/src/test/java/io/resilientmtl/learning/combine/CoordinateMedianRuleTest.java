package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.TargetLocalization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinateMedianRuleTest {

  private static final double TOLERANCE = 1e-12;

  private final CoordinateMedianRule rule = new CoordinateMedianRule();

  @Test
  void oddCountTakesMiddleValue() {
    // Values 1 (self), 2, 3, 100 (Byzantine) and 1.5; sorted 1, 1.5, 2, 3, 100.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(),
            neighbour("a", 2.0),
            neighbour("b", 3.0),
            neighbour("byzantine", 100.0),
            neighbour("d", 1.5));

    Combination combination = rule.combine(input, new HashMap<>());

    assertThat(combination.parameters()).containsExactly(2.0);
    assertThat(combination.outcomes())
        .containsExactly(
            new NeighbourOutcome(Inputs.SELF, NeighbourStatus.SELF, 0.0, null, null),
            new NeighbourOutcome("a", NeighbourStatus.ACCEPTED, 1.0, null, null),
            new NeighbourOutcome("b", NeighbourStatus.FILTERED, 0.0, null, null),
            new NeighbourOutcome("byzantine", NeighbourStatus.FILTERED, 0.0, null, null),
            new NeighbourOutcome("d", NeighbourStatus.FILTERED, 0.0, null, null));
  }

  @Test
  void evenCountAveragesMiddleValuesPerCoordinate() {
    // x: 0, 1, 2, 100, so (1 + 2)/2 from a and b. y: −100, 0, 1, 5, so (0 + 1)/2 from self and b.
    CombineInput input =
        Inputs.input(
            new TargetLocalization(),
            new double[] {0.0, 0.0},
            new double[] {0.0, 0.0},
            List.of(),
            neighbour("a", 1.0, 5.0),
            neighbour("b", 2.0, 1.0),
            neighbour("byzantine", 100.0, -100.0));

    Combination combination = rule.combine(input, new HashMap<>());

    assertThat(combination.parameters())
        .containsExactly(new double[] {1.5, 0.5}, within(TOLERANCE));
    // Each middle value is half of a coordinate: self ½ (y), a ½ (x), b ½ + ½, averaged over 2.
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(0.25, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(0.25, within(TOLERANCE));
    assertThat(outcomes.get(2).weight()).isCloseTo(0.5, within(TOLERANCE));
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(outcomes.get(3).weight()).isZero();
  }

  @Test
  void twoValuesAverage() {
    Combination combination =
        rule.combine(Inputs.constant(1.0, 0.0, List.of(), neighbour("a", 4.0)), new HashMap<>());

    assertThat(combination.parameters()).containsExactly(2.5);
    assertThat(combination.outcomes().get(0).weight()).isEqualTo(0.5);
    assertThat(combination.outcomes().get(1).weight()).isEqualTo(0.5);
  }

  @Test
  void tiedValuesShareWeight() {
    // Sorted 3, 3, 30: the value at the median position is 3, which self and a share.
    Combination combination =
        rule.combine(
            Inputs.constant(3.0, 0.0, List.of(), neighbour("a", 3.0), neighbour("b", 30.0)),
            new HashMap<>());

    assertThat(combination.parameters()).containsExactly(3.0);
    assertThat(combination.outcomes().get(0).weight()).isEqualTo(0.5);
    assertThat(combination.outcomes().get(1).weight()).isEqualTo(0.5);
    assertThat(combination.outcomes().get(2).status()).isEqualTo(NeighbourStatus.FILTERED);
  }

  @Test
  void equalValuesShareEqually() {
    Combination combination =
        rule.combine(
            Inputs.constant(7.0, 0.0, List.of(), neighbour("a", 7.0), neighbour("b", 7.0)),
            new HashMap<>());

    assertThat(combination.parameters()).containsExactly(7.0);
    assertThat(Inputs.weights(combination))
        .containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(TOLERANCE));
  }

  @Test
  void missingAndRejectedNeighboursExcluded() {
    // Valid values 1 (self), 5 and 4: the median is 4.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(),
            NeighbourModel.missing("a"),
            neighbour("b", Double.NaN),
            neighbour("c", 5.0),
            neighbour("d", 4.0));
    Map<String, Double> scores = new HashMap<>(Map.of("a", 0.5));

    Combination combination = rule.combine(input, scores);

    assertThat(combination.parameters()).containsExactly(4.0);
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.MISSING);
    assertThat(outcomes.get(1).score()).isNull();
    assertThat(outcomes.get(2).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(outcomes.get(4).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(4).weight()).isEqualTo(1.0);
    assertThat(scores).containsOnly(Map.entry("a", 0.5));
  }

  @Test
  void aloneKeepsOwnPsi() {
    Combination combination =
        rule.combine(Inputs.constant(1.25, 0.0, List.of(), NeighbourModel.missing("a")), Map.of());

    assertThat(combination.parameters()).containsExactly(1.25);
    assertThat(combination.outcomes().get(0).weight()).isEqualTo(1.0);
  }

  @Test
  void extremeValuesDoNotOverflow() {
    double max = Double.MAX_VALUE;
    Combination combination =
        rule.combine(Inputs.constant(max, 0.0, List.of(), neighbour("a", max)), new HashMap<>());

    assertThat(combination.parameters()).containsExactly(max);
  }

  @Test
  void nameIsMedian() {
    assertThat(rule.name()).isEqualTo("median");
  }
}
