package io.resilientmtl.job.simulate;

import io.resilientmtl.job.scenario.Scenario;
import io.resilientmtl.job.scenario.TimedSample;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.TargetLocalization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two normal agents and one Byzantine agent, with the same reading in every round, small enough to
 * follow a simulation by hand.
 *
 * <p>Agent a sits at (0, 0) and reads direction (0.6, 0.8) and range 5, so its fix is (3, 4). Agent
 * b sits at (0, 0) and reads direction (1, 0) and range 2, so its fix is (2, 0). Agent z is
 * Byzantine and publishes (9, 9), or nothing when created silent. a listens to b and z, b listens
 * to a. Each round lasts 1000 ms from time 0.
 */
class TwoAgentScenario implements Scenario {

  private final boolean silentAttacker;
  private final int rounds;

  /** The models the attacker was shown, one map per call, copied. */
  final List<Map<String, double[]>> modelsSeenByAttacker = new ArrayList<>();

  TwoAgentScenario(boolean silentAttacker, int rounds) {
    this.silentAttacker = silentAttacker;
    this.rounds = rounds;
  }

  @Override
  public String name() {
    return "two-agents";
  }

  @Override
  public Model model() {
    return new TargetLocalization();
  }

  @Override
  public Topology topology() {
    return Topology.of(Map.of("a", List.of("b", "z"), "b", List.of("a"), "z", List.of()));
  }

  @Override
  public List<String> normalAgents() {
    return List.of("a", "b");
  }

  @Override
  public Set<String> byzantineAgents() {
    return Set.of("z");
  }

  @Override
  public long startMillis() {
    return 0;
  }

  @Override
  public long roundMillis() {
    return 1000;
  }

  @Override
  public int rounds() {
    return rounds;
  }

  @Override
  public List<TimedSample> samples(int round) {
    long timestamp = round * 1000L + 500L;
    double[] origin = {0.0, 0.0};
    return List.of(
        new TimedSample(
            "a", timestamp, TargetLocalization.observation(origin, new double[] {0.6, 0.8}, 5.0)),
        new TimedSample(
            "b", timestamp, TargetLocalization.observation(origin, new double[] {1.0, 0.0}, 2.0)));
  }

  @Override
  public double[] byzantineModel(String agentId, int round, Map<String, double[]> honestModels) {
    Map<String, double[]> copy = new HashMap<>();
    honestModels.forEach((agent, w) -> copy.put(agent, w.clone()));
    modelsSeenByAttacker.add(copy);
    return silentAttacker ? null : new double[] {9.0, 9.0};
  }
}
