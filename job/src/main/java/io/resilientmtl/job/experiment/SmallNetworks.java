package io.resilientmtl.job.experiment;

import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Config;
import java.util.HashMap;
import java.util.Map;

/** Scenario builders and per-agent measures shared by the experiments. */
final class SmallNetworks {

  /** Rounds of the 30-agent experiments. */
  static final int SMALL_ROUNDS = 300;

  private SmallNetworks() {}

  /**
   * Returns the 30-agent target-localization network: four targets, positions in [0, 1.5]² so that
   * most agents have the maximum of 9 in-neighbours within distance 1.
   *
   * @param attack attack spec of the Byzantine agents, or {@code null} for the default constant box
   */
  static TargetLocalizationScenario thirtyAgents(int byzantine, String attack, long seed) {
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
    return new TargetLocalizationScenario(builder.build());
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
