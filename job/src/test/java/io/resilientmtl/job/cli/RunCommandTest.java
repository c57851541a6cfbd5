package io.resilientmtl.job.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.job.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  @Test
  void impossibleFRejectedBeforeKafka() {
    RunCommand command = new RunCommand();
    // Nothing listens on port 1, so a check that reached Kafka would fail differently.
    new CommandLine(command)
        .parseArgs(
            "--config",
            "../conf/job.yaml",
            "--set",
            "kafka.bootstrap-servers=127.0.0.1:1",
            "--set",
            "combine.rule=trimmed-mean",
            "--set",
            "combine.f=5");

    assertThatThrownBy(command::call)
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'combine.f'");
  }
}
