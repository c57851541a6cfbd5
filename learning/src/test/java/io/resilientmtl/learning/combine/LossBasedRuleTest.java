package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.ConstantModel;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.TargetLocalization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed rounds of the loss-based rule. Most use {@link ConstantModel} with the single batch
 * target 0, so L(psi) = ½psi².
 */
class LossBasedRuleTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void firstRoundUsesInitialScore() {
    // L: k 0.5, b 0.125, c 2, d 0.5. With r0 = 1 and nu = 0.5, r = 0.5 + 0.5 * L.
    CombineInput input =
        Inputs.constant(
            1.0, 0.0, List.of(0.0), neighbour("b", 0.5), neighbour("c", 2.0), neighbour("d", -1.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(scores)
        .containsOnly(
            Map.entry("k", 0.75),
            Map.entry("b", 0.5625),
            Map.entry("c", 1.5),
            Map.entry("d", 0.75));
    // A = {k, b, d}: 1/r = 4/3, 16/9, 4/3, which sum to 40/9.
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(0.3, within(TOLERANCE));
    assertThat(outcomes.get(0).score()).isEqualTo(0.75);
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(1).weight()).isCloseTo(0.4, within(TOLERANCE));
    assertThat(outcomes.get(2))
        .isEqualTo(new NeighbourOutcome("c", NeighbourStatus.FILTERED, 0.0, 1.5, null));
    // r_d equals r_k, and A includes ties.
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(3).weight()).isCloseTo(0.3, within(TOLERANCE));
    // 0.3 * 1 + 0.4 * 0.5 + 0.3 * (-1)
    assertThat(combination.parameters()[0]).isCloseTo(0.2, within(TOLERANCE));
  }

  @Test
  void laterRoundUsesStoredScores() {
    // L: k 0.5, b 0.5, c 0. Stored r_k = 2, r_b = 0.25, and c is new, so it starts at r0 = 1.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(0.0), neighbour("b", 1.0), neighbour("c", 0.0));
    Map<String, Double> scores = new HashMap<>(Map.of("k", 2.0, "b", 0.25));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    // r_k = 1 + 0.25, r_b = 0.125 + 0.25, r_c = 0.5 + 0. 1/r = 0.8, 8/3, 2, which sum to 82/15.
    assertThat(scores)
        .containsOnly(Map.entry("k", 1.25), Map.entry("b", 0.375), Map.entry("c", 0.5));
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(6.0 / 41, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(20.0 / 41, within(TOLERANCE));
    assertThat(outcomes.get(2).weight()).isCloseTo(15.0 / 41, within(TOLERANCE));
    assertThat(combination.parameters()[0]).isCloseTo(26.0 / 41, within(TOLERANCE));
  }

  @Test
  void lossIsEvaluatedOnOwnBatch() {
    // The neighbour's psi 4 fits a batch around 4, but k's batch has target 0: L = 8, r = 4.5,
    // which is above r_k = 0.5 + 0 so the neighbour is filtered.
    CombineInput input = Inputs.constant(0.0, 0.0, List.of(0.0), neighbour("b", 4.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(scores).containsEntry("k", 0.5).containsEntry("b", 4.5);
    assertThat(combination.outcomes().get(1).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(combination.parameters()).containsExactly(0.0);
  }

  @Test
  void silentNeighbourKeepsScore() {
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(0.0), NeighbourModel.missing("s"), neighbour("b", 1.0));
    Map<String, Double> scores = new HashMap<>(Map.of("k", 1.0, "s", 0.1, "b", 1.0));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    // r_k = r_b = 0.5 + 0.25; s neither decays nor takes part.
    assertThat(scores).containsEntry("s", 0.1).containsEntry("k", 0.75).containsEntry("b", 0.75);
    assertThat(combination.outcomes().get(1))
        .isEqualTo(new NeighbourOutcome("s", NeighbourStatus.MISSING, 0.0, 0.1, null));
    assertThat(combination.outcomes().get(0).weight()).isCloseTo(0.5, within(TOLERANCE));
    assertThat(combination.outcomes().get(2).weight()).isCloseTo(0.5, within(TOLERANCE));
  }

  @Test
  void silentNewNeighbourGetsNoScore() {
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(0.0), NeighbourModel.missing("s"));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(scores).containsOnlyKeys("k");
    assertThat(combination.outcomes().get(1).score()).isNull();
  }

  @Test
  void emptyBatchKeepsScores() {
    // No loss can be evaluated: r_k = 0.5, r_b = 0.25, r_c = 1, and e has never been scored.
    CombineInput input =
        Inputs.constant(
            1.0, 0.0, List.of(), neighbour("b", 3.0), neighbour("c", 5.0), neighbour("e", 7.0));
    Map<String, Double> scores = new HashMap<>(Map.of("k", 0.5, "b", 0.25, "c", 1.0));

    Combination combination = new LossBasedRule(0.5, 2.0).combine(input, scores);

    assertThat(scores).containsOnly(Map.entry("k", 0.5), Map.entry("b", 0.25), Map.entry("c", 1.0));
    // A = {k, b}: 1/r = 2, 4.
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(2.0 / 3, within(TOLERANCE));
    assertThat(outcomes.get(2))
        .isEqualTo(new NeighbourOutcome("c", NeighbourStatus.FILTERED, 0.0, 1.0, null));
    assertThat(outcomes.get(3))
        .isEqualTo(new NeighbourOutcome("e", NeighbourStatus.FILTERED, 0.0, null, null));
    // 1/3 * 1 + 2/3 * 3
    assertThat(combination.parameters()[0]).isCloseTo(7.0 / 3, within(TOLERANCE));
  }

  @Test
  void emptyBatchFiltersUnscoredNeighbours() {
    // Neither k nor its neighbours have a score: with r0 for all, every neighbour would tie with
    // k and get weight 1/3. Unscored neighbours stay out, so w = psi_k.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(), neighbour("b", 3.0), neighbour("z", 100.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new LossBasedRule(0.5, 2.0).combine(input, scores);

    assertThat(scores).isEmpty();
    assertThat(combination.parameters()).containsExactly(1.0);
    assertThat(combination.outcomes())
        .containsExactly(
            new NeighbourOutcome("k", NeighbourStatus.SELF, 1.0, 2.0, null),
            new NeighbourOutcome("b", NeighbourStatus.FILTERED, 0.0, null, null),
            new NeighbourOutcome("z", NeighbourStatus.FILTERED, 0.0, null, null));
  }

  @Test
  void nonFiniteNeighbourLossRejected() {
    // psi = 1e200 is finite, but ½psi² overflows to infinity.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(0.0), neighbour("b", 1e200), neighbour("c", 1.0));
    Map<String, Double> scores = new HashMap<>(Map.of("b", 0.3));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    NeighbourOutcome outcome = combination.outcomes().get(1);
    assertThat(outcome.status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcome.reason())
        .isEqualTo("non-finite weighting loss Infinity on this agent's batch");
    assertThat(outcome.score()).isEqualTo(0.3);
    assertThat(outcome.weight()).isZero();
    assertThat(scores).containsEntry("b", 0.3);
    // k and c both score 0.75, so they share the weight.
    assertThat(combination.parameters()[0]).isCloseTo(1.0, within(TOLERANCE));
  }

  @Test
  void nonFiniteOwnLossKeepsOwnScore() {
    // Batch target 1, so L(psi) = ½(1 - psi)². L(1e200) overflows; L(2) = 0.5 gives r_c = 0.75.
    CombineInput input = Inputs.constant(1e200, 0.0, List.of(1.0), neighbour("c", 2.0));
    Map<String, Double> scores = new HashMap<>(Map.of("k", 1.0));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(scores).containsEntry("k", 1.0).containsEntry("c", 0.75);
    // 1/r = 1 and 4/3, so the weights are 3/7 and 4/7.
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).score()).isEqualTo(1.0);
    assertThat(outcomes.get(0).weight()).isCloseTo(3.0 / 7, within(TOLERANCE));
    assertThat(outcomes.get(1).weight()).isCloseTo(4.0 / 7, within(TOLERANCE));
    assertThat(combination.parameters()[0]).isCloseTo(3.0 / 7 * 1e200, within(1e188));
  }

  @Test
  void negativeLossRejected() {
    Model negative =
        new ConstantModel() {
          @Override
          public double weightingLoss(double[] parameters, List<Sample> batch) {
            return parameters[0] < 0 ? -1.0 : 0.5;
          }
        };
    CombineInput input =
        Inputs.input(
            negative,
            new double[] {1.0},
            new double[] {0.0},
            List.of(ConstantModel.target(0.0)),
            neighbour("b", -1.0));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, new HashMap<>());

    assertThat(combination.outcomes().get(1).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(combination.outcomes().get(1).reason())
        .isEqualTo("negative weighting loss -1.0 on this agent's batch; losses must be >= 0");
  }

  @Test
  void zeroScoresShareWeight() {
    // nu = 1 makes r = L: k 0.5, b 0, c 0, d 0.125. All are in A, but only b and c fit perfectly.
    CombineInput input =
        Inputs.constant(
            1.0, 0.0, List.of(0.0), neighbour("b", 0.0), neighbour("c", 0.0), neighbour("d", 0.5));

    Combination combination = new LossBasedRule(1.0, 1.0).combine(input, new HashMap<>());

    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(0).weight()).isZero();
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(1).weight()).isEqualTo(0.5);
    assertThat(outcomes.get(2).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(2).weight()).isEqualTo(0.5);
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(outcomes.get(3).weight()).isZero();
    assertThat(combination.parameters()).containsExactly(0.0);
  }

  @Test
  void zeroOwnScoreFiltersImperfectNeighbours() {
    // r: k 0, b 0, c 0.5. A = {k, b} because r_c > r_k.
    CombineInput input =
        Inputs.constant(0.0, 0.0, List.of(0.0), neighbour("b", 0.0), neighbour("c", 1.0));

    Combination combination = new LossBasedRule(1.0, 1.0).combine(input, new HashMap<>());

    assertThat(combination.outcomes().get(0).weight()).isEqualTo(0.5);
    assertThat(combination.outcomes().get(1).weight()).isEqualTo(0.5);
    assertThat(combination.outcomes().get(2).status()).isEqualTo(NeighbourStatus.FILTERED);
  }

  @Test
  void tinyScoresDoNotOverflow() {
    // 1/4.9e-324 overflows to infinity, so naive 1/r weights would give NaN.
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(), neighbour("b", 3.0));
    Map<String, Double> scores =
        new HashMap<>(Map.of("k", 2 * Double.MIN_VALUE, "b", Double.MIN_VALUE));

    Combination combination = new LossBasedRule(0.5, 1.0).combine(input, scores);

    assertThat(combination.outcomes().get(0).weight()).isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(combination.outcomes().get(1).weight()).isCloseTo(2.0 / 3, within(TOLERANCE));
    assertThat(combination.parameters()[0]).isCloseTo(7.0 / 3, within(TOLERANCE));
  }

  @Test
  void usesWeightingLossNotTrainingLoss() {
    // At (0, 0) looking along (1, 0) with range 2. Own psi (2, 0) fits both losses exactly.
    // Neighbour (2, 1) is off to the side: training loss 0.5 but range residual 0.
    Sample reading =
        TargetLocalization.observation(new double[] {0.0, 0.0}, new double[] {1.0, 0.0}, 2.0);
    CombineInput input =
        Inputs.input(
            new TargetLocalization(),
            new double[] {2.0, 0.0},
            new double[] {0.0, 0.0},
            List.of(reading),
            neighbour("b", 2.0, 1.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new LossBasedRule(1.0, 1.0).combine(input, scores);

    assertThat(scores).containsEntry("k", 0.0).containsEntry("b", 0.0);
    assertThat(combination.parameters())
        .containsExactly(new double[] {2.0, 0.5}, within(TOLERANCE));
  }

  @Test
  void nameIsLossBased() {
    assertThat(new LossBasedRule(0.1, 1.0).name()).isEqualTo("loss-based");
  }
}
