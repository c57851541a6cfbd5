package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoCooperationRuleTest {

  @Test
  void keepsOwnPsiAndFiltersNeighbours() {
    CombineInput input =
        Inputs.constant(
            1.5,
            0.0,
            List.of(0.0),
            neighbour("a", 0.0),
            NeighbourModel.missing("b"),
            neighbour("c", 9.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new NoCooperationRule().combine(input, scores);

    assertThat(combination.parameters()).containsExactly(1.5);
    assertThat(combination.outcomes())
        .containsExactly(
            new NeighbourOutcome(Inputs.SELF, NeighbourStatus.SELF, 1.0, null, null),
            new NeighbourOutcome("a", NeighbourStatus.FILTERED, 0.0, null, null),
            new NeighbourOutcome("b", NeighbourStatus.MISSING, 0.0, null, null),
            new NeighbourOutcome("c", NeighbourStatus.FILTERED, 0.0, null, null));
    assertThat(scores).isEmpty();
  }

  @Test
  void nameIsNoCooperation() {
    assertThat(new NoCooperationRule().name()).isEqualTo("no-cooperation");
  }
}
