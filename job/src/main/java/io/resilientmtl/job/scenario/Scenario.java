package io.resilientmtl.job.scenario;

import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Model;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seeded, reproducible experiment: agents with sample streams, a graph, and Byzantine agents.
 *
 * <p>Round i covers event time [start + i * T, start + (i + 1) * T). Byzantine agents have no
 * samples: they only publish models on the update topic, under their own ids.
 */
public interface Scenario {

  /** Returns a short name used in file and topic names, such as {@code target-localization}. */
  String name();

  /** Returns the model family every normal agent learns. */
  Model model();

  /** Returns the in-neighbours of every agent, Byzantine agents included. */
  Topology topology();

  /** Returns the ids of the normal agents, sorted. */
  List<String> normalAgents();

  /** Returns the ids of the Byzantine agents. */
  Set<String> byzantineAgents();

  /** Returns the event time of the start of round 0, in milliseconds since the Unix epoch. */
  long startMillis();

  /** Returns the round length T in milliseconds of event time. */
  long roundMillis();

  /** Returns the number of rounds the scenario runs. */
  int rounds();

  /** Returns the samples of every normal agent in {@code round}; deterministic for a seed. */
  List<TimedSample> samples(int round);

  /**
   * Returns the model a Byzantine agent publishes for {@code round}, or {@code null} when it stays
   * silent. {@code honestModels} contains the latest published models of the normal agents, for
   * attacks that build on them.
   */
  double[] byzantineModel(String agentId, int round, Map<String, double[]> honestModels);

  /**
   * Returns the Byzantine agents that stay silent in {@code round}: exactly those for which {@link
   * #byzantineModel} returns {@code null}, whatever honest models it is given. A caller that waits
   * for every model of a round can stop waiting for these at once. Defaults to the empty set, for
   * scenarios whose Byzantine agents always publish.
   */
  default Set<String> silentAttackers(int round) {
    return Set.of();
  }
}
