package io.resilientmtl.job.experiment;

import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scenario builders and per-agent measures shared by the experiments. */
final class SmallNetworks {

  /** Rounds of the 30-agent experiments. */
  static final int SMALL_ROUNDS = 300;

  /** Direction noise σ_u of the agents that the scenario makes noisy. */
  private static final double NOISY_DIRECTION = 0.1;

  private SmallNetworks() {}

  /**
   * Returns the 30-agent target-localization network: four targets, positions in [0, 1.5]² so that
   * most agents have the maximum of 9 in-neighbours within distance 1.
   *
   * @param attack attack spec of the Byzantine agents, or {@code null} for the default constant box
   */
  static TargetLocalizationScenario thirtyAgents(int byzantine, String attack, long seed) {
    return new TargetLocalizationScenario(thirtyAgentsBuilder(byzantine, attack, seed).build());
  }

  /**
   * Returns the 30-agent network with {@code byzantine} Byzantine agents, in which the agents with
   * high direction noise are the ones drawn for {@code maxByzantine} Byzantine agents. Byzantine
   * agents are the first ones of one seeded order, so the agents normal at {@code maxByzantine} are
   * normal at every smaller count, and the noisy agents stay the same as the count grows.
   */
  static TargetLocalizationScenario thirtyAgentsWithFixedNoise(
      int byzantine, int maxByzantine, String attack, long seed) {
    TargetLocalizationScenario largest = thirtyAgents(maxByzantine, attack, seed);
    List<Integer> noisy = new ArrayList<>();
    for (String agent : largest.normalAgents()) {
      if (largest.directionNoise(agent) == NOISY_DIRECTION) {
        // Ids are "a" followed by the zero-padded index.
        noisy.add(Integer.parseInt(agent.substring(1)));
      }
    }
    return new TargetLocalizationScenario(
        thirtyAgentsBuilder(byzantine, attack, seed).noisyDirectionIndices(noisy).build());
  }

  private static TargetLocalizationScenario.Builder thirtyAgentsBuilder(
      int byzantine, String attack, long seed) {
    TargetLocalizationScenario.Builder builder =
        Config.defaults().toBuilder()
            .agents(30)
            .byzantineAgents(byzantine)
            .noisyDirectionAgents(Math.min(2, 30 - byzantine))
            .areaSide(1.5)
            .rounds(SMALL_ROUNDS + RuleRuns.EXTRA_ROUNDS)
            .seed(seed);
    if (attack != null) {
      builder.attack(attack);
    }
    return builder;
  }

  /** Returns the MSD of the given agents' models from their true targets. */
  static double msd(
      TargetLocalizationScenario scenario, Map<String, double[]> models, Iterable<String> agents) {
    double sum = 0;
    int count = 0;
    for (String agent : agents) {
      double[] w = models.get(agent);
      double[] target = scenario.trueModel(agent);
      for (int j = 0; j < target.length; j++) {
        sum += (w[j] - target[j]) * (w[j] - target[j]);
      }
      count++;
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Returns the task index (target number) of every normal agent. */
  static Map<String, Integer> tasks(TargetLocalizationScenario scenario) {
    Map<String, Integer> tasks = new HashMap<>();
    for (String agent : scenario.normalAgents()) {
      double[] target = scenario.trueModel(agent);
      for (int t = 0; t < scenario.config().targets().size(); t++) {
        TargetLocalizationScenario.Point point = scenario.config().targets().get(t);
        if (point.x() == target[0] && point.y() == target[1]) {
          tasks.put(agent, t);
        }
      }
    }
    return tasks;
  }
}
