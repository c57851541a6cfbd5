package io.resilientmtl.job.experiment;

import io.resilientmtl.job.demo.ScenarioPresets;
import io.resilientmtl.job.demo.StreamingExperiment;
import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.report.RunResult;
import io.resilientmtl.job.report.SummaryWriter;
import io.resilientmtl.job.scenario.Scenario;
import io.resilientmtl.learning.combine.CombineRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the experiments: rule lists, F choices, runs of several rules, summaries. */
final class RuleRuns {

  private static final Logger LOG = LoggerFactory.getLogger(RuleRuns.class);

  /** Every combine rule the job offers, the loss-based one first. */
  static final List<String> ALL_RULES = CombineRules.NAMES;

  /**
   * Scenario rounds fed beyond the rounds measured: the last measured round closes with samples of
   * the next one, and when a silent neighbour makes an agent wait for the deadline, with samples of
   * the one after.
   */
  static final int EXTRA_ROUNDS = 2;

  private RuleRuns() {}

  /** Returns the smallest number of in-neighbours of a normal agent of {@code scenario}. */
  static int minInNeighbours(Scenario scenario) {
    int min = Integer.MAX_VALUE;
    for (String agent : scenario.normalAgents()) {
      min = Math.min(min, scenario.topology().inNeighbours(agent).size());
    }
    return min;
  }

  /**
   * Returns F for the rules that take one: {@code requested}, lowered where some agent has too few
   * in-neighbours (trimmed mean needs 2F, subset search F), because a larger F is a configuration
   * error.
   */
  static int feasibleF(String rule, int requested, Scenario scenario) {
    int min = minInNeighbours(scenario);
    return switch (rule) {
      case "trimmed-mean" -> Math.min(requested, min / 2);
      case "subset-search" -> Math.min(requested, min);
      default -> requested;
    };
  }

  /** Returns the target-localization settings with F for {@code rule}. */
  static Map<String, String> localizationSettings(String rule, int f) {
    Map<String, String> settings = new LinkedHashMap<>(ScenarioPresets.targetLocalization());
    settings.put("combine.f", Integer.toString(f));
    return settings;
  }

  /**
   * Runs {@code scenario} once per rule through the streaming job and writes summary.json, CSVs and
   * the MSD plot into {@code folder}.
   */
  static List<RuleResult> runRules(
      ExperimentContext context,
      Scenario scenario,
      List<String> rules,
      int requestedF,
      String runName,
      int rounds,
      Path folder)
      throws Exception {
    List<RuleResult> results = new ArrayList<>();
    Map<String, Object> config = new LinkedHashMap<>(ScenarioPresets.targetLocalization());
    for (String rule : rules) {
      int f = feasibleF(rule, requestedF, scenario);
      StreamingExperiment streaming = context.streaming(localizationSettings(rule, f));
      RuleResult result = streaming.run(scenario, rule, runName, rounds);
      LOG.info(
          "{} {}: final MSD {}", runName, rule, result.last().map(m -> m.msd()).orElse(Double.NaN));
      results.add(result);
      if (rule.equals("trimmed-mean") || rule.equals("subset-search")) {
        config.put("F of " + rule, f);
      }
    }
    writeSummary(scenario, context.seed(), config, results, folder);
    return results;
  }

  static void writeSummary(
      Scenario scenario,
      long seed,
      Map<String, Object> config,
      List<RuleResult> results,
      Path folder)
      throws IOException {
    new SummaryWriter(List.of(50, 100, 200, 300, 500), 900, 600)
        .write(new RunResult(scenario.name(), seed, config, 0, results), folder);
  }

  /** Returns the final value of {@code metric}, NaN when the run recorded none. */
  static double finalValue(RuleResult result, Metric metric) {
    return result.last().map(m -> m.get(metric)).orElse(Double.NaN);
  }

  /** Returns the result of {@code rule} in {@code results}. */
  static RuleResult find(List<RuleResult> results, String rule) {
    for (RuleResult result : results) {
      if (result.rule().equals(rule)) {
        return result;
      }
    }
    throw new IllegalArgumentException("No result for rule " + rule);
  }
}
