package io.resilientmtl.job.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.job.scenario.Seeds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttackContextTest {

  @Test
  void honestMeanCountsSharedNeighbourOnce() {
    assertThat(AttacksTest.context(0, 1).honestMean()).containsExactly(3, 6);
  }

  @Test
  void honestMeanSkipsNeighboursWithoutModel() {
    AttackContext context =
        new AttackContext(
            "b",
            0,
            2,
            List.of("v"),
            Map.of("v", List.of("h1", "h2")),
            Map.of("h1", new double[] {2, 4}, "x", new double[] {100, 100}),
            1,
            2);

    assertThat(context.honestMean()).containsExactly(2, 4);
  }

  /** No victim's neighbour has a model, so the mean is over x = (1, 3) and y = (3, 5). */
  @Test
  void honestMeanFallsBackToAllKnownModels() {
    AttackContext context =
        new AttackContext(
            "b",
            0,
            2,
            List.of("v"),
            Map.of("v", List.of("h1")),
            Map.of("x", new double[] {1, 3}, "y", new double[] {3, 5}),
            1,
            2);

    assertThat(context.honestMean()).containsExactly(2, 4);
  }

  @Test
  void honestMeanWithoutVictimsUsesAllKnownModels() {
    AttackContext context =
        new AttackContext("b", 0, 2, List.of(), Map.of(), Map.of("x", new double[] {1, 3}), 1, 2);

    assertThat(context.honestMean()).containsExactly(1, 3);
  }

  @Test
  void honestMeanWithoutModelsIsZero() {
    AttackContext context =
        new AttackContext("b", 0, 3, List.of("v"), Map.of("v", List.of("h")), Map.of(), 1, 2);

    assertThat(context.honestMean()).containsExactly(0, 0, 0);
  }

  @Test
  void honestMeanRejectsWrongLength() {
    AttackContext context =
        new AttackContext(
            "b", 0, 2, List.of(), Map.of(), Map.of("x", new double[] {1, 2, 3}), 1, 2);

    assertThatThrownBy(context::honestMean)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Honest model of x has length 3, expected the dimension 2");
  }

  @Test
  void randomRestartsOnEveryCall() {
    AttackContext context = AttacksTest.context(0, 5);

    double first = context.random().nextDouble();

    assertThat(context.random().nextDouble()).isEqualTo(first);
    assertThat(context.attackerRandom().nextDouble()).isNotEqualTo(first);
  }

  @Test
  void deriveMixesBothSeeds() {
    AttackContext context = AttacksTest.context(0, 5);

    AttackContext derived = context.derive(1);

    assertThat(derived.roundSeed()).isEqualTo(Seeds.mix(5, 1));
    assertThat(derived.attackerSeed()).isEqualTo(Seeds.mix(context.attackerSeed(), 1));
    assertThat(derived.honestMean()).containsExactly(3, 6);
  }

  @Test
  void negativeRoundRejected() {
    assertThatThrownBy(() -> new AttackContext("b", -1, 2, List.of(), Map.of(), Map.of(), 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("round must be >= 0, got -1");
  }
}
