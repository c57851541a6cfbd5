package io.resilientmtl.job.config;

import static io.resilientmtl.job.config.JobOptions.*;

import io.resilientmtl.learning.combine.CombineRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The job's validated configuration. Build it with {@link #from(Configuration, Path)}, which checks
 * every value and names the key of the first invalid one.
 *
 * @param bootstrapServers Kafka bootstrap servers, or {@code null} when the caller supplies sources
 *     and sinks itself
 * @param groupId consumer group id
 * @param samplesTopic SensorSample topic
 * @param updatesTopic ModelUpdate topic
 * @param agentModelsTopic AgentModel topic
 * @param deadLetterTopic DeadLetter topic
 * @param kafkaProperties client properties passed through (security and tuning)
 * @param roundMillis round length T in milliseconds
 * @param graceMillis grace after the end of the next round, in milliseconds
 * @param maxRoundsAhead how many rounds ahead updates are buffered
 * @param outOfOrdernessMillis tolerated sample disorder in milliseconds
 * @param idlenessMillis idleness timeout in milliseconds, 0 for none
 * @param maxFutureMillis how far ahead of the wall clock a sample's timestamp may be, in
 *     milliseconds
 * @param learning model, optimizer and combine rule settings
 * @param topologyFile file with the in-neighbour lists
 * @param parallelism operator parallelism
 * @param checkpointIntervalMillis checkpoint interval in milliseconds
 * @param checkpointDirectory checkpoint directory URI, or {@code null} for the cluster's storage
 * @param bufferTimeoutMillis network buffer timeout in milliseconds
 */
public record JobSettings(
    String bootstrapServers,
    String groupId,
    String samplesTopic,
    String updatesTopic,
    String agentModelsTopic,
    String deadLetterTopic,
    Properties kafkaProperties,
    long roundMillis,
    long graceMillis,
    int maxRoundsAhead,
    long outOfOrdernessMillis,
    long idlenessMillis,
    long maxFutureMillis,
    LearningSettings learning,
    Path topologyFile,
    int parallelism,
    long checkpointIntervalMillis,
    String checkpointDirectory,
    long bufferTimeoutMillis)
    implements Serializable {

  /**
   * Reads and validates the settings.
   *
   * @param conf the configuration, for example from {@link #loadYaml(Path)}
   * @param baseDir folder against which a relative {@code topology.file} is resolved
   * @throws InvalidSettingException naming the key and the expected value of the first invalid
   *     setting
   */
  public static JobSettings from(Configuration conf, Path baseDir) {
    rejectUnknownKeys(conf);
    long roundMillis = positiveMillis(conf, ROUND_LENGTH);
    long graceMillis = get(conf, ROUND_GRACE, "a duration such as 200 ms").toMillis();
    if (graceMillis < 0 || graceMillis >= roundMillis) {
      throw new InvalidSettingException(
          ROUND_GRACE.key(),
          raw(conf, ROUND_GRACE),
          "a duration >= 0 and shorter than " + ROUND_LENGTH.key() + " (" + roundMillis + " ms)");
    }
    int maxAhead = atLeast(conf, MAX_ROUNDS_AHEAD, 1);
    long outOfOrderness = get(conf, OUT_OF_ORDERNESS, "a duration such as 2 s").toMillis();
    if (outOfOrderness < 0) {
      throw new InvalidSettingException(
          OUT_OF_ORDERNESS.key(), raw(conf, OUT_OF_ORDERNESS), "a duration >= 0");
    }
    long idleness = get(conf, IDLENESS, "a duration such as 30 s").toMillis();
    if (idleness < 0) {
      throw new InvalidSettingException(IDLENESS.key(), raw(conf, IDLENESS), "a duration >= 0");
    }
    long maxFuture = positiveMillis(conf, MAX_FUTURE, "1 h");

    LearningSettings learning = learning(conf);

    String topology = conf.get(TOPOLOGY_FILE);
    if (topology == null || topology.isBlank()) {
      throw new InvalidSettingException(
          "Missing setting '"
              + TOPOLOGY_FILE.key()
              + "': expected the path of a topology YAML file.");
    }
    Path topologyFile = baseDir.resolve(topology).normalize();

    Properties kafkaProperties = new Properties();
    conf.toMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(KAFKA_PROPERTIES_PREFIX)) {
                kafkaProperties.setProperty(key.substring(KAFKA_PROPERTIES_PREFIX.length()), value);
              }
            });

    String bootstrap = conf.get(BOOTSTRAP_SERVERS);
    return new JobSettings(
        bootstrap == null || bootstrap.isBlank() ? null : bootstrap.trim(),
        nonBlank(conf, GROUP_ID),
        nonBlank(conf, SAMPLES_TOPIC),
        nonBlank(conf, UPDATES_TOPIC),
        nonBlank(conf, AGENT_MODELS_TOPIC),
        nonBlank(conf, DEAD_LETTER_TOPIC),
        kafkaProperties,
        roundMillis,
        graceMillis,
        maxAhead,
        outOfOrderness,
        idleness,
        maxFuture,
        learning,
        topologyFile,
        atLeast(conf, PARALLELISM, 1),
        positiveMillis(conf, CHECKPOINT_INTERVAL),
        blankToNull(conf.get(CHECKPOINT_DIRECTORY)),
        get(conf, BUFFER_TIMEOUT, "a duration such as 5 ms").toMillis());
  }

  private static LearningSettings learning(Configuration conf) {
    String model = oneOf(conf, MODEL, LearningSettings.MODELS);
    int features = atLeast(conf, FEATURES, 1);
    int outputs = atLeast(conf, OUTPUTS, 1);
    List<Integer> hiddenLayers = hiddenLayers(conf);
    if (model.equals(LearningSettings.CNN)) {
      int side = (int) Math.round(Math.sqrt(features));
      if (side * side != features) {
        throw new InvalidSettingException(
            FEATURES.key(), features, "a square number of pixels for cnn, such as 784 for 28 x 28");
      }
    }
    String optimizer = oneOf(conf, OPTIMIZER, List.of("sgd", "adam"));
    double stepSize = get(conf, STEP_SIZE, "a number > 0");
    if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
      throw new InvalidSettingException(
          STEP_SIZE.key(), raw(conf, STEP_SIZE), "a finite number > 0");
    }
    int localSteps = atLeast(conf, LOCAL_STEPS, 1);
    int miniBatchSize = atLeast(conf, MINI_BATCH_SIZE, 0);

    String init = oneOf(conf, INIT, List.of("zeros", "uniform", "normal"));
    double low = get(conf, INIT_LOW, "a number");
    double high = get(conf, INIT_HIGH, "a number");
    if (init.equals("normal") && !(high > 0 && Double.isFinite(high))) {
      throw new InvalidSettingException(
          INIT_HIGH.key(), raw(conf, INIT_HIGH), "a finite standard deviation > 0");
    }
    if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
      throw new InvalidSettingException(
          INIT_HIGH.key(),
          raw(conf, INIT_HIGH),
          "a finite number greater than " + INIT_LOW.key() + " (" + low + ")");
    }
    if (init.equals("zeros")
        && (model.equals(LearningSettings.MLP) || model.equals(LearningSettings.MLP_REGRESSION))) {
      // From all-zero weights every hidden unit outputs 0 and gets a zero gradient, so only the
      // output biases would ever learn.
      throw new InvalidSettingException(
          INIT.key(),
          init,
          "uniform or normal for " + model + ", whose hidden units need a random start");
    }
    long seed = get(conf, INIT_SEED, "an integer");
    boolean shared = get(conf, INIT_SHARED, "true or false");

    String rule = oneOf(conf, RULE, CombineRules.NAMES);
    double nu = get(conf, FORGETTING_FACTOR, "a number in (0, 1]");
    if (!(nu > 0 && nu <= 1)) {
      throw new InvalidSettingException(
          FORGETTING_FACTOR.key(), raw(conf, FORGETTING_FACTOR), "a number in (0, 1]");
    }
    double r0 = get(conf, INITIAL_SCORE, "a number > 0");
    if (!(r0 > 0) || Double.isInfinite(r0)) {
      throw new InvalidSettingException(
          INITIAL_SCORE.key(), raw(conf, INITIAL_SCORE), "a finite number > 0");
    }
    int f = atLeast(conf, F, 0);
    int scoreWindow = atLeast(conf, SCORE_WINDOW, 1);
    int warmUpRounds = atLeast(conf, WARM_UP_ROUNDS, 0);
    return new LearningSettings(
        model,
        features,
        outputs,
        hiddenLayers,
        optimizer,
        stepSize,
        localSteps,
        miniBatchSize,
        init,
        low,
        high,
        seed,
        shared,
        rule,
        nu,
        r0,
        f,
        scoreWindow,
        warmUpRounds);
  }

  private static List<Integer> hiddenLayers(Configuration conf) {
    String raw = conf.get(HIDDEN_LAYERS);
    List<Integer> sizes = new ArrayList<>();
    try {
      for (String part : raw.split(",")) {
        int size = Integer.parseInt(part.trim());
        if (size < 1) {
          throw new NumberFormatException();
        }
        sizes.add(size);
      }
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(
          HIDDEN_LAYERS.key(), raw, "comma-separated positive layer sizes such as 64,32");
    }
    return sizes;
  }

  /** Returns these settings with another combine rule. */
  public JobSettings withRule(String rule) {
    return withLearning(learning.withRule(rule));
  }

  /** Returns these settings with other learning settings. */
  public JobSettings withLearning(LearningSettings other) {
    return new JobSettings(
        bootstrapServers,
        groupId,
        samplesTopic,
        updatesTopic,
        agentModelsTopic,
        deadLetterTopic,
        kafkaProperties,
        roundMillis,
        graceMillis,
        maxRoundsAhead,
        outOfOrdernessMillis,
        idlenessMillis,
        maxFutureMillis,
        other,
        topologyFile,
        parallelism,
        checkpointIntervalMillis,
        checkpointDirectory,
        bufferTimeoutMillis);
  }

  /** Returns the Kafka bootstrap servers, failing with the key's name when none are configured. */
  public String requireBootstrapServers() {
    if (bootstrapServers == null) {
      throw new InvalidSettingException(
          "Missing setting '"
              + BOOTSTRAP_SERVERS.key()
              + "': expected Kafka bootstrap servers such as broker1:9092,broker2:9092.");
    }
    return bootstrapServers;
  }

  /**
   * Loads a YAML file into a flat configuration: nested maps become dotted keys, lists become
   * comma-separated values.
   *
   * @throws InvalidSettingException when the file cannot be read or is not a YAML mapping
   */
  public static Configuration loadYaml(Path file) {
    Map<String, String> flat = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (root != null && !(root instanceof Map)) {
        throw new InvalidSettingException(
            "Configuration file " + file + " must contain a YAML mapping of keys to values.");
      }
      if (root != null) {
        flatten("", (Map<?, ?>) root, flat);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidSettingException("Configuration file not found: " + file, e);
    } catch (IOException e) {
      throw new InvalidSettingException("Cannot read configuration file " + file + ": " + e, e);
    } catch (YAMLException e) {
      throw new InvalidSettingException(
          "Configuration file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    return Configuration.fromMap(flat);
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach(
        (key, value) -> {
          String name = prefix + key;
          if (value instanceof Map<?, ?> nested) {
            flatten(name + ".", nested, out);
          } else if (value instanceof List<?> list) {
            out.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
          } else if (value != null) {
            out.put(name, String.valueOf(value));
          }
        });
  }

  /** Returns the keys of every option in {@link JobOptions}. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    for (java.lang.reflect.Field field : JobOptions.class.getFields()) {
      if (java.lang.reflect.Modifier.isStatic(field.getModifiers())
          && ConfigOption.class.isAssignableFrom(field.getType())) {
        try {
          keys.add(((ConfigOption<?>) field.get(null)).key());
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Cannot read option " + field.getName(), e);
        }
      }
    }
    return keys;
  }

  /**
   * Rejects keys that are neither options nor Kafka client properties, because a misspelt key would
   * otherwise leave its option at the default without a word.
   */
  private static void rejectUnknownKeys(Configuration conf) {
    List<String> known = knownKeys();
    for (String key : conf.keySet()) {
      if (known.contains(key) || key.startsWith(KAFKA_PROPERTIES_PREFIX)) {
        continue;
      }
      String closest = null;
      int best = Integer.MAX_VALUE;
      for (String candidate : known) {
        int distance = editDistance(key, candidate);
        if (distance < best) {
          best = distance;
          closest = candidate;
        }
      }
      String hint = best <= 3 ? " Did you mean '" + closest + "'?" : "";
      throw new InvalidSettingException(
          "Unknown setting '"
              + key
              + "'."
              + hint
              + " Settings are listed by `resilient-mtl run --help-settings`; Kafka client"
              + " properties go under '"
              + KAFKA_PROPERTIES_PREFIX
              + "'.");
    }
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Returns the value as the user wrote it, or the default when the key is absent. */
  private static Object raw(Configuration conf, ConfigOption<?> option) {
    String written = conf.toMap().get(option.key());
    return written != null ? written : conf.get(option);
  }

  private static <T> T get(Configuration conf, ConfigOption<T> option, String expected) {
    return parse(option.key(), conf.toMap().get(option.key()), expected, () -> conf.get(option));
  }

  private static <T> T parse(String key, String raw, String expected, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, raw, expected);
    }
  }

  private static long positiveMillis(Configuration conf, ConfigOption<Duration> option) {
    return positiveMillis(conf, option, "1 s");
  }

  /** Returns the duration in milliseconds; below 1 ms it would round to 0 and is rejected. */
  private static long positiveMillis(
      Configuration conf, ConfigOption<Duration> option, String example) {
    String expected = "a duration of at least 1 ms such as " + example;
    Duration value = get(conf, option, expected);
    if (value.toMillis() < 1) {
      throw new InvalidSettingException(option.key(), raw(conf, option), expected);
    }
    return value.toMillis();
  }

  private static int atLeast(Configuration conf, ConfigOption<Integer> option, int min) {
    String raw = conf.toMap().get(option.key());
    if (raw != null && raw.trim().matches("[+-]?\\d+") && !fitsInt(raw.trim())) {
      throw new InvalidSettingException(
          option.key(), raw, "an integer from " + min + " to " + Integer.MAX_VALUE);
    }
    int value = get(conf, option, "an integer >= " + min);
    if (value < min) {
      throw new InvalidSettingException(option.key(), raw(conf, option), "an integer >= " + min);
    }
    return value;
  }

  private static boolean fitsInt(String digits) {
    try {
      Integer.parseInt(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String nonBlank(Configuration conf, ConfigOption<String> option) {
    String value = conf.get(option);
    if (value == null || value.isBlank()) {
      throw new InvalidSettingException(option.key(), value, "a non-empty name");
    }
    return value.trim();
  }

  private static String oneOf(
      Configuration conf, ConfigOption<String> option, List<String> allowed) {
    String value = conf.get(option);
    if (!allowed.contains(value)) {
      throw new InvalidSettingException(
          option.key(), value, "one of " + String.join(", ", allowed));
    }
    return value;
  }
}
