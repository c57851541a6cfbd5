package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.TargetLocalization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrimmedMeanRuleTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void dropsFLargestAndSmallest() {
    // Sorted 0, 1, 2, 3, 100: F = 1 drops 0 and 100 and averages 1, 2, 3.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(),
            neighbour("a", 2.0),
            neighbour("b", 3.0),
            neighbour("byzantine", 100.0),
            neighbour("d", 0.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new TrimmedMeanRule(1).combine(input, scores);

    assertThat(combination.parameters()[0]).isCloseTo(2.0, within(TOLERANCE));
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(2).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(3))
        .isEqualTo(new NeighbourOutcome("byzantine", NeighbourStatus.FILTERED, 0.0, null, null));
    assertThat(outcomes.get(4).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(scores).isEmpty();
  }

  @Test
  void trimsEachCoordinateSeparately() {
    // x: 0, 1, 2, 3, 50 keeps 1, 2, 3 from a, b, c. y: −50, −1, 0, 1, 2 keeps −1, 0, 1 from b,
    // self and c.
    CombineInput input =
        Inputs.input(
            new TargetLocalization(),
            new double[] {0.0, 0.0},
            new double[] {0.0, 0.0},
            List.of(),
            neighbour("a", 1.0, 2.0),
            neighbour("b", 2.0, -1.0),
            neighbour("c", 3.0, 1.0),
            neighbour("byzantine", 50.0, -50.0));

    Combination combination = new TrimmedMeanRule(1).combine(input, new HashMap<>());

    assertThat(combination.parameters())
        .containsExactly(new double[] {2.0, 0.0}, within(TOLERANCE));
    // Kept values per member: self 1, a 1, b 2, c 2, Byzantine 0, out of 3 per coordinate.
    assertThat(Inputs.weights(combination))
        .containsExactly(new double[] {1.0 / 6, 1.0 / 6, 1.0 / 3, 1.0 / 3, 0.0}, within(TOLERANCE));
  }

  @Test
  void fewerThanTwoFPlusOneValuesTrimLess() {
    // F = 2, but only 3 values arrived: t = min(2, (3 − 1)/2) = 1, which leaves the median 2.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(),
            neighbour("a", 2.0),
            NeighbourModel.missing("b"),
            neighbour("c", 10.0));

    Combination combination = new TrimmedMeanRule(2).combine(input, new HashMap<>());

    assertThat(combination.parameters()).containsExactly(2.0);
    assertThat(combination.outcomes().get(1).weight()).isEqualTo(1.0);
    assertThat(combination.outcomes().get(3).status()).isEqualTo(NeighbourStatus.FILTERED);
  }

  @Test
  void fourValuesWithLargeFKeepTwoMiddle() {
    // F = 2 and 4 values: t = min(2, 1) = 1, so sorted 1, 2, 4, 10 keeps 2 and 4.
    CombineInput input =
        Inputs.constant(
            1.0, 0.0, List.of(), neighbour("a", 2.0), neighbour("b", 4.0), neighbour("c", 10.0));

    Combination combination = new TrimmedMeanRule(2).combine(input, new HashMap<>());

    assertThat(combination.parameters()[0]).isCloseTo(3.0, within(TOLERANCE));
    assertThat(Inputs.weights(combination)).containsExactly(0.0, 0.5, 0.5, 0.0);
  }

  @Test
  void fZeroEqualsAverage() {
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(),
            neighbour("a", 2.0),
            NeighbourModel.missing("b"),
            neighbour("c", Double.NaN),
            neighbour("d", 6.5),
            neighbour("e", -3.25));

    Combination trimmed = new TrimmedMeanRule(0).combine(input, new HashMap<>());
    Combination average = new AverageRule().combine(input, new HashMap<>());

    assertThat(trimmed.parameters()).containsExactly(average.parameters(), within(TOLERANCE));
    for (int j = 0; j < average.outcomes().size(); j++) {
      NeighbourOutcome expected = average.outcomes().get(j);
      NeighbourOutcome actual = trimmed.outcomes().get(j);
      assertThat(actual.status()).as(expected.agentId()).isEqualTo(expected.status());
      assertThat(actual.weight())
          .as(expected.agentId())
          .isCloseTo(expected.weight(), within(TOLERANCE));
    }
  }

  @Test
  void tiesShareKeptPositions() {
    // Sorted 2, 2, 2, 9 with t = 1 keeps positions 1 and 2, both 2: the three members holding 2
    // share the two kept positions.
    CombineInput input =
        Inputs.constant(
            2.0, 0.0, List.of(), neighbour("a", 2.0), neighbour("b", 2.0), neighbour("c", 9.0));

    Combination combination = new TrimmedMeanRule(1).combine(input, new HashMap<>());

    assertThat(combination.parameters()).containsExactly(2.0);
    assertThat(Inputs.weights(combination))
        .containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0}, within(TOLERANCE));
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 2", "2, 4", "2, 5", "3, 9"})
  void neighbourhoodWithTwoFNeighboursAccepted(int f, int inNeighbours) {
    assertThatNoException()
        .isThrownBy(() -> new TrimmedMeanRule(f).validateNeighbourhood(inNeighbours));
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 0", "2, 3, 1", "3, 0, 0", "4, 7, 3"})
  void neighbourhoodBelowTwoFRejected(int f, int inNeighbours, int limit) {
    assertThatThrownBy(() -> new TrimmedMeanRule(f).validateNeighbourhood(inNeighbours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Trimmed mean with F = "
                + f
                + " needs at least 2F = "
                + 2 * f
                + " in-neighbours, so that 2F + 1 values remain with the agent's own, but an agent"
                + " has "
                + inNeighbours
                + "; lower F to at most "
                + limit
                + " or give the agent more in-neighbours");
  }

  @Test
  void negativeNeighbourCountRejected() {
    assertThatThrownBy(() -> new TrimmedMeanRule(0).validateNeighbourhood(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Number of in-neighbours must be >= 0, got -1; pass the length of the agent's"
                + " in-neighbour list");
  }

  @Test
  void negativeFRejected() {
    assertThatThrownBy(() -> new TrimmedMeanRule(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "F, the number of Byzantine in-neighbours to tolerate, must be >= 0, got -1; use a"
                + " value such as 1");
  }

  @Test
  void nameAndF() {
    TrimmedMeanRule rule = new TrimmedMeanRule(2);

    assertThat(rule.name()).isEqualTo("trimmed-mean");
    assertThat(rule.f()).isEqualTo(2);
    assertThat(rule).hasToString("TrimmedMeanRule{F=2}");
  }
}
