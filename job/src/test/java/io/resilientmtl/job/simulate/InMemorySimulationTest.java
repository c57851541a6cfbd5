package io.resilientmtl.job.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Config;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Point;
import io.resilientmtl.job.simulate.InMemorySimulation.Result;
import io.resilientmtl.job.simulate.InMemorySimulation.Settings;
import io.resilientmtl.learning.model.ParameterInitializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySimulationTest {

  private static final double TOLERANCE = 1e-12;

  /** μ = 0.5 from zero models, so psi_a = 0.5 · (3, 4) = (1.5, 2) and psi_b = (1, 0). */
  private static Settings handSettings(String rule) {
    return new Settings(rule, 0.5, 0.5, 10.0, 1, ParameterInitializer.zeros());
  }

  @Test
  void averageRoundByHand() {
    TwoAgentScenarioWithTruth scenario = new TwoAgentScenarioWithTruth(false, 1);

    Result result = new InMemorySimulation(scenario, handSettings("average")).run();

    // w_a = (psi_a + psi_b + (9, 9)) / 3 and w_b = (psi_a + psi_b) / 2.
    assertThat(result.finalModels().get("a"))
        .containsExactly(new double[] {11.5 / 3, 11.0 / 3}, within(TOLERANCE));
    assertThat(result.finalModels().get("b"))
        .containsExactly(new double[] {1.25, 1.0}, within(TOLERANCE));
    RoundMetrics round = result.metrics().rounds().get(0);
    // ½‖(3, 4)‖² = 12.5 and ½‖(2, 0)‖² = 2 with the zero models held before the round.
    assertThat(round.meanLoss()).isCloseTo((12.5 + 2.0) / 2, within(TOLERANCE));
    // (|3| + |4|) / 2 = 3.5 and (|2| + |0|) / 2 = 1; the range target is not a prediction.
    assertThat(round.meanAbsError()).isCloseTo((3.5 + 1.0) / 2, within(TOLERANCE));
    // a gives 1/3 to z, b gives nothing, over 2 normal agents.
    assertThat(round.byzantineWeight()).isCloseTo(1.0 / 6, within(TOLERANCE));
    // ‖(11.5/3 − 3, 11/3 − 4)‖² = 7.25/9 and ‖(1.25 − 2, 1 − 0)‖² = 1.5625.
    assertThat(round.msd()).isCloseTo((7.25 / 9 + 1.5625) / 2, within(TOLERANCE));
  }

  @Test
  void silentAttackerIsMissing() {
    TwoAgentScenario scenario = new TwoAgentScenario(true, 1);

    Result result = new InMemorySimulation(scenario, handSettings("average")).run();

    assertThat(result.finalModels().get("a"))
        .containsExactly(new double[] {1.25, 1.0}, within(TOLERANCE));
    assertThat(result.metrics().rounds().get(0).byzantineWeight()).isZero();
  }

  @Test
  void msdNotMeasuredWithoutTrueModels() {
    Result result =
        new InMemorySimulation(new TwoAgentScenario(false, 1), handSettings("average")).run();

    assertThat(result.metrics().rounds().get(0).msd()).isNaN();
    assertThat(result.metrics().rounds().get(0).meanLoss()).isCloseTo(7.25, within(TOLERANCE));
  }

  /**
   * ν = 0.5 and r0 = 10, with the weighting loss (d − u·w)² on the agent's own reading:
   *
   * <ul>
   *   <li>a, u = (0.6, 0.8), d = 5: own psi (1.5, 2) gives (5 − 2.5)² = 6.25, so r = 8.125; b's (1,
   *       0) gives 4.4² = 19.36, so r = 14.68; z's (9, 9) gives 7.6² = 57.76, so r = 33.88. Both
   *       are filtered and w_a = psi_a.
   *   <li>b, u = (1, 0), d = 2: own psi (1, 0) gives 1, so r = 5.5; a's (1.5, 2) gives 0.25, so r =
   *       5.125. Weights are (2/11, 8/41) normalized: 41/85 for b and 44/85 for a, so w_b = (41/85
   *       + 66/85, 88/85).
   * </ul>
   */
  @Test
  void lossBasedFirstRoundUsesR0() {
    TwoAgentScenario scenario = new TwoAgentScenario(false, 1);

    Result result = new InMemorySimulation(scenario, handSettings("loss-based")).run();

    assertThat(result.finalModels().get("a"))
        .containsExactly(new double[] {1.5, 2.0}, within(TOLERANCE));
    assertThat(result.finalModels().get("b"))
        .containsExactly(new double[] {107.0 / 85, 88.0 / 85}, within(TOLERANCE));
    assertThat(result.metrics().rounds().get(0).byzantineWeight()).isZero();
  }

  @Test
  void attackerSeesModelsHeldAtRoundStart() {
    TwoAgentScenario scenario = new TwoAgentScenario(false, 2);

    new InMemorySimulation(scenario, handSettings("average")).run();

    assertThat(scenario.modelsSeenByAttacker).hasSize(2);
    Map<String, double[]> round0 = scenario.modelsSeenByAttacker.get(0);
    assertThat(round0.get("a")).containsExactly(0.0, 0.0);
    assertThat(round0.get("b")).containsExactly(0.0, 0.0);
    Map<String, double[]> round1 = scenario.modelsSeenByAttacker.get(1);
    assertThat(round1.get("a"))
        .containsExactly(new double[] {11.5 / 3, 11.0 / 3}, within(TOLERANCE));
    assertThat(round1.get("b")).containsExactly(new double[] {1.25, 1.0}, within(TOLERANCE));
  }

  @Test
  void runStopsAfterRequestedRounds() {
    TwoAgentScenario scenario = new TwoAgentScenario(false, 10);

    Result result = new InMemorySimulation(scenario, handSettings("no-cooperation")).run(3);

    assertThat(result.metrics().rounds()).extracting(RoundMetrics::round).containsExactly(0, 1, 2);
    // Each no-cooperation step halves the distance to the fix (3, 4): 1 − 0.5³ of it is covered.
    assertThat(result.finalModels().get("a"))
        .containsExactly(new double[] {3 * 0.875, 4 * 0.875}, within(TOLERANCE));
  }

  @Test
  void tooManyRoundsRejected() {
    InMemorySimulation simulation =
        new InMemorySimulation(new TwoAgentScenario(false, 2), handSettings("average"));

    assertThatThrownBy(() -> simulation.run(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rounds must be in [1, 2], got 3");
  }

  @Test
  void adamFirstStepMovesByStepSize() {
    TwoAgentScenario scenario = new TwoAgentScenario(false, 1);
    Settings settings = handSettings("no-cooperation").withOptimizer("adam");

    Result result = new InMemorySimulation(scenario, settings).run();

    // Adam's first step is α·g/(|g| + ε) per coordinate: the gradients at 0 are −(3, 4) for a and
    // −(2, 0) for b, so with α = 0.5 each nonzero coordinate moves by 0.5 and the zero one stays.
    assertThat(result.finalModels().get("a"))
        .containsExactly(new double[] {0.5, 0.5}, within(1e-8));
    assertThat(result.finalModels().get("b"))
        .containsExactly(new double[] {0.5, 0.0}, within(1e-8));
  }

  @Test
  void unknownOptimizerRejectedAtConstruction() {
    assertThatThrownBy(() -> handSettings("average").withOptimizer("rmsprop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimizer must be sgd or adam, got 'rmsprop'");
  }

  @Test
  void unknownRuleRejectedAtConstruction() {
    assertThatThrownBy(() -> handSettings("krum"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown combine rule 'krum'");
  }

  /** Twelve agents on [0, 1.5]², three targets, two Byzantine agents at [15, 16]², seed 1. */
  private static TargetLocalizationScenario smallNetwork() {
    return new TargetLocalizationScenario(
        Config.builder()
            .agents(12)
            .targets(List.of(new Point(10, 10), new Point(10, 20), new Point(20, 10)))
            .byzantineAgents(2)
            .noisyDirectionAgents(1)
            .areaSide(1.5)
            .rounds(200)
            .seed(1)
            .build());
  }

  /**
   * Without cooperation each agent keeps the steady-state MSD of an exponential average of its own
   * fixes, μ/(2 − μ) ≈ 0.053 times the trace of the fix covariance. The one agent with σ_u = 0.1
   * has fixes that scatter by about 0.1 times its range of 10 to 22 along each axis, which alone
   * adds an estimated 0.04 to the network mean. The loss-based rule also averages the fixes of
   * neighbours with the same target and stays below 0.03, a level the non-cooperative run does not
   * reach.
   */
  @Test
  void lossBasedBeatsNoCooperation() {
    double threshold = 0.03;
    TargetLocalizationScenario scenario = smallNetwork();

    List<Result> results =
        InMemorySimulation.compareRules(
            scenario,
            Settings.targetLocalization("loss-based", 1),
            List.of("loss-based", "no-cooperation", "average"));

    RuleResult lossBased = results.get(0).metrics();
    RuleResult noCooperation = results.get(1).metrics();
    RuleResult average = results.get(2).metrics();
    assertThat(lossBased.rule()).isEqualTo("loss-based");
    assertThat(noCooperation.rule()).isEqualTo("no-cooperation");
    assertThat(lossBased.mean(Metric.MSD, 150)).isLessThan(threshold);
    assertThat(noCooperation.mean(Metric.MSD, 150)).isGreaterThan(threshold);
    // The attackers at [15, 16]² pull the average far from every target.
    assertThat(average.mean(Metric.MSD, 150)).isGreaterThan(10.0);
  }

  /**
   * Early on, the Byzantine models near (15.5, 15.5) explain an agent's ranges better than its own
   * model, which starts in [0, 1]², so the loss-based rule accepts them. Once the agents' own
   * estimates are closer to their targets, the accumulated losses filter every attacker out.
   */
  @Test
  void lossBasedDropsAttackersAfterWarmUp() {
    int warmUpRounds = 60;
    Result result =
        new InMemorySimulation(smallNetwork(), Settings.targetLocalization("loss-based", 1)).run();

    for (RoundMetrics round : result.metrics().rounds()) {
      if (round.round() >= warmUpRounds) {
        assertThat(round.byzantineWeight())
            .as("Byzantine weight in round %d", round.round())
            .isZero();
      }
    }
    assertThat(result.metrics().rounds().get(0).byzantineWeight()).isPositive();
  }

  @Test
  void sameSettingsGiveSameRun() {
    Settings settings = Settings.targetLocalization("loss-based", 3);

    Result first = new InMemorySimulation(smallNetwork(), settings).run(50);
    Result second = new InMemorySimulation(smallNetwork(), settings).run(50);

    assertThat(second.metrics()).isEqualTo(first.metrics());
    first
        .finalModels()
        .forEach((agent, w) -> assertThat(second.finalModels().get(agent)).containsExactly(w));
  }
}
