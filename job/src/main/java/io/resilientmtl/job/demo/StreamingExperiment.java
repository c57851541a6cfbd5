package io.resilientmtl.job.demo;

import io.resilientmtl.connectors.TopicAdmin;
import io.resilientmtl.job.config.JobOptions;
import io.resilientmtl.job.config.JobSettings;
import io.resilientmtl.job.kafka.KafkaJobFactory;
import io.resilientmtl.job.kafka.RecordConversions;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.Scenario;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.job.topology.TopologyFile;
import io.resilientmtl.schema.AgentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario with one combine rule through the real streaming job: fresh topics on the given
 * broker, the job on a local Flink MiniCluster, and the lock-step pacer feeding samples and attacks
 * until the requested rounds are combined.
 */
public final class StreamingExperiment {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingExperiment.class);

  private final String bootstrapServers;
  private final LocalFlinkCluster cluster;
  private final Path workDirectory;
  private final int parallelism;
  private final Map<String, String> overrides;
  private Duration stallTimeout = Duration.ofSeconds(60);
  private boolean deleteTopicsAfterRun;

  /**
   * @param bootstrapServers the broker to use
   * @param cluster the Flink cluster that runs the jobs
   * @param workDirectory where topology files are written
   * @param parallelism parallelism of the job
   * @param overrides job settings that replace the defaults of {@link #settings}, such as {@code
   *     learning.step-size}
   */
  public StreamingExperiment(
      String bootstrapServers,
      LocalFlinkCluster cluster,
      Path workDirectory,
      int parallelism,
      Map<String, String> overrides) {
    this.bootstrapServers = bootstrapServers;
    this.cluster = cluster;
    this.workDirectory = workDirectory;
    this.parallelism = parallelism;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Deletes the four topics of each run once it ends. A broker that hosts hundreds of runs keeps
   * files open for every partition and can run out of file handles, so long experiments clean up.
   * By default the topics stay for inspection.
   */
  public StreamingExperiment deletingTopicsAfterRun() {
    this.deleteTopicsAfterRun = true;
    return this;
  }

  /** Sets how long a run may make no progress before it fails. */
  public StreamingExperiment stallTimeout(Duration value) {
    this.stallTimeout = value;
    return this;
  }

  /**
   * The outcome of one streaming run.
   *
   * @param metrics network-wide metrics per round
   * @param snapshots the normal agents' snapshots, by scenario round and agent id
   */
  public record Run(RuleResult metrics, Map<Integer, Map<String, AgentModel>> snapshots) {

    /** Returns each normal agent's parameters after the last collected round. */
    public Map<String, double[]> finalModels() {
      Map<String, double[]> models = new TreeMap<>();
      int last = metrics.last().orElseThrow().round();
      snapshots
          .get(last)
          .forEach(
              (agent, snapshot) ->
                  models.put(agent, RecordConversions.toArray(snapshot.getParameters())));
      return models;
    }
  }

  /**
   * Runs the scenario and returns the metrics of rounds 0 to {@code rounds - 1}.
   *
   * @param runName distinguishes the topics of this run from earlier ones on the same broker
   */
  public RuleResult run(Scenario scenario, String rule, String runName, int rounds)
      throws Exception {
    return runDetailed(scenario, rule, runName, rounds).metrics();
  }

  /** Runs the scenario like {@link #run} and also returns the snapshots. */
  public Run runDetailed(Scenario scenario, String rule, String runName, int rounds)
      throws Exception {
    JobSettings settings = settings(scenario, rule, runName);
    Topology topology = hostedTopology(scenario);
    KafkaJobFactory.createTopics(settings, 2, (short) 1);

    long started = System.nanoTime();
    JobID job = cluster.submit(KafkaJobFactory.create(settings, topology), runName + " " + rule);
    Map<Integer, Map<String, AgentModel>> snapshots;
    try (LockStepPacer pacer =
        new LockStepPacer(
            bootstrapServers,
            scenario,
            settings.samplesTopic(),
            settings.updatesTopic(),
            settings.agentModelsTopic(),
            stallTimeout)) {
      snapshots = pacer.run(rounds, () -> failIfJobStopped(job));
    } finally {
      cluster.cancel(job, Duration.ofSeconds(30));
      if (deleteTopicsAfterRun) {
        deleteTopics(settings);
      }
    }
    LOG.info(
        "{} with rule {}: {} rounds in {} s",
        scenario.name(),
        rule,
        rounds,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    List<RoundMetrics> metrics = SnapshotMetrics.all(snapshots, scenario, rounds);
    return new Run(RuleResult.of(rule, metrics), snapshots);
  }

  private void deleteTopics(JobSettings settings) {
    List<String> topics =
        List.of(
            settings.samplesTopic(),
            settings.updatesTopic(),
            settings.agentModelsTopic(),
            settings.deadLetterTopic());
    try (TopicAdmin admin = TopicAdmin.create(bootstrapServers)) {
      admin.deleteTopics(topics);
    } catch (RuntimeException e) {
      // The run's results are already collected, so a failed clean-up only leaves topics behind.
      LOG.warn("Could not delete the topics {} of a finished run: {}", topics, e.toString());
    }
  }

  private void failIfJobStopped(JobID job) {
    try {
      JobStatus status = cluster.status(job);
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException(
            "The job stopped with status " + status + " before the run ended; see its log.");
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the status of job " + job + ": " + e, e);
    }
  }

  /** Returns the job settings of a run: the scenario's round length and model, fresh topics. */
  JobSettings settings(Scenario scenario, String rule, String runName) throws IOException {
    Path topologyFile = workDirectory.resolve(runName + "-topology.yaml");
    TopologyFile.write(hostedTopology(scenario), topologyFile);

    Configuration conf = new Configuration();
    String prefix = runName + "." + rule + ".";
    conf.set(JobOptions.BOOTSTRAP_SERVERS, bootstrapServers);
    conf.set(JobOptions.GROUP_ID, prefix + "job");
    conf.set(JobOptions.SAMPLES_TOPIC, prefix + "samples");
    conf.set(JobOptions.UPDATES_TOPIC, prefix + "model-updates");
    conf.set(JobOptions.AGENT_MODELS_TOPIC, prefix + "agent-models");
    conf.set(JobOptions.DEAD_LETTER_TOPIC, prefix + "dead-letter");
    conf.set(JobOptions.ROUND_LENGTH, Duration.ofMillis(scenario.roundMillis()));
    // One more round of samples, stamped at mid-round, must pass the deadline: grace below T / 2.
    conf.set(JobOptions.ROUND_GRACE, Duration.ofMillis(scenario.roundMillis() / 4));
    conf.set(JobOptions.IDLENESS, Duration.ofSeconds(2));
    conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
    // Large models outgrow the job manager's in-memory checkpoint limit of 5 MB.
    conf.set(
        JobOptions.CHECKPOINT_DIRECTORY,
        workDirectory.resolve("checkpoints").toAbsolutePath().toUri().toString());
    conf.set(JobOptions.BUFFER_TIMEOUT, Duration.ofMillis(1));
    conf.set(JobOptions.PARALLELISM, parallelism);
    conf.set(JobOptions.RULE, rule);
    conf.set(JobOptions.TOPOLOGY_FILE, topologyFile.toString());
    conf.setString(JobOptions.KAFKA_PROPERTIES_PREFIX + "linger.ms", "1");
    overrides.forEach(conf::setString);
    return JobSettings.from(conf, workDirectory);
  }

  /** Returns the in-neighbour lists of the normal agents, the ones the job hosts. */
  static Topology hostedTopology(Scenario scenario) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String agent : scenario.normalAgents()) {
      lists.put(agent, scenario.topology().inNeighbours(agent));
    }
    return Topology.of(lists);
  }
}
