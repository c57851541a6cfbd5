package io.resilientmtl.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.demo.LocalFlinkCluster;
import io.resilientmtl.job.demo.ScenarioPresets;
import io.resilientmtl.job.demo.StreamingExperiment;
import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.report.RunResult;
import io.resilientmtl.job.report.SummaryWriter;
import io.resilientmtl.job.scenario.AirbaseScenario;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.learning.combine.CombineRules;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a seeded scenario through the streaming job with each combine rule in turn, on an embedded
 * Kafka broker and a local Flink MiniCluster, and writes a report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a seeded scenario through the job with each combine rule and write a report.",
      "Starts an embedded Kafka broker on 127.0.0.1 and a local Flink MiniCluster."
    })
final class DemoCommand implements Callable<Integer> {

  static final List<String> RULES =
      List.of("loss-based", "no-cooperation", "average", "distance-based");
  private static final List<Integer> CHECKPOINTS = List.of(50, 100, 200, 500);

  @Option(
      names = "--scenario",
      description = "target-localization or airbase (default: ${DEFAULT-VALUE}).",
      defaultValue = "target-localization")
  String scenario;

  @Option(
      names = "--rounds",
      description = "Rounds of target localization (default: ${DEFAULT-VALUE}).",
      defaultValue = "500")
  int rounds;

  @Option(
      names = "--byzantine",
      description = "Byzantine agents; default 20 for target localization, 10 for airbase.")
  Integer byzantine;

  @Option(
      names = "--seed",
      description = "Scenario seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--rules",
      split = ",",
      description =
          "Combine rules to run, comma-separated (default: loss-based, no-cooperation, average,"
              + " distance-based; also median, trimmed-mean, subset-search with F = 1).")
  List<String> rules = new ArrayList<>(RULES);

  @Option(
      names = "--parallelism",
      description = "Parallelism of the job (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int parallelism;

  @Option(
      names = "--output",
      description = "Report folder; default results/demo or results/demo-airbase.")
  Path output;

  @Override
  public Integer call() throws Exception {
    validateArguments();
    return switch (scenario) {
      case "target-localization" -> runTargetLocalization();
      case "airbase" -> runAirbase();
      default -> {
        System.err.println(
            "Error: Invalid value '"
                + scenario
                + "' for --scenario: expected target-localization or airbase.");
        yield 2;
      }
    };
  }

  /** Checks the arguments before anything starts, so a typo costs no broker start-up. */
  private void validateArguments() {
    for (String rule : rules) {
      if (!CombineRules.NAMES.contains(rule)) {
        throw new IllegalArgumentException(
            "Invalid value '"
                + rule
                + "' for --rules: expected a comma-separated list of "
                + String.join(", ", CombineRules.NAMES)
                + ".");
      }
    }
    if (rounds < 1) {
      throw new IllegalArgumentException(
          "Invalid value '" + rounds + "' for --rounds: expected an integer >= 1.");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "Invalid value '" + parallelism + "' for --parallelism: expected an integer >= 1.");
    }
    if (byzantine != null && (byzantine < 0 || byzantine > 99)) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + byzantine
              + "' for --byzantine: expected 0 to 99 for target localization, 0 to 41 for airbase.");
    }
  }

  private int runTargetLocalization() throws Exception {
    Path out = output != null ? output : Path.of("results", "demo");
    int attackers = byzantine != null ? byzantine : 20;
    TargetLocalizationScenario localization =
        new TargetLocalizationScenario(
            TargetLocalizationScenario.Config.defaults().toBuilder()
                .byzantineAgents(attackers)
                .rounds(rounds + 1)
                .seed(seed)
                .build());
    Map<String, String> learning = ScenarioPresets.targetLocalization();
    PrintStream console = System.out;
    console.printf(
        "Target localization: %d agents (%d Byzantine), %d rounds, seed %d, rules %s%n",
        localization.config().agents(), attackers, rounds, seed, rules);

    List<RuleResult> results = new ArrayList<>();
    long started = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        LocalFlinkCluster cluster = LocalFlinkCluster.start(parallelism)) {
      Files.createDirectories(out);
      StreamingExperiment experiment =
          new StreamingExperiment(broker.bootstrapServers(), cluster, out, parallelism, learning);
      for (String rule : rules) {
        long ruleStart = System.nanoTime();
        RuleResult result = experiment.run(localization, rule, "demo", rounds);
        results.add(result);
        printRule(console, result, rounds, (System.nanoTime() - ruleStart) / 1e9);
      }
    }
    Map<String, Object> config = new LinkedHashMap<>(learning);
    config.put("agents", localization.config().agents());
    config.put("byzantine_agents", attackers);
    config.put("rounds", rounds);
    config.put("parallelism", parallelism);
    RunResult run = new RunResult(localization.name(), seed, config, 0, results);
    new SummaryWriter(CHECKPOINTS, 900, 600).write(run, out);
    addByzantineWeightFromRound(out.resolve(SummaryWriter.SUMMARY_FILE), results, 100);
    console.printf(
        "Report written to %s (%.0f s in all)%n",
        out.toAbsolutePath(), (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private int runAirbase() throws Exception {
    Path out = output != null ? output : Path.of("results", "demo-airbase");
    int attackers = byzantine != null ? byzantine : 10;
    Map<String, String> learning = ScenarioPresets.airbase();
    PrintStream console = System.out;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode summary = json.createObjectNode();
    summary.put("scenario", AirbaseScenario.NAME);
    summary.put("seed", seed);
    ObjectNode rulesNode = summary.putObject("rules");

    long started = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        LocalFlinkCluster cluster = LocalFlinkCluster.start(parallelism)) {
      for (int count : List.of(0, attackers)) {
        String label = count == 0 ? "no_attack" : "attack";
        AirbaseScenario replay =
            AirbaseScenario.fromBundledData(
                AirbaseScenario.Config.defaults().withByzantineStations(count).withSeed(seed));
        Path folder = out.resolve(count == 0 ? "no-attack" : "attack");
        Files.createDirectories(folder);
        console.printf(
            "AirBase PM10: %d stations (%d Byzantine), %d days from %s, MAE over the last year%n",
            replay.normalAgents().size() + count, count, replay.rounds() - 1, replay.day(0));
        StreamingExperiment experiment =
            new StreamingExperiment(
                broker.bootstrapServers(), cluster, folder, parallelism, learning);
        List<RuleResult> results = new ArrayList<>();
        for (String rule : rules) {
          RuleResult result = experiment.run(replay, rule, "airbase-" + label, replay.rounds() - 1);
          results.add(result);
          double mae = result.mean(Metric.MEAN_ABS_ERROR, replay.evaluationStartRound());
          double maeMicrograms = mae * replay.config().scale();
          ObjectNode ruleNode =
              rulesNode.has(rule) ? (ObjectNode) rulesNode.get(rule) : rulesNode.putObject(rule);
          ruleNode.with("mae").put(label, maeMicrograms);
          ruleNode
              .with("byzantine_weight")
              .put(label, result.mean(Metric.BYZANTINE_WEIGHT, replay.evaluationStartRound()));
          console.printf(
              "  %-15s %-9s MAE %6.3f µg/m³   Byzantine weight %.4f%n",
              rule,
              label,
              maeMicrograms,
              result.mean(Metric.BYZANTINE_WEIGHT, replay.evaluationStartRound()));
        }
        Map<String, Object> config = new LinkedHashMap<>(learning);
        config.put("byzantine_stations", count);
        config.put("scale_ug_m3", replay.config().scale());
        new SummaryWriter(CHECKPOINTS, 900, 600)
            .write(
                new RunResult(
                    AirbaseScenario.NAME, seed, config, replay.evaluationStartRound(), results),
                folder);
      }
    }
    summary.put("mae_unit", "µg/m³");
    Files.createDirectories(out);
    json.writeValue(out.resolve("summary.json").toFile(), summary);
    console.printf(
        "Report written to %s (%.0f s in all)%n",
        out.toAbsolutePath(), (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private static void printRule(
      PrintStream console, RuleResult result, int rounds, double seconds) {
    console.printf("%n%s (%.0f s)%n", result.rule(), seconds);
    console.printf("  %-8s %14s %14s %18s%n", "round", "MSD", "mean loss", "Byzantine weight");
    for (int checkpoint : CHECKPOINTS) {
      result
          .round(checkpoint - 1)
          .ifPresent(
              m ->
                  console.printf(
                      "  %-8d %14.6g %14.6g %18.6f%n",
                      checkpoint, m.msd(), m.meanLoss(), m.byzantineWeight()));
    }
    if (rounds >= 100) {
      console.printf(
          "  Byzantine weight from round 100 on: max %.6f%n", maxByzantineWeight(result, 100));
    }
  }

  /**
   * Returns the largest Byzantine weight share of the rounds from {@code fromRound} (1-based) on.
   */
  static double maxByzantineWeight(RuleResult result, int fromRound) {
    double max = 0;
    for (RoundMetrics round : result.rounds()) {
      if (round.round() + 1 >= fromRound) {
        max = Math.max(max, round.byzantineWeight());
      }
    }
    return max;
  }

  private static void addByzantineWeightFromRound(
      Path summary, List<RuleResult> results, int fromRound) throws java.io.IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = (ObjectNode) json.readTree(summary.toFile());
    for (RuleResult result : results) {
      ((ObjectNode) root.get("rules").get(result.rule()))
          .put(
              "max_byzantine_weight_from_round_" + fromRound,
              maxByzantineWeight(result, fromRound));
    }
    json.writeValue(summary.toFile(), root);
  }
}
