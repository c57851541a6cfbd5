package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.TargetLocalization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour that every combine rule shares: screening, outcome order and weight sums. */
class CombineRuleContractTest {

  private static final double TOLERANCE = 1e-12;

  private static final List<Sample> BATCH =
      List.of(
          TargetLocalization.observation(new double[] {0.0, 0.0}, new double[] {0.6, 0.8}, 5.0));

  /** Rules whose w is the weighted sum of the members with the outcome weights. */
  static Stream<CombineRule> weightedSumRules() {
    return Stream.of(
        new NoCooperationRule(),
        new AverageRule(),
        new DistanceBasedRule(0.5, 1.0),
        new LossBasedRule(0.5, 1.0),
        new SubsetSearchRule(1, 0.5, 1.0));
  }

  /** Rules that combine each coordinate separately and report shares as weights. */
  static Stream<CombineRule> coordinateWiseRules() {
    return Stream.of(new CoordinateMedianRule(), new TrimmedMeanRule(1));
  }

  static Stream<CombineRule> rules() {
    return Stream.concat(weightedSumRules(), coordinateWiseRules());
  }

  /** Own psi (3, 4) fits the batch exactly; neighbours of every screening case. */
  private static CombineInput mixedInput() {
    return Inputs.input(
        new TargetLocalization(),
        new double[] {3.0, 4.0},
        new double[] {2.0, 3.0},
        BATCH,
        neighbour("wide", 1.0, 2.0, 3.0),
        neighbour("close", 3.0, 4.5),
        NeighbourModel.missing("silent"),
        neighbour("nan", 1.0, Double.NaN),
        neighbour("far", 30.0, 40.0),
        neighbour("inf", Double.NEGATIVE_INFINITY, 0.0));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void outcomesSelfFirstThenInputOrder(CombineRule rule) {
    Combination combination = rule.combine(mixedInput(), new HashMap<>());

    assertThat(combination.outcomes())
        .extracting(NeighbourOutcome::agentId)
        .containsExactly(Inputs.SELF, "wide", "close", "silent", "nan", "far", "inf");
    assertThat(combination.outcomes().get(0).status()).isEqualTo(NeighbourStatus.SELF);
  }

  @ParameterizedTest
  @MethodSource("rules")
  void wrongDimensionRejected(CombineRule rule) {
    NeighbourOutcome outcome = rule.combine(mixedInput(), new HashMap<>()).outcomes().get(1);

    assertThat(outcome.status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcome.reason()).isEqualTo("dimension 3, expected 2");
    assertThat(outcome.weight()).isZero();
  }

  @ParameterizedTest
  @MethodSource("rules")
  void nonFiniteParametersRejected(CombineRule rule) {
    List<NeighbourOutcome> outcomes = rule.combine(mixedInput(), new HashMap<>()).outcomes();

    assertThat(outcomes.get(4).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcomes.get(4).reason()).isEqualTo("non-finite parameter at index 1");
    assertThat(outcomes.get(4).weight()).isZero();
    assertThat(outcomes.get(6).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcomes.get(6).reason()).isEqualTo("non-finite parameter at index 0");
    assertThat(outcomes.get(6).weight()).isZero();
  }

  @ParameterizedTest
  @MethodSource("rules")
  void silentNeighbourMissing(CombineRule rule) {
    NeighbourOutcome outcome = rule.combine(mixedInput(), new HashMap<>()).outcomes().get(3);

    assertThat(outcome.status()).isEqualTo(NeighbourStatus.MISSING);
    assertThat(outcome.weight()).isZero();
    assertThat(outcome.reason()).isNull();
  }

  @ParameterizedTest
  @MethodSource("rules")
  void weightsOfSelfAndAcceptedSumToOne(CombineRule rule) {
    Combination combination = rule.combine(mixedInput(), new HashMap<>());

    double sum = 0.0;
    for (NeighbourOutcome outcome : combination.outcomes()) {
      boolean counted =
          outcome.status() == NeighbourStatus.SELF || outcome.status() == NeighbourStatus.ACCEPTED;
      if (counted) {
        sum += outcome.weight();
      } else {
        assertThat(outcome.weight()).as(outcome.agentId()).isZero();
      }
    }
    assertThat(sum).isCloseTo(1.0, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("weightedSumRules")
  void parametersAreWeightedSum(CombineRule rule) {
    CombineInput input = mixedInput();
    Combination combination = rule.combine(input, new HashMap<>());

    double[] expected = new double[2];
    for (NeighbourOutcome outcome : combination.outcomes()) {
      double[] psi =
          outcome.status() == NeighbourStatus.SELF
              ? input.ownPsi()
              : input.neighbours().stream()
                  .filter(n -> n.agentId().equals(outcome.agentId()))
                  .findFirst()
                  .orElseThrow()
                  .parameters();
      if (outcome.weight() > 0) {
        expected[0] += outcome.weight() * psi[0];
        expected[1] += outcome.weight() * psi[1];
      }
    }
    assertThat(combination.parameters()).containsExactly(expected, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("coordinateWiseRules")
  void parametersStayWithinMemberRange(CombineRule rule) {
    CombineInput input = mixedInput();

    double[] parameters = rule.combine(input, new HashMap<>()).parameters();

    // The valid members are self (3, 4), close (3, 4.5) and far (30, 40).
    assertThat(parameters[0]).isBetween(3.0, 30.0);
    assertThat(parameters[1]).isBetween(4.0, 40.0);
  }

  @ParameterizedTest
  @MethodSource("rules")
  void resultIsNewArray(CombineRule rule) {
    CombineInput input =
        Inputs.input(
            new TargetLocalization(), new double[] {3.0, 4.0}, new double[] {3.0, 4.0}, BATCH);

    double[] parameters = rule.combine(input, new HashMap<>()).parameters();

    assertThat(parameters).containsExactly(new double[] {3.0, 4.0}, within(TOLERANCE));
    assertThat(parameters).isNotSameAs(input.ownPsi()).isNotSameAs(input.previous());
    parameters[0] = 99.0;
    assertThat(input.ownPsi()).containsExactly(3.0, 4.0);
  }

  @ParameterizedTest
  @MethodSource("rules")
  void duplicateNeighbourRejected(CombineRule rule) {
    CombineInput input =
        Inputs.input(
            new TargetLocalization(),
            new double[] {3.0, 4.0},
            new double[] {3.0, 4.0},
            BATCH,
            neighbour("a", 1.0, 1.0),
            NeighbourModel.missing("a"));

    assertThatThrownBy(() -> rule.combine(input, new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Neighbour a appears twice in the input of agent k; pass each in-neighbour once");
  }

  @ParameterizedTest
  @MethodSource("rules")
  void selfAsNeighbourRejected(CombineRule rule) {
    CombineInput input =
        Inputs.input(
            new TargetLocalization(),
            new double[] {3.0, 4.0},
            new double[] {3.0, 4.0},
            BATCH,
            neighbour(Inputs.SELF, 1.0, 1.0));

    assertThatThrownBy(() -> rule.combine(input, new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Neighbour list of agent k contains the agent itself; list only other agents");
  }

  @ParameterizedTest
  @MethodSource("rules")
  void ownModelOfWrongDimensionRejected(CombineRule rule) {
    CombineInput input =
        Inputs.input(new TargetLocalization(), new double[3], new double[2], BATCH);

    assertThatThrownBy(() -> rule.combine(input, new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ownPsi of agent k has length 3, expected 2 for model target-localization/2");
  }

  @ParameterizedTest
  @MethodSource("rules")
  void previousOfWrongDimensionRejected(CombineRule rule) {
    CombineInput input =
        Inputs.input(new TargetLocalization(), new double[2], new double[1], BATCH);

    assertThatThrownBy(() -> rule.combine(input, new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Previous model of agent k has length 1, expected 2 for model target-localization/2");
  }

  @ParameterizedTest
  @MethodSource("rules")
  void scoresOfInvalidNeighboursUntouched(CombineRule rule) {
    Map<String, Double> scores = new HashMap<>(Map.of("wide", 0.25, "silent", 0.5, "nan", 0.75));

    rule.combine(mixedInput(), scores);

    assertThat(scores)
        .containsEntry("wide", 0.25)
        .containsEntry("silent", 0.5)
        .containsEntry("nan", 0.75);
    assertThat(scores).doesNotContainKey("inf");
  }
}
