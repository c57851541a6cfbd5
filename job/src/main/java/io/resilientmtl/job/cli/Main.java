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
    subcommands = {RunCommand.class, DemoCommand.class, ExperimentCommand.class})
public final class Main implements Runnable {

  /** Exit code of invalid settings, arguments or input files. */
  static final int USAGE_ERROR = 2;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
    int exitCode = commandLine.execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * Prints one line for errors in settings, arguments and input files, which the user fixes, and
   * the full stack trace for everything else, which is a bug or an outage.
   */
  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof IllegalArgumentException) {
      commandLine.getErr().println("Error: " + e.getMessage());
      return USAGE_ERROR;
    }
    commandLine.getErr().println("Error: " + e);
    e.printStackTrace(commandLine.getErr());
    return 1;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
