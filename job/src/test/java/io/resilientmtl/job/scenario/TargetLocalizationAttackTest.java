package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.job.attack.Attack;
import io.resilientmtl.job.attack.AttackPlan;
import io.resilientmtl.job.attack.SignFlipAttack;
import io.resilientmtl.job.attack.SilentAttack;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetLocalizationAttackTest {

  private static final TargetLocalizationScenario DEFAULT =
      new TargetLocalizationScenario(Config.defaults());

  /** Models of the default scenario with seed 1, as drawn before attacks were configurable. */
  @Test
  void defaultAttackReproducesEarlierModels() {
    assertThat(DEFAULT.byzantineAgents())
        .containsExactlyInAnyOrder(
            "a008", "a009", "a011", "a015", "a022", "a025", "a027", "a029", "a031", "a041", "a047",
            "a053", "a054", "a058", "a069", "a072", "a074", "a080", "a081", "a092");
    assertThat(DEFAULT.byzantineModel("a008", 0, Map.of()))
        .containsExactly(15.156495026739696, 15.965750584902752);
    assertThat(DEFAULT.byzantineModel("a041", 7, Map.of()))
        .containsExactly(15.876592559517796, 15.032303970898546);
    assertThat(DEFAULT.byzantineModel("a092", 499, Map.of()))
        .containsExactly(15.055340339812954, 15.148536037766954);
  }

  @Test
  void defaultAttackIgnoresHonestModels() {
    Map<String, double[]> honest = new HashMap<>();
    for (String agent : DEFAULT.normalAgents()) {
      honest.put(agent, new double[] {10, 10});
    }

    assertThat(DEFAULT.byzantineModel("a008", 3, honest))
        .containsExactly(15.156495026739696, 15.965750584902752);
    assertThat(DEFAULT.silentAttackers(3)).isEmpty();
  }

  @Test
  void defaultSamplesUnchanged() {
    TimedSample first = DEFAULT.samples(3).get(0);

    assertThat(first.agentId()).isEqualTo("a000");
    assertThat(first.sample().targets())
        .containsExactly(10.06628148388365, 10.074982086785797, 11.88701560254759);
    assertThat(DEFAULT.topology().inNeighbours("a000"))
        .containsExactly("a007", "a034", "a035", "a045", "a055", "a060", "a067", "a087", "a095");
  }

  @Test
  void boxConstantSpecStaysInBox() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().attack("box-constant:15,16").build());

    for (String agent : scenario.byzantineAgents()) {
      double[] first = scenario.byzantineModel(agent, 0, Map.of());
      for (double value : first) {
        assertThat(value).isGreaterThanOrEqualTo(15.0).isLessThan(16.0);
      }
      assertThat(scenario.byzantineModel(agent, 250, Map.of())).containsExactly(first);
    }
    // Each attacker draws from its own stream, not from the default's shared one.
    assertThat(scenario.byzantineModel("a008", 0, Map.of()))
        .isNotEqualTo(DEFAULT.byzantineModel("a008", 0, Map.of()));
  }

  @Test
  void attackSpecLeavesPlacementAlone() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().attack("sign-flip").build());

    assertThat(scenario.byzantineAgents()).isEqualTo(DEFAULT.byzantineAgents());
    assertThat(scenario.topology()).isEqualTo(DEFAULT.topology());
  }

  /**
   * a008's victims are its normal out-neighbours. With every normal agent at (2, 4), the mean of
   * their honest in-neighbours is (2, 4) and the sign flip publishes (−2, −4).
   */
  @Test
  void signFlipUsesHonestModels() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().attack("sign-flip").build());
    Map<String, double[]> honest = new HashMap<>();
    for (String agent : scenario.normalAgents()) {
      honest.put(agent, new double[] {2, 4});
    }

    assertThat(scenario.byzantineModel("a008", 5, honest)).containsExactly(-2, -4);
  }

  @Test
  void silentAttackersMatchNullModels() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().attack("intermittent:0.3").build());
    Map<String, double[]> honest = new HashMap<>();
    for (String agent : scenario.normalAgents()) {
      honest.put(agent, new double[] {1, 1});
    }
    int silentCount = 0;

    for (int round = 0; round < 50; round++) {
      Set<String> silent = scenario.silentAttackers(round);
      for (String attacker : scenario.byzantineAgents()) {
        boolean isNull = scenario.byzantineModel(attacker, round, honest) == null;
        assertThat(silent.contains(attacker))
            .as("%s in round %d", attacker, round)
            .isEqualTo(isNull);
        if (isNull) {
          silentCount++;
        }
      }
    }
    // 1000 draws with p = 0.3: the count lies within 0.3 · 1000 ± 100, about seven sigma.
    assertThat(silentCount).isBetween(200, 400);
  }

  @Test
  void planGivesEachAttackerItsAttack() {
    List<String> attackers = List.copyOf(DEFAULT.byzantineAgents());
    Map<String, Attack> attacks = new HashMap<>();
    for (String attacker : attackers) {
      attacks.put(attacker, new SignFlipAttack());
    }
    attacks.put("a008", new SilentAttack());

    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.defaults(), AttackPlan.of(attacks, 1));

    assertThat(scenario.silentAttackers(0)).containsExactly("a008");
    assertThat(scenario.byzantineModel("a008", 0, Map.of())).isNull();
    assertThat(scenario.byzantineModel("a009", 0, Map.of())).isNotNull();
  }

  @Test
  void planForOtherAgentsRejected() {
    AttackPlan plan = AttackPlan.uniform("silent", List.of("a000"), 1);

    assertThatThrownBy(() -> new TargetLocalizationScenario(Config.defaults(), plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "The attack plan covers [a000], but the Byzantine agents are [a008,");
  }

  @Test
  void planAndSpecTogetherRejected() {
    AttackPlan plan = AttackPlan.uniform("silent", DEFAULT.byzantineAgents(), 1);

    assertThatThrownBy(
            () -> new TargetLocalizationScenario(Config.builder().attack("silent").build(), plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Both an attack plan and the attack spec 'silent' were given; set only one");
  }

  @Test
  void attackOfWrongDimensionRejected() {
    assertThatThrownBy(
            () -> new TargetLocalizationScenario(Config.builder().attack("fixed:1,2,3").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(
            "does not fit the model: Fixed model has 3 parameters, but the scenario's model has"
                + " dimension 2");
  }

  @Test
  void invalidSpecRejectedByConfig() {
    assertThatThrownBy(() -> Config.builder().attack("scale").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid attack spec 'scale': the values are missing");
  }

  /** a000 and a006 have no Byzantine in-neighbour by default; both ask for two here. */
  @Test
  void placementMeetsInNeighbourMinimums() {
    for (String agent : List.of("a000", "a006")) {
      assertThat(DEFAULT.topology().inNeighbours(agent))
          .doesNotContainAnyElementsOf(DEFAULT.byzantineAgents());
    }
    Map<String, Integer> minimums = Map.of("a000", 2, "a006", 2);

    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().minByzantineInNeighbours(minimums).build());

    assertThat(scenario.byzantineAgents()).hasSize(20);
    assertThat(scenario.normalAgents()).contains("a000", "a006").hasSize(80);
    for (String agent : List.of("a000", "a006")) {
      long byzantine =
          scenario.topology().inNeighbours(agent).stream()
              .filter(scenario.byzantineAgents()::contains)
              .count();
      assertThat(byzantine).as("Byzantine in-neighbours of %s", agent).isGreaterThanOrEqualTo(2);
    }
    assertThat(scenario.topology()).isEqualTo(DEFAULT.topology());
  }

  @Test
  void placementIsSeeded() {
    Config config = Config.builder().minByzantineInNeighbours(Map.of("a000", 3)).build();

    assertThat(new TargetLocalizationScenario(config).byzantineAgents())
        .isEqualTo(new TargetLocalizationScenario(config).byzantineAgents());
  }

  @Test
  void placementMinimumOnByzantineCandidateKeepsItNormal() {
    // a008 is Byzantine by default; a minimum makes it normal.
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(
            Config.builder().minByzantineInNeighbours(Map.of("a008", 1)).build());

    assertThat(scenario.normalAgents()).contains("a008");
    assertThat(scenario.topology().inNeighbours("a008"))
        .containsAnyElementsOf(scenario.byzantineAgents());
  }

  @Test
  void placementNeedingTooManyRejected() {
    Config config =
        Config.builder()
            .byzantineAgents(1)
            .noisyDirectionAgents(0)
            .minByzantineInNeighbours(Map.of("a000", 2))
            .build();

    assertThatThrownBy(() -> new TargetLocalizationScenario(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "minByzantineInNeighbours needs 2 Byzantine agents with this seed, more than"
                + " byzantineAgents = 1; raise byzantineAgents or lower the minimums");
  }

  @Test
  void placementForUnknownAgentRejected() {
    Config config = Config.builder().minByzantineInNeighbours(Map.of("a100", 1)).build();

    assertThatThrownBy(() -> new TargetLocalizationScenario(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "minByzantineInNeighbours names unknown agent 'a100'; ids run from a000 to a099");
  }

  @Test
  void placementBeyondInNeighbourCountRejected() {
    // With a radius of 0.01 almost no agent has an in-neighbour.
    Config config =
        Config.builder().neighbourRadius(0.01).minByzantineInNeighbours(Map.of("a000", 1)).build();

    assertThatThrownBy(() -> new TargetLocalizationScenario(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Agent a000 has 0 in-neighbours outside minByzantineInNeighbours, fewer than its"
                + " minimum of 1 Byzantine in-neighbours; choose another agent or raise"
                + " neighbourRadius");
  }

  @Test
  void minimumAboveMaxInNeighboursRejected() {
    assertThatThrownBy(() -> Config.builder().minByzantineInNeighbours(Map.of("a000", 10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "minByzantineInNeighbours of a000 must be in [1, maxInNeighbours] = [1, 9], got 10");
  }

  @Test
  void builderRoundTripKeepsNewFields() {
    Config config =
        Config.builder().attack("perturb:0.1").minByzantineInNeighbours(Map.of("a000", 2)).build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
