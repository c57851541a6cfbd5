package io.resilientmtl.learning.combine;

import static io.resilientmtl.learning.combine.Inputs.neighbour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.ConstantModel;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-computed rounds of subset search on {@link ConstantModel}. Most use ν = 1 and a previous
 * model of 0, so each score is γ = psi², and candidates are scored by L(w) = ½(t − w)² for the
 * batch target t.
 */
class SubsetSearchRuleTest {

  private static final double TOLERANCE = 1e-12;

  /** Self 1, honest neighbours −1 and 2, and a Byzantine neighbour at 10. */
  private static NeighbourModel[] oneByzantine() {
    return new NeighbourModel[] {
      neighbour("a", -1.0), neighbour("b", 2.0), neighbour("byzantine", 10.0)
    };
  }

  @Test
  void removesSubsetWithLowestLoss() {
    // γ: k 1, a 1, b 4, Byzantine 100. Candidates with target 0.5:
    //   remove a: (1 + 0.5 + 0.1) / 1.26 = 1.270, loss 0.296
    //   remove b: (1 − 1 + 0.1) / 2.01 = 0.0498, loss 0.101
    //   remove Byzantine: (1 − 1 + 0.5) / 2.25 = 2/9, loss 0.0386
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(0.5), oneByzantine());
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, scores);

    assertThat(combination.parameters()[0]).isCloseTo(2.0 / 9, within(TOLERANCE));
    assertThat(scores)
        .containsOnly(
            Map.entry("k", 1.0),
            Map.entry("a", 1.0),
            Map.entry("b", 4.0),
            Map.entry("byzantine", 100.0));
    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(Inputs.weights(combination))
        .containsExactly(new double[] {4.0 / 9, 4.0 / 9, 1.0 / 9, 0.0}, within(TOLERANCE));
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(2).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(outcomes.get(3))
        .isEqualTo(new NeighbourOutcome("byzantine", NeighbourStatus.FILTERED, 0.0, 100.0, null));
  }

  @Test
  void removesTwoByzantine() {
    // Of the six pairs, removing the Byzantine 10 and −10 leaves the candidate 2/9, loss 0.0386;
    // the next best keeps a and the Byzantine 10: 0.1/2.01, loss 0.101.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(0.5),
            neighbour("a", -1.0),
            neighbour("b", 2.0),
            neighbour("byzantine1", 10.0),
            neighbour("byzantine2", -10.0));

    Combination combination = new SubsetSearchRule(2, 1.0, 1.0).combine(input, new HashMap<>());

    assertThat(combination.parameters()[0]).isCloseTo(2.0 / 9, within(TOLERANCE));
    assertThat(combination.outcomes())
        .extracting(NeighbourOutcome::status)
        .containsExactly(
            NeighbourStatus.SELF,
            NeighbourStatus.ACCEPTED,
            NeighbourStatus.ACCEPTED,
            NeighbourStatus.FILTERED,
            NeighbourStatus.FILTERED);
  }

  @Test
  void tieRemovesFirstSubset() {
    // a and b send the same model, so removing either gives the same candidate and loss.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(0.0), neighbour("a", 3.0), neighbour("b", 3.0));

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());

    // γ: k 1, b 9, so the weights are 0.9 and 0.1: 0.9 + 0.3.
    assertThat(combination.parameters()[0]).isCloseTo(1.2, within(TOLERANCE));
    assertThat(combination.outcomes().get(1).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(combination.outcomes().get(2).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(combination.outcomes().get(2).weight()).isCloseTo(0.1, within(TOLERANCE));
  }

  @Test
  void emptyBatchRemovesLargestDistances() {
    CombineInput input = Inputs.constant(1.0, 0.0, List.of(), oneByzantine());

    Combination removeOne = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());
    Combination removeTwo = new SubsetSearchRule(2, 1.0, 1.0).combine(input, new HashMap<>());

    // F = 1 removes the Byzantine neighbour (γ = 100), F = 2 also b (γ = 4).
    assertThat(Inputs.weights(removeOne))
        .containsExactly(new double[] {4.0 / 9, 4.0 / 9, 1.0 / 9, 0.0}, within(TOLERANCE));
    assertThat(Inputs.weights(removeTwo))
        .containsExactly(new double[] {0.5, 0.5, 0.0, 0.0}, within(TOLERANCE));
    assertThat(removeTwo.outcomes().get(2).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(removeTwo.parameters()[0]).isCloseTo(0.0, within(TOLERANCE));
  }

  @Test
  void emptyBatchTieRemovesEarlierNeighbour() {
    // γ: a 9, b 9. The earlier one goes; self (γ 1) and b weigh 0.9 and 0.1: 0.9 − 0.3.
    CombineInput input =
        Inputs.constant(1.0, 0.0, List.of(), neighbour("a", 3.0), neighbour("b", -3.0));

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());

    assertThat(combination.outcomes().get(1).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(combination.parameters()[0]).isCloseTo(0.6, within(TOLERANCE));
  }

  @Test
  void fZeroEqualsDistanceBased() {
    CombineInput input =
        Inputs.constant(
            1.0,
            0.5,
            List.of(0.5),
            neighbour("a", -1.0),
            NeighbourModel.missing("b"),
            neighbour("c", Double.NaN),
            neighbour("d", 10.0));
    Map<String, Double> subsetScores = new HashMap<>(Map.of("k", 2.0, "a", 0.5, "b", 3.0));
    Map<String, Double> distanceScores = new HashMap<>(subsetScores);

    Combination subset = new SubsetSearchRule(0, 0.25, 1.5).combine(input, subsetScores);
    Combination distance = new DistanceBasedRule(0.25, 1.5).combine(input, distanceScores);

    assertThat(subset.parameters()).containsExactly(distance.parameters());
    assertThat(subset.outcomes()).isEqualTo(distance.outcomes());
    assertThat(subsetScores).isEqualTo(distanceScores);
  }

  @Test
  void fewerValidNeighboursThanFRemovesAll() {
    // F = 2, but only c is valid, so c is removed and w is the agent's own psi.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(0.5),
            NeighbourModel.missing("a"),
            neighbour("b", Double.NaN),
            neighbour("c", 3.0));
    Map<String, Double> scores = new HashMap<>();

    Combination combination = new SubsetSearchRule(2, 0.5, 1.0).combine(input, scores);

    assertThat(combination.parameters()).containsExactly(1.0);
    // γ = 0.5·1 + 0.5·distance: k 1, c 5.
    assertThat(combination.outcomes().get(3))
        .isEqualTo(new NeighbourOutcome("c", NeighbourStatus.FILTERED, 0.0, 5.0, null));
    assertThat(scores).containsOnly(Map.entry("k", 1.0), Map.entry("c", 5.0));
  }

  @Test
  void overflowingDistanceIsRejectedNotRemoved() {
    // a is rejected, so F = 1 chooses between b and the Byzantine neighbour: removing the
    // Byzantine one leaves (1 − 1)/2 = 0, loss 0.125, against 1.1/1.01, loss 0.174.
    CombineInput input =
        Inputs.constant(
            1.0,
            0.0,
            List.of(0.5),
            neighbour("a", 1e200),
            neighbour("b", -1.0),
            neighbour("byzantine", 10.0));

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());

    List<NeighbourOutcome> outcomes = combination.outcomes();
    assertThat(outcomes.get(1).status()).isEqualTo(NeighbourStatus.REJECTED);
    assertThat(outcomes.get(1).reason())
        .isEqualTo("non-finite squared distance Infinity to the previous model");
    assertThat(outcomes.get(2).weight()).isCloseTo(0.5, within(TOLERANCE));
    assertThat(outcomes.get(3).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(combination.parameters()[0]).isCloseTo(0.0, within(TOLERANCE));
  }

  /** {@link ConstantModel} whose loss is NaN for candidates below {@code threshold}. */
  private static Model nanBelow(double threshold) {
    return new ConstantModel() {
      @Override
      public double loss(double[] parameters, List<Sample> batch) {
        return parameters[0] < threshold ? Double.NaN : super.loss(parameters, batch);
      }
    };
  }

  @Test
  void nonFiniteLossNeverWins() {
    // The candidates of removing b (0.0498) and the Byzantine neighbour (2/9) have NaN losses,
    // so removing a (1.270) wins.
    CombineInput input =
        Inputs.input(
            nanBelow(0.5),
            new double[] {1.0},
            new double[] {0.0},
            List.of(ConstantModel.target(0.5)),
            oneByzantine());

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());

    assertThat(combination.outcomes().get(1).status()).isEqualTo(NeighbourStatus.FILTERED);
    assertThat(combination.outcomes().get(3).status()).isEqualTo(NeighbourStatus.ACCEPTED);
    assertThat(combination.parameters()[0]).isCloseTo(1.6 / 1.26, within(TOLERANCE));
  }

  @Test
  void allNonFiniteLossesRemoveFirstSubset() {
    CombineInput input =
        Inputs.input(
            nanBelow(Double.POSITIVE_INFINITY),
            new double[] {1.0},
            new double[] {0.0},
            List.of(ConstantModel.target(0.5)),
            oneByzantine());

    Combination combination = new SubsetSearchRule(1, 1.0, 1.0).combine(input, new HashMap<>());

    assertThat(combination.outcomes())
        .extracting(NeighbourOutcome::status)
        .containsExactly(
            NeighbourStatus.SELF,
            NeighbourStatus.FILTERED,
            NeighbourStatus.ACCEPTED,
            NeighbourStatus.ACCEPTED);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 5", "2, 10", "3, 10", "5, 1"})
  void evaluatesEverySubsetOfSizeF(int f, int expectedEvaluations) {
    int[] evaluations = {0};
    Model counting =
        new ConstantModel() {
          @Override
          public double loss(double[] parameters, List<Sample> batch) {
            evaluations[0]++;
            return super.loss(parameters, batch);
          }
        };
    CombineInput input =
        Inputs.input(
            counting,
            new double[] {1.0},
            new double[] {0.0},
            List.of(ConstantModel.target(0.5)),
            neighbour("a", 1.0),
            neighbour("b", 2.0),
            neighbour("c", 3.0),
            neighbour("d", 4.0),
            neighbour("e", 5.0));

    new SubsetSearchRule(f, 1.0, 1.0).combine(input, new HashMap<>());

    // C(5, F) candidates: 1 (not evaluated), 5, 10, 10 and 1.
    assertThat(evaluations[0]).isEqualTo(expectedEvaluations);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "3, 3", "3, 8"})
  void neighbourhoodWithFNeighboursAccepted(int f, int inNeighbours) {
    assertThatNoException()
        .isThrownBy(() -> new SubsetSearchRule(f, 0.1, 1.0).validateNeighbourhood(inNeighbours));
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "3, 2", "9, 8"})
  void neighbourhoodBelowFRejected(int f, int inNeighbours) {
    assertThatThrownBy(() -> new SubsetSearchRule(f, 0.1, 1.0).validateNeighbourhood(inNeighbours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Subset search with F = "
                + f
                + " needs at least F in-neighbours to remove, but an agent has "
                + inNeighbours
                + "; lower F to at most "
                + inNeighbours
                + " or give the agent more in-neighbours");
  }

  @Test
  void negativeNeighbourCountRejected() {
    assertThatThrownBy(() -> new SubsetSearchRule(0, 0.1, 1.0).validateNeighbourhood(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Number of in-neighbours must be >= 0, got -2; pass the length of the agent's"
                + " in-neighbour list");
  }

  @Test
  void negativeFRejected() {
    assertThatThrownBy(() -> new SubsetSearchRule(-2, 0.1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "F, the number of Byzantine in-neighbours to tolerate, must be >= 0, got -2; use a"
                + " value such as 1");
  }

  @Test
  void nameAndParameters() {
    SubsetSearchRule rule = new SubsetSearchRule(2, 0.25, 3.0);

    assertThat(rule.name()).isEqualTo("subset-search");
    assertThat(rule.f()).isEqualTo(2);
    assertThat(rule.nu()).isEqualTo(0.25);
    assertThat(rule.initialScore()).isEqualTo(3.0);
    assertThat(rule).hasToString("SubsetSearchRule{F=2, nu=0.25, gamma0=3.0}");
  }
}
