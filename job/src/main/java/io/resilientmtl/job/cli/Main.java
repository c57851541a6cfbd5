package io.resilientmtl.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the command line and of {@code flink run}: {@code run} starts the streaming job
 * against a configured Kafka cluster, {@code demo} runs a seeded scenario end to end on an embedded
 * broker and a local Flink MiniCluster.
 */
@Command(
    name = "resilient-mtl",
    mixinStandardHelpOptions = true,
    version = "resilient-mtl 0.1.0",
    description = "Byzantine-resilient distributed multi-task learning on Apache Flink.",
    subcommands = {RunCommand.class, DemoCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int exitCode = new CommandLine(new Main()).execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
