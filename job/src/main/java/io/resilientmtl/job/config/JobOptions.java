package io.resilientmtl.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the job, declared once with its key, type, default and description. Values are
 * checked in {@link JobSettings#from}.
 */
public final class JobOptions {

  private JobOptions() {}

  // --- Kafka ---------------------------------------------------------------------------------

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("resilient-mtl")
          .withDescription("Consumer group id of the job's Kafka sources.");

  public static final ConfigOption<String> SAMPLES_TOPIC =
      ConfigOptions.key("kafka.topics.samples")
          .stringType()
          .defaultValue("sensor-samples")
          .withDescription("Topic of SensorSample records, keyed by agent id.");

  public static final ConfigOption<String> UPDATES_TOPIC =
      ConfigOptions.key("kafka.topics.model-updates")
          .stringType()
          .defaultValue("model-updates")
          .withDescription(
              "Topic of ModelUpdate records, keyed by sender. The job reads its neighbours' "
                  + "models from it and publishes its own agents' models to it.");

  public static final ConfigOption<String> AGENT_MODELS_TOPIC =
      ConfigOptions.key("kafka.topics.agent-models")
          .stringType()
          .defaultValue("agent-models")
          .withDescription("Topic of AgentModel snapshots, one per agent and round.");

  public static final ConfigOption<String> DEAD_LETTER_TOPIC =
      ConfigOptions.key("kafka.topics.dead-letter")
          .stringType()
          .defaultValue("dead-letter")
          .withDescription(
              "Topic of DeadLetter records: input the job could not decode or rejected.");

  /** Prefix of Kafka client properties passed through unchanged, such as security settings. */
  public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

  // --- Rounds and event time -----------------------------------------------------------------

  public static final ConfigOption<Duration> ROUND_LENGTH =
      ConfigOptions.key("rounds.length")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Round length T in event time. Round i covers [i * T, (i + 1) * T) since the epoch.");

  public static final ConfigOption<Duration> ROUND_GRACE =
      ConfigOptions.key("rounds.grace")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "Extra event time after the end of round i + 1 before round i is combined without "
                  + "the neighbours that have not arrived. Must be shorter than rounds.length.");

  public static final ConfigOption<Integer> MAX_ROUNDS_AHEAD =
      ConfigOptions.key("rounds.max-ahead")
          .intType()
          .defaultValue(8)
          .withDescription(
              "How many rounds ahead of an agent's current round a neighbour's update is buffered; "
                  + "updates further ahead go to the dead-letter topic. Also how many rounds "
                  + "behind event time an agent's first sample may be; older first samples go "
                  + "there as late.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("watermarks.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription("How far behind the newest sample a sample may arrive and still count.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("watermarks.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "Processing time without samples after which a source subtask stops holding back "
                  + "event time. 0 disables idleness detection.");

  public static final ConfigOption<Duration> MAX_FUTURE =
      ConfigOptions.key("watermarks.max-future")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "How far ahead of the clock of the machine that reads the samples a sample's "
                  + "timestamp may be, at least 1 ms. Samples stamped further ahead go to the "
                  + "dead-letter topic: one of them would advance event time for every agent, "
                  + "which would then run every round in between.");

  // --- Learning --------------------------------------------------------------------------------

  public static final ConfigOption<String> MODEL =
      ConfigOptions.key("learning.model")
          .stringType()
          .defaultValue("linear-regression")
          .withDescription(
              "Model family: linear-regression, target-localization, softmax-regression, mlp,"
                  + " cnn (one 3x3 convolution, 2x2 max-pooling and a dense softmax layer on a"
                  + " square image), or mlp-regression (ReLU hidden layers, linear outputs, squared"
                  + " loss).");

  public static final ConfigOption<Integer> FEATURES =
      ConfigOptions.key("learning.features")
          .intType()
          .defaultValue(3)
          .withDescription("Number of input features of every model but target-localization.");

  public static final ConfigOption<Integer> OUTPUTS =
      ConfigOptions.key("learning.outputs")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Number of outputs of linear-regression and mlp-regression, or of classes of"
                  + " softmax-regression and mlp.");

  public static final ConfigOption<String> HIDDEN_LAYERS =
      ConfigOptions.key("learning.hidden-layers")
          .stringType()
          .defaultValue("32")
          .withDescription(
              "Hidden layer sizes of mlp and mlp-regression, comma-separated, such as 64,32; for"
                  + " cnn, the number of convolution channels.");

  public static final ConfigOption<String> OPTIMIZER =
      ConfigOptions.key("learning.optimizer")
          .stringType()
          .defaultValue("sgd")
          .withDescription(
              "Optimizer of the local step: sgd, or adam (beta1 0.9, beta2 0.999, epsilon 1e-8), "
                  + "whose moments are kept per agent in keyed state.");

  public static final ConfigOption<Integer> MINI_BATCH_SIZE =
      ConfigOptions.key("learning.mini-batch-size")
          .intType()
          .defaultValue(0)
          .withDescription(
              "Samples per optimizer step within a round, in arrival order; 0 takes the round's "
                  + "whole batch in one step.");

  public static final ConfigOption<Double> STEP_SIZE =
      ConfigOptions.key("learning.step-size")
          .doubleType()
          .defaultValue(0.1)
          .withDescription("Step size mu (learning rate) of the local step, > 0.");

  public static final ConfigOption<Integer> LOCAL_STEPS =
      ConfigOptions.key("learning.local-steps")
          .intType()
          .defaultValue(1)
          .withDescription("Passes over the round's batch per round, >= 1.");

  public static final ConfigOption<String> INIT =
      ConfigOptions.key("learning.init")
          .stringType()
          .defaultValue("zeros")
          .withDescription(
              "Initial parameters: zeros, uniform in [init-low, init-high), or normal with mean 0 "
                  + "and standard deviation init-high (needed by mlp and mlp-regression).");

  public static final ConfigOption<Double> INIT_LOW =
      ConfigOptions.key("learning.init-low")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("Lower bound of uniform initial parameters.");

  public static final ConfigOption<Double> INIT_HIGH =
      ConfigOptions.key("learning.init-high")
          .doubleType()
          .defaultValue(1.0)
          .withDescription("Upper bound (exclusive) of uniform initial parameters.");

  public static final ConfigOption<Long> INIT_SEED =
      ConfigOptions.key("learning.init-seed")
          .longType()
          .defaultValue(0L)
          .withDescription(
              "Seed of random initial parameters, mixed with each agent id unless "
                  + "learning.init-shared is true.");

  public static final ConfigOption<Boolean> INIT_SHARED =
      ConfigOptions.key("learning.init-shared")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "true to start every agent from the same random parameters, drawn from "
                  + "learning.init-seed alone, as networks with hidden layers (mlp, "
                  + "mlp-regression, cnn) need for their models to be combined; false to draw "
                  + "each agent's start from its own stream.");

  public static final ConfigOption<String> RULE =
      ConfigOptions.key("combine.rule")
          .stringType()
          .defaultValue("loss-based")
          .withDescription(
              "Combine rule: loss-based, no-cooperation, average, distance-based, median, "
                  + "trimmed-mean or subset-search.");

  public static final ConfigOption<Integer> SCORE_WINDOW =
      ConfigOptions.key("combine.score-window")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Rounds of the agent's own samples on which loss-based and subset-search score "
                  + "models, >= 1: the current round's and those of the rounds before it. 1 "
                  + "scores on the current round's samples alone; more steadies the scores of "
                  + "agents that see one sample per round.");

  public static final ConfigOption<Integer> WARM_UP_ROUNDS =
      ConfigOptions.key("combine.warm-up-rounds")
          .intType()
          .defaultValue(0)
          .withDescription(
              "Rounds, counted from the first round in which the agent adapted, in which it "
                  + "keeps its own model, >= 0. The rule still scores the neighbours in these rounds but gives "
                  + "them weight 0. A model that starts from random parameters fits its data "
                  + "worse than almost any model in its first rounds, a near-zero Byzantine one "
                  + "included, so the loss-based filter keeps little out until the agent has "
                  + "learnt something.");

  public static final ConfigOption<Integer> F =
      ConfigOptions.key("combine.f")
          .intType()
          .defaultValue(1)
          .withDescription(
              "Number F of neighbours that trimmed-mean trims on each side and subset-search "
                  + "removes; every agent needs at least 2F in-neighbours for trimmed-mean and F "
                  + "for subset-search.");

  public static final ConfigOption<Double> FORGETTING_FACTOR =
      ConfigOptions.key("combine.forgetting-factor")
          .doubleType()
          .defaultValue(0.1)
          .withDescription(
              "Forgetting factor nu in (0, 1] of the accumulated loss or distance: the weight of "
                  + "the newest round.");

  public static final ConfigOption<Double> INITIAL_SCORE =
      ConfigOptions.key("combine.initial-score")
          .doubleType()
          .defaultValue(10.0)
          .withDescription(
              "Accumulated loss r0 (or distance) of a neighbour before its first round, > 0.");

  // --- Topology, parallelism, fault tolerance --------------------------------------------------

  public static final ConfigOption<String> TOPOLOGY_FILE =
      ConfigOptions.key("topology.file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "YAML file with the in-neighbours of every agent the job hosts. Required. A relative "
                  + "path is resolved against the configuration file's folder.");

  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("job.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of every operator of the job.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("job.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Checkpoint interval. Checkpointing is always on.");

  public static final ConfigOption<String> CHECKPOINT_DIRECTORY =
      ConfigOptions.key("job.checkpoint-directory")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Directory URI for checkpoints, such as file:///var/checkpoints or s3://bucket/path."
                  + " Unset, the cluster's own checkpoint storage applies; a local run then keeps"
                  + " checkpoints in the job manager's memory, which is limited to 5 MB.");

  public static final ConfigOption<Duration> BUFFER_TIMEOUT =
      ConfigOptions.key("job.buffer-timeout")
          .durationType()
          .defaultValue(Duration.ofMillis(5))
          .withDescription(
              "Maximum time a network buffer waits before it is sent. Each round crosses the "
                  + "network several times, so this bounds the rounds per second.");
}
