package io.resilientmtl.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The learning core must stay free of Flink and Kafka so it runs and tests as plain Java. */
class ModuleDependencyTest {

  /** Surefire runs tests from the module directory. */
  private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

  @Test
  void mainSourcesNameNoFlinkOrKafka() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      sources = files.filter(path -> path.toString().endsWith(".java")).toList();
    }
    // Guards against a wrong working directory, which would make the scan pass vacuously.
    assertThat(sources).hasSizeGreaterThan(10);

    for (Path source : sources) {
      String text = Files.readString(source);
      assertThat(text).as(source.toString()).doesNotContain("org.apache.flink");
      assertThat(text).as(source.toString()).doesNotContain("org.apache.kafka");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.flink.api.common.functions.Function",
        "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
        "org.apache.kafka.clients.consumer.Consumer"
      })
  void classPathHasNoFlinkOrKafka(String className) {
    assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
  }
}
