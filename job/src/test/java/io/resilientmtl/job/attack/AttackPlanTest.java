package io.resilientmtl.job.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.job.scenario.Seeds;
import io.resilientmtl.job.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Plans on a five-agent graph: b1 and b2 attack, n1 to n3 are normal. In-neighbours: n1 ← {b1, n2},
 * n2 ← {b1, b2, n3}, n3 ← {n1}, b1 ← {n1}, b2 ← {}.
 */
class AttackPlanTest {

  private static final Topology GRAPH =
      Topology.of(
          Map.of(
              "n1", List.of("b1", "n2"),
              "n2", List.of("b1", "b2", "n3"),
              "n3", List.of("n1"),
              "b1", List.of("n1"),
              "b2", List.of()));

  private static final Map<String, double[]> HONEST =
      Map.of("n1", new double[] {1, 1}, "n2", new double[] {2, 4}, "n3", new double[] {6, 10});

  @Test
  void contextListsVictimsAndHonestNeighbours() {
    AttackPlan plan = AttackPlan.uniform("sign-flip", List.of("b1", "b2"), 7);

    AttackContext context = plan.context("b1", 4, GRAPH, 2, HONEST);

    assertThat(context.victims()).containsExactly("n1", "n2");
    assertThat(context.honestInNeighbours())
        .containsOnlyKeys("n1", "n2")
        .containsEntry("n1", List.of("n2"))
        .containsEntry("n2", List.of("n3"));
    assertThat(context.round()).isEqualTo(4);
    assertThat(context.dimension()).isEqualTo(2);
  }

  /** The victims' honest in-neighbours of b1 are n2 and n3: mean (4, 7). */
  @Test
  void modelUsesVictimsNeighbours() {
    AttackPlan plan = AttackPlan.uniform("sign-flip", List.of("b1", "b2"), 7);

    assertThat(plan.model("b1", 0, GRAPH, 2, HONEST)).containsExactly(-4, -7);
  }

  /** b2's only victim n2 has honest in-neighbour n3 = (6, 10). */
  @Test
  void eachAttackerHasOwnVictims() {
    AttackPlan plan = AttackPlan.uniform("scale:2", List.of("b1", "b2"), 7);

    assertThat(plan.model("b2", 0, GRAPH, 2, HONEST)).containsExactly(12, 20);
  }

  /** Ids in sorted order get indices 0 and 1, whatever order they were given in. */
  @Test
  void seedsFollowDocumentedFormula() {
    AttackPlan plan = AttackPlan.uniform("box-fresh:0,1", List.of("b2", "b1"), 7);

    AttackContext context = plan.context("b2", 5, GRAPH, 2, HONEST);

    assertThat(context.attackerSeed()).isEqualTo(Seeds.mix(7, AttackPlan.DEFAULT_STREAM, 1));
    assertThat(context.roundSeed()).isEqualTo(Seeds.mix(7, AttackPlan.DEFAULT_STREAM, 1, 5));
    SplittableRandom expected = new SplittableRandom(Seeds.mix(7, 0, 1, 5));
    assertThat(plan.model("b2", 5, GRAPH, 2, HONEST))
        .containsExactly(expected.nextDouble(), expected.nextDouble());
  }

  @Test
  void explicitIndicesAndStreamUsed() {
    AttackPlan plan =
        AttackPlan.of(
            Map.of("b1", new BoxAttack(0, 1, BoxAttack.Draw.FRESH)),
            Map.of("b1", 42, "n1", 0),
            9,
            3);

    SplittableRandom expected = new SplittableRandom(Seeds.mix(9, 3, 42, 2));
    assertThat(plan.model("b1", 2, GRAPH, 2, Map.of()))
        .containsExactly(expected.nextDouble(), expected.nextDouble());
  }

  @Test
  void sameSeedSameModelsInAnyOrder() {
    List<String> attackers = List.of("b1", "b2");
    AttackPlan forward = AttackPlan.uniform("perturb:0.3", attackers, 7);
    AttackPlan backward = AttackPlan.uniform("perturb:0.3", attackers, 7);
    Map<String, double[]> forwardModels = new HashMap<>();
    for (int round = 0; round < 6; round++) {
      for (String attacker : attackers) {
        forwardModels.put(attacker + "@" + round, forward.model(attacker, round, GRAPH, 2, HONEST));
      }
    }

    for (int round = 5; round >= 0; round--) {
      for (String attacker : List.of("b2", "b1")) {
        assertThat(backward.model(attacker, round, GRAPH, 2, HONEST))
            .as("%s in round %d", attacker, round)
            .containsExactly(forwardModels.get(attacker + "@" + round));
      }
    }
  }

  @Test
  void otherSeedOtherModels() {
    AttackPlan first = AttackPlan.uniform("box-fresh:-20,20", List.of("b1"), 7);
    AttackPlan second = AttackPlan.uniform("box-fresh:-20,20", List.of("b1"), 8);

    assertThat(second.model("b1", 0, GRAPH, 2, HONEST))
        .isNotEqualTo(first.model("b1", 0, GRAPH, 2, HONEST));
  }

  @Test
  void silentAttackersMatchNullModels() {
    Map<String, Attack> attacks =
        Map.of(
            "b1",
            IntermittentAttack.copyingHonestMean(0.4),
            "b2",
            new IntermittentAttack(0.7, new SignFlipAttack()));
    AttackPlan plan = AttackPlan.of(attacks, 3);
    List<Integer> roundsWithSilence = new ArrayList<>();

    for (int round = 0; round < 60; round++) {
      Set<String> silent = plan.silentAttackers(round);
      for (String attacker : plan.attackers()) {
        boolean isNull = plan.model(attacker, round, GRAPH, 2, HONEST) == null;
        assertThat(silent.contains(attacker))
            .as("%s in round %d", attacker, round)
            .isEqualTo(isNull);
      }
      if (!silent.isEmpty()) {
        roundsWithSilence.add(round);
      }
    }
    assertThat(roundsWithSilence).isNotEmpty().hasSizeLessThan(60);
  }

  @Test
  void silentAttackerAlwaysListed() {
    AttackPlan plan =
        AttackPlan.of(Map.of("b1", new SilentAttack(), "b2", new SignFlipAttack()), 3);

    assertThat(plan.silentAttackers(0)).containsExactly("b1");
    assertThat(plan.silentAttackers(17)).containsExactly("b1");
  }

  @Test
  void unknownAttackerRejected() {
    AttackPlan plan = AttackPlan.uniform("silent", List.of("b1"), 3);

    assertThatThrownBy(() -> plan.model("n1", 0, GRAPH, 2, HONEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent n1 is not an attacker of this plan");
  }

  @Test
  void nullWithoutSilenceRejected() {
    Attack broken = context -> null;
    AttackPlan plan = AttackPlan.of(Map.of("b1", broken), 3);

    assertThatThrownBy(() -> plan.model("b1", 0, GRAPH, 2, HONEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(" of b1 in round 0 published no model but does not report silence");
  }

  @Test
  void wrongLengthRejected() {
    Attack tooLong = context -> new double[] {1, 2, 3};
    AttackPlan plan = AttackPlan.of(Map.of("b1", tooLong), 3);

    assertThatThrownBy(() -> plan.model("b1", 0, GRAPH, 2, HONEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(" of b1 published 3 parameters, expected 2");
  }

  @Test
  void checkDimensionNamesAttacker() {
    AttackPlan plan = AttackPlan.uniform("model-aware:1,2,3,0.1", List.of("b1"), 3);

    assertThatThrownBy(() -> plan.checkDimension(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Attack of b1 does not fit the model: Target model has 3 parameters, but the"
                + " scenario's model has dimension 2");
  }

  @Test
  void sharedIndexRejected() {
    assertThatThrownBy(
            () ->
                AttackPlan.of(
                    Map.of("b1", new SilentAttack(), "b2", new SilentAttack()),
                    Map.of("b1", 0, "b2", 0),
                    1,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(" shares index 0 with another attacker");
  }
}
