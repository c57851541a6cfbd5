package io.resilientmtl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.MultilayerPerceptronRegressor;
import io.resilientmtl.learning.model.ParameterInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSettingsTest {

  @TempDir Path dir;

  @Test
  void yamlFileIsFlattenedAndValidated() throws IOException {
    Path file = dir.resolve("job.yaml");
    Files.writeString(
        file,
        """
        kafka:
          bootstrap-servers: 127.0.0.1:9092
          properties:
            security.protocol: SASL_SSL
        rounds:
          length: 2 s
          grace: 500 ms
        learning:
          model: target-localization
          step-size: 0.2
        combine:
          rule: average
          warm-up-rounds: 14
        topology:
          file: topology.yaml
        """);

    JobSettings settings = JobSettings.from(JobSettings.loadYaml(file), dir);

    assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(settings.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.roundMillis()).isEqualTo(2000);
    assertThat(settings.maxFutureMillis()).isEqualTo(3_600_000);
    assertThat(settings.graceMillis()).isEqualTo(500);
    assertThat(settings.learning().model()).isEqualTo("target-localization");
    assertThat(settings.learning().stepSize()).isEqualTo(0.2);
    assertThat(settings.learning().rule()).isEqualTo("average");
    assertThat(settings.learning().warmUpRounds()).isEqualTo(14);
    assertThat(settings.topologyFile()).isEqualTo(dir.resolve("topology.yaml"));
    assertThat(settings.samplesTopic()).isEqualTo("sensor-samples");
  }

  @Test
  void mlpRegressionUsesHiddenLayers() {
    Configuration conf =
        valid(
            Map.of(
                "learning.model", "mlp-regression",
                "learning.features", "3",
                "learning.outputs", "1",
                "learning.hidden-layers", "8,4",
                "learning.init", "normal"));

    Model model = JobSettings.from(conf, dir).learning().createModel();

    assertThat(model).isInstanceOf(MultilayerPerceptronRegressor.class);
    assertThat(((MultilayerPerceptronRegressor) model).layerSizes()).containsExactly(3, 8, 4, 1);
    assertThat(model.kind()).isEqualTo("mlp-regression/3-8-4-1");
  }

  @Test
  void sharedInitGivesEveryAgentTheSameStart() {
    Configuration conf =
        valid(
            Map.of(
                "learning.model", "mlp",
                "learning.features", "4",
                "learning.outputs", "2",
                "learning.hidden-layers", "3",
                "learning.init", "normal",
                "learning.init-high", "0.1",
                "learning.init-seed", "9",
                "learning.init-shared", "true"));

    ParameterInitializer initializer = JobSettings.from(conf, dir).learning().createInitializer();

    assertThat(initializer.isShared()).isTrue();
    assertThat(initializer.initialize("a", 23)).containsExactly(initializer.initialize("b", 23));
    assertThat(JobSettings.from(valid(Map.of()), dir).learning().createInitializer().isShared())
        .isFalse();
  }

  @Test
  void sharedInitMustBeABoolean() {
    Configuration conf = valid(Map.of("learning.init-shared", "yes please"));

    assertThatThrownBy(() -> JobSettings.from(conf, dir))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'learning.init-shared'")
        .hasMessageContaining("expected true or false");
  }

  @Test
  void mlpFromZerosRejected() {
    Configuration conf = valid(Map.of("learning.model", "mlp", "learning.init", "zeros"));

    assertThatThrownBy(() -> JobSettings.from(conf, dir))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "Invalid value 'zeros' for 'learning.init': expected uniform or normal for mlp, whose"
                + " hidden units need a random start.");
  }

  @Test
  void missingBootstrapServersNamesKeyWhenRequired() {
    JobSettings settings = JobSettings.from(valid(Map.of()), dir);

    assertThatThrownBy(settings::requireBootstrapServers)
        .hasMessageStartingWith("Missing setting 'kafka.bootstrap-servers'");
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            "rounds.length",
            "0 s",
            "Invalid value '0 s' for 'rounds.length': expected a duration of at least 1 ms such as 1 s."),
        Arguments.of(
            "rounds.length",
            "1 ns",
            "Invalid value '1 ns' for 'rounds.length': expected a duration of at least 1 ms such as 1 s."),
        Arguments.of(
            "rounds.length",
            "soon",
            "Invalid value 'soon' for 'rounds.length': expected a duration of at least 1 ms such as 1 s."),
        Arguments.of(
            "rounds.grace",
            "1 min",
            "Invalid value '1 min' for 'rounds.grace': expected a duration >= 0 and shorter than rounds.length (60000 ms)."),
        Arguments.of(
            "watermarks.max-future",
            "0 s",
            "Invalid value '0 s' for 'watermarks.max-future': expected a duration of at least 1 ms such as 1 h."),
        Arguments.of(
            "combine.forgetting-factor",
            "1.5",
            "Invalid value '1.5' for 'combine.forgetting-factor': expected a number in (0, 1]."),
        Arguments.of(
            "combine.initial-score",
            "0",
            "Invalid value '0' for 'combine.initial-score': expected a finite number > 0."),
        Arguments.of(
            "combine.rule",
            "krum",
            "Invalid value 'krum' for 'combine.rule': expected one of loss-based, no-cooperation, average, distance-based, median, trimmed-mean, subset-search."),
        Arguments.of(
            "learning.model",
            "resnet",
            "Invalid value 'resnet' for 'learning.model': expected one of linear-regression, target-localization, softmax-regression, mlp, cnn, mlp-regression."),
        Arguments.of(
            "learning.step-size",
            "-1",
            "Invalid value '-1' for 'learning.step-size': expected a finite number > 0."),
        Arguments.of(
            "learning.local-steps",
            "0",
            "Invalid value '0' for 'learning.local-steps': expected an integer >= 1."),
        Arguments.of(
            "rounds.max-ahead",
            "many",
            "Invalid value 'many' for 'rounds.max-ahead': expected an integer >= 1."),
        Arguments.of(
            "learning.hidden-layers",
            "64,0",
            "Invalid value '64,0' for 'learning.hidden-layers': expected comma-separated positive layer sizes such as 64,32."),
        Arguments.of(
            "learning.optimizer",
            "rmsprop",
            "Invalid value 'rmsprop' for 'learning.optimizer': expected one of sgd, adam."),
        Arguments.of(
            "combine.f", "-1", "Invalid value '-1' for 'combine.f': expected an integer >= 0."),
        Arguments.of(
            "combine.warm-up-rounds",
            "-3",
            "Invalid value '-3' for 'combine.warm-up-rounds': expected an integer >= 0."),
        Arguments.of(
            "combine.warm-up-rounds",
            "99999999999",
            "Invalid value '99999999999' for 'combine.warm-up-rounds': expected an integer from 0 to 2147483647."),
        Arguments.of(
            "combine.score-window",
            "0",
            "Invalid value '0' for 'combine.score-window': expected an integer >= 1."),
        Arguments.of(
            "learning.init-high",
            "-1",
            "Invalid value '-1' for 'learning.init-high': expected a finite number greater than learning.init-low (0.0)."));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidSettings")
  void invalidSettingNamesKeyAndExpectation(String key, String value, String message) {
    Configuration conf = valid(Map.of(key, value));

    assertThatThrownBy(() -> JobSettings.from(conf, dir))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(message);
  }

  @Test
  void misspeltKeyIsRejectedWithSuggestion() {
    Configuration conf = valid(Map.of("combine.forgeting-factor", "0.5"));

    assertThatThrownBy(() -> JobSettings.from(conf, dir))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(
            "Unknown setting 'combine.forgeting-factor'. Did you mean 'combine.forgetting-factor'?");
  }

  @Test
  void kafkaClientPropertiesAreAccepted() {
    Configuration conf = valid(Map.of("kafka.properties.sasl.mechanism", "PLAIN"));

    assertThat(JobSettings.from(conf, dir).kafkaProperties())
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void missingTopologyFileNamesKey() {
    Configuration conf = new Configuration();

    assertThatThrownBy(() -> JobSettings.from(conf, dir))
        .hasMessage("Missing setting 'topology.file': expected the path of a topology YAML file.");
  }

  @Test
  void absentConfigurationFileIsNamed() {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> JobSettings.loadYaml(file))
        .hasMessage("Configuration file not found: " + file);
  }

  @Test
  void malformedYamlNamesFile() throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "rounds: [unclosed\n");

    assertThatThrownBy(() -> JobSettings.loadYaml(file))
        .hasMessageContaining("Configuration file " + file + " is not valid YAML");
  }

  private static Configuration valid(Map<String, String> overrides) {
    Configuration conf = new Configuration();
    conf.setString("topology.file", "topology.yaml");
    overrides.forEach(conf::setString);
    return conf;
  }
}
