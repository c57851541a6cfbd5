package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.job.attack.AttackPlan;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AirbaseAttackTest {

  private static List<StationSeries> bundled;

  @BeforeAll
  static void readBundled() throws IOException {
    bundled = AirbaseData.readBundled();
  }

  /**
   * Models of station DEBE032 with the default settings, as drawn before attacks were configurable.
   */
  @Test
  void defaultAttackReproducesEarlierModels() {
    AirbaseScenario scenario = new AirbaseScenario(bundled, AirbaseScenario.Config.defaults());

    assertThat(scenario.byzantineAgents())
        .containsExactlyInAnyOrder(
            "DEBE032", "DEBE056", "DEHE034", "DEHE051", "DENI059", "DENW064", "DEUB004", "DEUB028",
            "DEUB031", "DEUB035");
    assertThat(scenario.byzantineModel("DEBE032", 0, Map.of()))
        .containsExactly(
            -19.08105022909985, 6.862619762426544, -8.411491681547428, -9.166806345489098);
    assertThat(scenario.byzantineModel("DEBE032", 1, Map.of()))
        .containsExactly(
            -16.556634180530025, -17.97812247709723, 9.927550133038245, -8.421871059214684);
    assertThat(scenario.byzantineModel("DEBE032", 500, Map.of()))
        .containsExactly(
            -8.228324785979586, 12.992533167707798, -2.9814008639795944, 4.747518270431669);
    assertThat(scenario.silentAttackers(0)).isEmpty();
  }

  @Test
  void boxFreshSpecEqualsDefault() {
    AirbaseScenario standard = new AirbaseScenario(bundled, AirbaseScenario.Config.defaults());
    AirbaseScenario fromSpec =
        new AirbaseScenario(
            bundled, AirbaseScenario.Config.defaults().withAttack("box-fresh:-20,20"));

    for (String station : standard.byzantineAgents()) {
      for (int round : new int[] {0, 1, 365, 1095}) {
        assertThat(fromSpec.byzantineModel(station, round, Map.of()))
            .as("%s in round %d", station, round)
            .containsExactly(standard.byzantineModel(station, round, Map.of()));
      }
    }
  }

  @Test
  void attackKeptByOtherWithMethods() {
    AirbaseScenario.Config config =
        AirbaseScenario.Config.defaults().withAttack("silent").withSeed(3).withByzantineStations(2);

    assertThat(config.attack()).isEqualTo("silent");
    assertThat(config.seed()).isEqualTo(3);
  }

  @Test
  void silentAttackersMatchNullModels() {
    AirbaseScenario scenario =
        new AirbaseScenario(
            bundled,
            AirbaseScenario.Config.defaults().withAttack("intermittent:0.5,scale-random:0.1"));
    Map<String, double[]> honest = new HashMap<>();
    for (String station : scenario.normalAgents()) {
      honest.put(station, new double[] {0.1, 0.2, 0.3, 0.4});
    }
    int silentCount = 0;

    for (int round = 0; round < 30; round++) {
      Set<String> silent = scenario.silentAttackers(round);
      for (String attacker : scenario.byzantineAgents()) {
        double[] model = scenario.byzantineModel(attacker, round, honest);
        assertThat(silent.contains(attacker))
            .as("%s in round %d", attacker, round)
            .isEqualTo(model == null);
        if (model == null) {
          silentCount++;
        }
      }
    }
    // 300 draws with p = 0.5: the count lies within 150 ± 60, about seven sigma.
    assertThat(silentCount).isBetween(90, 210);
  }

  @Test
  void planForOtherStationsRejected() {
    AttackPlan plan = AttackPlan.uniform("silent", List.of("DESH001"), 1);

    assertThatThrownBy(() -> new AirbaseScenario(bundled, AirbaseScenario.Config.defaults(), plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "The attack plan covers [DESH001], but the Byzantine stations are [DEBE032,");
  }
}
