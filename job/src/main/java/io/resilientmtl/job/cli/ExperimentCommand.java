package io.resilientmtl.job.cli;

import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.demo.LocalFlinkCluster;
import io.resilientmtl.job.experiment.Experiment;
import io.resilientmtl.job.experiment.ExperimentContext;
import io.resilientmtl.job.experiment.ExperimentReport;
import io.resilientmtl.job.experiment.Experiments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs named experiments through the streaming job and writes results/NAME/report.md. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Run a named experiment and write results/NAME/report.md with its files.",
      "Starts an embedded Kafka broker on 127.0.0.1 and a local Flink MiniCluster.",
      "NAME is one of the experiments listed by --list, or 'all'."
    })
final class ExperimentCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", description = "Experiment name, or all.")
  String name;

  @Option(names = "--list", description = "List the experiments with their claims and exit.")
  boolean list;

  @Option(
      names = "--seed",
      description = "Scenario seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--parallelism",
      description = "Parallelism of each job (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int parallelism;

  @Option(
      names = "--results",
      description =
          "Folder that receives one subfolder per experiment (default: ${DEFAULT-VALUE}).",
      defaultValue = "results")
  Path results;

  @Override
  public Integer call() throws Exception {
    if (list || name == null) {
      for (Experiment experiment : Experiments.all()) {
        System.out.printf("%-20s %s%n", experiment.name(), experiment.claim());
      }
      return name == null && !list ? 2 : 0;
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "Invalid value '" + parallelism + "' for --parallelism: expected an integer >= 1.");
    }
    List<Experiment> selected = new ArrayList<>();
    if (name.equals("all")) {
      selected.addAll(Experiments.all());
    } else {
      Experiment experiment = Experiments.byName(name);
      if (experiment == null) {
        System.err.printf(
            "Error: Unknown experiment '%s': expected one of %s, or all.%n",
            name, String.join(", ", Experiments.names()));
        return 2;
      }
      selected.add(experiment);
    }

    long started = System.nanoTime();
    int failed = 0;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        LocalFlinkCluster cluster = LocalFlinkCluster.start(parallelism)) {
      for (Experiment experiment : selected) {
        long experimentStart = System.nanoTime();
        Path output = results.resolve(experiment.name());
        ExperimentContext context =
            new ExperimentContext(broker.bootstrapServers(), cluster, output, parallelism, seed);
        ExperimentReport report;
        try {
          report = experiment.run(context);
        } catch (IllegalArgumentException | IllegalStateException | TimeoutException e) {
          // One broken experiment must not cost the results of the others.
          System.out.printf("%-20s failed: %s%n", experiment.name(), e.getMessage());
          failed++;
          continue;
        }
        Path file = report.write(output);
        boolean holds = Boolean.TRUE.equals(report.claimHolds());
        failed += holds ? 0 : 1;
        System.out.printf(
            "%-20s claim holds: %-3s (%.0f s) %s%n",
            experiment.name(),
            holds ? "yes" : "no",
            (System.nanoTime() - experimentStart) / 1e9,
            file);
      }
    }
    System.out.printf(
        "%d experiment(s) in %.0f s; claims not holding: %d%n",
        selected.size(), (System.nanoTime() - started) / 1e9, failed);
    return 0;
  }
}
