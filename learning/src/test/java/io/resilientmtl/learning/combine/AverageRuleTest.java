package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AverageRuleTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void averagesSelfAndValidNeighbours() {
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(0.0),
            neighbour("a", 2.0),
            NeighbourModel.missing("b"),
            neighbour("c", Double.NaN),
            neighbour("d", 6.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new AverageRule().combine(input, scores);

    // (1 + 2 + 6) / 3; the missing and the NaN neighbour do not count.
    assertThat(combination.parameters()[0]).isCloseTo(3.0, within(TOLERANCE));
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(1).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(2).status()).isEqualTo(NeighbourStatus.MISSING);
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcomes.get(4).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(4).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes).extracting(NeighbourOutcome::score).containsOnlyNulls();
    assertThat(scores).isEmpty();
  }

  @Test
  void aloneKeepsOwnPsi() {
    Combination combination =
        new AverageRule().combine(Inputs.constant(1.25, 0.0, List.of()), new HashMap<>());

    assertThat(combination.parameters()).containsExactly(1.25);
    assertThat(combination.outcomes().get(0).weight()).isEqualTo(1.0);
  }
}
