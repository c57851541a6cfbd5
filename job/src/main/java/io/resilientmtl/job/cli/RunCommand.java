package io.resilientmtl.job.cli;

import io.resilientmtl.job.config.InvalidSettingException;
import io.resilientmtl.job.config.JobOptions;
import io.resilientmtl.job.config.JobSettings;
import io.resilientmtl.job.kafka.KafkaJobFactory;
import io.resilientmtl.job.pipeline.ResilientLearningJob;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.job.topology.TopologyFile;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the streaming job against an existing Kafka cluster. Locally this starts a Flink
 * MiniCluster; under {@code flink run} the same command submits the job to the cluster.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the streaming job against the Kafka cluster named in the configuration.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = {"-c", "--config"},
      description = "Job configuration YAML file (default: ${DEFAULT-VALUE}).",
      defaultValue = "conf/job.yaml")
  Path config;

  @Option(
      names = "--set",
      description =
          "Override one setting, as key=value; repeatable, for example --set combine.rule=average.")
  java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();

  @Option(
      names = "--create-topics",
      description =
          "Create missing topics with this many partitions before starting (0: do not create).",
      defaultValue = "0")
  int createTopicsPartitions;

  @Option(names = "--help-settings", description = "Print every setting with its default and exit.")
  boolean helpSettings;

  @Override
  public Integer call() throws Exception {
    if (helpSettings) {
      printSettings();
      return 0;
    }
    Configuration conf = JobSettings.loadYaml(config);
    overrides.forEach(conf::setString);
    Path baseDir = config.toAbsolutePath().getParent();
    JobSettings settings = JobSettings.from(conf, baseDir);
    settings.requireBootstrapServers();
    Topology topology = loadTopology(settings);
    // An F that some neighbourhood cannot support is a settings error: report it before Kafka.
    ResilientLearningJob.validateNeighbourhoods(settings, topology);
    LOG.info(
        "Starting job: {} agents in the topology, rule {}, rounds of {} ms, Kafka {}",
        topology.agents().size(),
        settings.learning().rule(),
        settings.roundMillis(),
        settings.bootstrapServers());
    if (createTopicsPartitions > 0) {
      KafkaJobFactory.createTopics(settings, createTopicsPartitions, (short) 1);
    } else {
      // Fails fast, naming the broker, when Kafka is unreachable or a topic is missing.
      KafkaJobFactory.requireTopics(settings);
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaJobFactory.create(settings, topology)
        .executeAsync(env, "resilient-mtl " + settings.learning().rule())
        .getJobExecutionResult()
        .get();
    return 0;
  }

  static Topology loadTopology(JobSettings settings) {
    try {
      return TopologyFile.load(settings.topologyFile());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "Invalid setting '" + JobOptions.TOPOLOGY_FILE.key() + "': " + e.getMessage(), e);
    }
  }

  private static String defaultText(Object value) {
    return value instanceof java.time.Duration duration
        ? TimeUtils.formatWithHighestUnit(duration)
        : String.valueOf(value);
  }

  private static void printSettings() throws IllegalAccessException {
    for (Field field : JobOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.get(null) instanceof ConfigOption<?> option) {
        System.out.printf(
            "%-30s default: %-20s %s%n",
            option.key(),
            option.hasDefaultValue() ? defaultText(option.defaultValue()) : "(none)",
            new HtmlFormatter()
                .format(option.description())
                .replaceAll("<[^>]+>", "")
                .replace("&gt;", ">")
                .replace("&lt;", "<")
                .replace("&amp;", "&"));
      }
    }
    System.out.printf(
        "%-30s %s%n",
        JobOptions.KAFKA_PROPERTIES_PREFIX + "*",
        "Kafka client properties passed through, such as security settings.");
  }
}
