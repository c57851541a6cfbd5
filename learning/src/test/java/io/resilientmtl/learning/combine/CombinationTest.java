package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationTest {

  @Test
  void keepingOwnModelGivesTheAgentAllWeight() {
    // Scores as in the loss-based first round with r0 = 1 and ν = 0.5: k 0.75, b 0.5625, c 1.5,
    // and d missing. b is accepted, c filtered.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(0.0),
            neighbour("b", 0.5),
            neighbour("c", 2.0),
            new NeighbourModel("d", null));
    Combination combined = new LossBasedRule(0.5, 1.0).combine(input, new HashMap<>());
    assertThat(combined.outcomes().get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);

    double[] ownPsi = {1.0};
    Combination alone = combined.keepingOwnModel(ownPsi);

    assertThat(alone.parameters()).containsExactly(1.0).isNotSameAs(ownPsi);
    assertThat(alone.outcomes())
        .containsExactly(
            new NeighbourOutcome("k", NeighbourStatus.SELF, 1.0, 0.75, null),
            new NeighbourOutcome("b", NeighbourStatus.FILTERED, 0.0, 0.5625, null),
            new NeighbourOutcome("c", NeighbourStatus.FILTERED, 0.0, 1.5, null),
            new NeighbourOutcome("d", NeighbourStatus.MISSING, 0.0, null, null));
  }

  @Test
  void keepingOwnModelLeavesTheOriginalUnchanged() {
    double[] parameters = {0.25, 0.75};
    List<NeighbourOutcome> outcomes =
        List.of(
            new NeighbourOutcome("k", NeighbourStatus.SELF, 0.5, 2.0, null),
            new NeighbourOutcome("b", NeighbourStatus.ACCEPTED, 0.5, 2.0, null),
            new NeighbourOutcome("c", NeighbourStatus.REJECTED, 0.0, 3.0, "non-finite loss"));
    Combination combined = new Combination(parameters, outcomes);

    Combination alone = combined.keepingOwnModel(new double[] {1.0, -1.0});

    assertThat(alone.parameters()).containsExactly(1.0, -1.0);
    assertThat(alone.outcomes().get(2)).isEqualTo(outcomes.get(2));
    assertThat(combined.parameters()).containsExactly(0.25, 0.75);
    assertThat(combined.outcomes().get(1).weight()).isEqualTo(0.5);
    assertThat(Arrays.stream(Inputs.weights(alone)).sum()).isEqualTo(1.0);
  }
}
