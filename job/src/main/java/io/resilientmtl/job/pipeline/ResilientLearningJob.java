package io.resilientmtl.job.pipeline;

import io.resilientmtl.job.config.InvalidSettingException;
import io.resilientmtl.job.config.JobOptions;
import io.resilientmtl.job.config.JobSettings;
import io.resilientmtl.job.event.AgentSnapshot;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.job.operators.AgentLearner;
import io.resilientmtl.job.operators.SampleDrivenWatermarks;
import io.resilientmtl.job.operators.UpdateRouter;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.combine.CombineRule;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The streaming job: samples and neighbour updates in, one learner per agent, models out.
 *
 * <pre>
 * samples ──────────────────┐
 *                           ├─ union ─ watermarks from samples ─ route updates ─ keyBy(agent) ─ AgentLearner
 * model updates ────────────┘                                                       │ psi ─► model updates
 *                                                                                   │ snapshots ─► agent models
 *                                                           decode failures, rejects ─► dead letters
 * </pre>
 *
 * <p>Sources and sinks are handed in, so tests run the same graph on in-memory or embedded-Kafka
 * connectors. Operator uids are stable: changing one breaks restoring from savepoints.
 */
public final class ResilientLearningJob {

  // Operator uids are part of the savepoint format.
  public static final String SAMPLES_SOURCE_UID = "samples-source";
  public static final String UPDATES_SOURCE_UID = "model-updates-source";
  public static final String WATERMARKS_UID = "sample-watermarks";
  public static final String ROUTER_UID = "update-router";
  public static final String LEARNER_UID = "agent-learner";
  public static final String UPDATES_SINK_UID = "model-updates-sink";
  public static final String AGENT_MODELS_SINK_UID = "agent-models-sink";
  public static final String DEAD_LETTER_SINK_UID = "dead-letter-sink";

  /** Side output of records that failed to decode or were rejected. */
  public static final OutputTag<DeadLetterEvent> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterEvent.class));

  private final JobSettings settings;
  private final Topology topology;
  private final Source<Inbound, ?, ?> samplesSource;
  private final Source<Inbound, ?, ?> updatesSource;
  private final Sink<UpdateEvent> updatesSink;
  private final Sink<AgentSnapshot> agentModelsSink;
  private final Sink<DeadLetterEvent> deadLetterSink;

  public ResilientLearningJob(
      JobSettings settings,
      Topology topology,
      Source<Inbound, ?, ?> samplesSource,
      Source<Inbound, ?, ?> updatesSource,
      Sink<UpdateEvent> updatesSink,
      Sink<AgentSnapshot> agentModelsSink,
      Sink<DeadLetterEvent> deadLetterSink) {
    this.settings = settings;
    this.topology = topology;
    this.samplesSource = samplesSource;
    this.updatesSource = updatesSource;
    this.updatesSink = updatesSink;
    this.agentModelsSink = agentModelsSink;
    this.deadLetterSink = deadLetterSink;
    validateNeighbourhoods(settings, topology);
  }

  /**
   * Checks every hosted agent's neighbourhood against the combine rule, so that an F too large for
   * some agent stops the job at submission instead of failing a round later.
   *
   * @throws InvalidSettingException naming {@code combine.f} and the first agent that fails
   */
  public static void validateNeighbourhoods(JobSettings settings, Topology topology) {
    CombineRule rule = settings.learning().createRule();
    for (String agent : topology.agents()) {
      int neighbours = topology.inNeighbours(agent).size();
      try {
        rule.validateNeighbourhood(neighbours);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(
            "Invalid value '"
                + settings.learning().f()
                + "' for '"
                + JobOptions.F.key()
                + "': agent "
                + agent
                + " has "
                + neighbours
                + " in-neighbours. "
                + e.getMessage(),
            e);
      }
    }
  }

  /** Applies the job's parallelism, checkpointing and latency settings to {@code env}. */
  public void configure(StreamExecutionEnvironment env) {
    env.setParallelism(settings.parallelism());
    env.enableCheckpointing(settings.checkpointIntervalMillis());
    env.setBufferTimeout(settings.bufferTimeoutMillis());
    // Every record type of the graph is a Flink POJO; a Kryo fallback would be a bug.
    Configuration pipeline = new Configuration();
    pipeline.set(PipelineOptions.GENERIC_TYPES, false);
    if (settings.checkpointDirectory() != null) {
      pipeline.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      pipeline.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDirectory());
    }
    env.configure(pipeline);
  }

  /** Adds the job graph to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    TypeInformation<Inbound> inboundType = TypeInformation.of(Inbound.class);
    // Event time is assigned after the union, from samples only; the sources emit none.
    DataStream<Inbound> samples =
        env.fromSource(samplesSource, WatermarkStrategy.noWatermarks(), "samples", inboundType)
            .uid(SAMPLES_SOURCE_UID);
    DataStream<Inbound> updates =
        env.fromSource(
                updatesSource, WatermarkStrategy.noWatermarks(), "model updates", inboundType)
            .uid(UPDATES_SOURCE_UID);

    SingleOutputStreamOperator<Inbound> routed =
        samples
            .union(updates)
            .assignTimestampsAndWatermarks(
                SampleDrivenWatermarks.strategy(
                    settings.outOfOrdernessMillis(), settings.idlenessMillis()))
            .uid(WATERMARKS_UID)
            .name("watermarks from samples")
            .process(new UpdateRouter(topology, DEAD_LETTERS), inboundType)
            .uid(ROUTER_UID)
            .name("route updates to receivers");

    SingleOutputStreamOperator<UpdateEvent> models =
        routed
            .keyBy(Inbound::agentKey, TypeInformation.of(String.class))
            .process(
                new AgentLearner(
                    settings.learning(),
                    topology,
                    settings.roundMillis(),
                    settings.graceMillis(),
                    settings.maxRoundsAhead(),
                    DEAD_LETTERS),
                TypeInformation.of(UpdateEvent.class))
            .uid(LEARNER_UID)
            .name("agent learner");

    models.sinkTo(updatesSink).uid(UPDATES_SINK_UID).name("publish models");
    models
        .getSideOutput(AgentLearner.SNAPSHOTS)
        .sinkTo(agentModelsSink)
        .uid(AGENT_MODELS_SINK_UID)
        .name("publish snapshots");
    routed
        .getSideOutput(DEAD_LETTERS)
        .union(models.getSideOutput(DEAD_LETTERS))
        .sinkTo(deadLetterSink)
        .uid(DEAD_LETTER_SINK_UID)
        .name("dead letters");
  }

  /** Configures {@code env}, builds the graph and submits it without waiting for it to end. */
  public JobClient executeAsync(StreamExecutionEnvironment env, String jobName) throws Exception {
    configure(env);
    build(env);
    return env.executeAsync(jobName);
  }

  /** Returns the round length as a duration, for logs and reports. */
  public Duration roundLength() {
    return Duration.ofMillis(settings.roundMillis());
  }
}
