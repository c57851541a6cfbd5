package io.resilientmtl.learning.combine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CombineRulesTest {

  private static final String VALID_NAMES =
      "loss-based, no-cooperation, average, distance-based, median, trimmed-mean, subset-search";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no-cooperation",
        "average",
        "distance-based",
        "loss-based",
        "median",
        "trimmed-mean",
        "subset-search"
      })
  void createsRuleByName(String name) {
    CombineRule rule = CombineRules.create(name, 0.1, 1.0);

    assertThat(rule.name()).isEqualTo(name);
    assertThat(CombineRules.create(name, 0.1, 1.0, 1).name()).isEqualTo(name);
  }

  @Test
  void namesListEveryRule() {
    assertThat(String.join(", ", CombineRules.NAMES)).isEqualTo(VALID_NAMES);
  }

  @Test
  void createsConfiguredRules() {
    assertThat(CombineRules.create("loss-based", 0.2, 3.0))
        .isInstanceOfSatisfying(
            LossBasedRule.class,
            rule -> {
              assertThat(rule.nu()).isEqualTo(0.2);
              assertThat(rule.initialScore()).isEqualTo(3.0);
            });
    assertThat(CombineRules.create("distance-based", 0.4, 5.0))
        .isInstanceOfSatisfying(
            DistanceBasedRule.class,
            rule -> {
              assertThat(rule.nu()).isEqualTo(0.4);
              assertThat(rule.initialScore()).isEqualTo(5.0);
            });
  }

  @Test
  void createsRulesWithF() {
    assertThat(CombineRules.create("trimmed-mean", Double.NaN, 0.0, 2))
        .isInstanceOfSatisfying(TrimmedMeanRule.class, rule -> assertThat(rule.f()).isEqualTo(2));
    assertThat(CombineRules.create("subset-search", 0.3, 4.0, 1))
        .isInstanceOfSatisfying(
            SubsetSearchRule.class,
            rule -> {
              assertThat(rule.f()).isEqualTo(1);
              assertThat(rule.nu()).isEqualTo(0.3);
              assertThat(rule.initialScore()).isEqualTo(4.0);
            });
  }

  @Test
  void threeArgumentFormUsesFZero() {
    assertThat(CombineRules.create("trimmed-mean", 0.1, 1.0))
        .isInstanceOfSatisfying(TrimmedMeanRule.class, rule -> assertThat(rule.f()).isZero());
    assertThat(CombineRules.create("subset-search", 0.1, 1.0))
        .isInstanceOfSatisfying(SubsetSearchRule.class, rule -> assertThat(rule.f()).isZero());
  }

  @Test
  void baselinesIgnoreUnusedParameters() {
    assertThat(CombineRules.create("average", 0.0, -1.0)).isInstanceOf(AverageRule.class);
    assertThat(CombineRules.create("no-cooperation", Double.NaN, 0.0))
        .isInstanceOf(NoCooperationRule.class);
    assertThat(CombineRules.create("median", Double.NaN, -1.0, -1))
        .isInstanceOf(CoordinateMedianRule.class);
    assertThat(CombineRules.create("loss-based", 0.1, 1.0, -1)).isInstanceOf(LossBasedRule.class);
    assertThat(CombineRules.create("trimmed-mean", 0.0, -1.0, 1))
        .isInstanceOf(TrimmedMeanRule.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Median", "trimmed_mean", "Loss-Based", "loss_based"})
  void unknownNameRejected(String name) {
    assertThatThrownBy(() -> CombineRules.create(name, 0.1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown combine rule '" + name + "'; expected one of " + VALID_NAMES);
  }

  @ParameterizedTest
  @NullSource
  void missingNameRejected(String name) {
    assertThatThrownBy(() -> CombineRules.create(name, 0.1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Combine rule name is missing; expected one of " + VALID_NAMES);
  }

  @ParameterizedTest
  @CsvSource({
    "loss-based, 0.0",
    "loss-based, -0.5",
    "loss-based, 1.5",
    "loss-based, NaN",
    "distance-based, 0.0",
    "distance-based, 1.0000001",
    "distance-based, Infinity",
    "subset-search, 0.0",
    "subset-search, NaN"
  })
  void invalidForgettingFactorRejected(String name, double nu) {
    assertThatThrownBy(() -> CombineRules.create(name, nu, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Forgetting factor nu must be in (0, 1], got " + nu + "; use a value such as 0.1");
  }

  @ParameterizedTest
  @CsvSource({
    "loss-based, r0, 0.0",
    "loss-based, r0, -1.0",
    "loss-based, r0, NaN",
    "loss-based, r0, Infinity",
    "distance-based, gamma0, 0.0",
    "distance-based, gamma0, -2.0",
    "subset-search, gamma0, -1.0",
    "subset-search, gamma0, Infinity"
  })
  void invalidInitialScoreRejected(String name, String parameter, double initialScore) {
    assertThatThrownBy(() -> CombineRules.create(name, 0.1, initialScore))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Initial score "
                + parameter
                + " must be finite and > 0, got "
                + initialScore
                + "; use a value such as 1.0");
  }

  @ParameterizedTest
  @CsvSource({"trimmed-mean, -1", "subset-search, -3"})
  void negativeFRejected(String name, int f) {
    assertThatThrownBy(() -> CombineRules.create(name, 0.1, 1.0, f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "F, the number of Byzantine in-neighbours to tolerate, must be >= 0, got "
                + f
                + "; use a value such as 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-cooperation", "average", "distance-based", "loss-based", "median"})
  void rulesWithoutFAcceptAnyNeighbourhood(String name) {
    CombineRule rule = CombineRules.create(name, 0.1, 1.0, 3);

    assertThatNoException().isThrownBy(() -> rule.validateNeighbourhood(0));
  }

  @Test
  void forgettingFactorOneAccepted() {
    assertThat(new LossBasedRule(1.0, 1.0).nu()).isEqualTo(1.0);
  }
}
