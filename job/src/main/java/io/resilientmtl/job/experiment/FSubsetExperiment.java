package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.demo.StreamingExperiment;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Subset search with F = 0, 1 and 2 against the loss-based rule, on target localization where
 * chosen normal agents have at least two Byzantine in-neighbours.
 */
final class FSubsetExperiment implements Experiment {

  private static final int ROUNDS = 500;
  private static final List<String> EXPOSED = List.of("a000", "a006", "a013", "a027", "a041");

  @Override
  public String name() {
    return "f-subset";
  }

  @Override
  public String claim() {
    return "Subset search with F below the real number of Byzantine neighbours ends worse than"
        + " no-cooperation on the agents with two Byzantine neighbours; the loss-based rule needs"
        + " no F and does not.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    TargetLocalizationScenario base =
        new TargetLocalizationScenario(
            TargetLocalizationScenario.Config.defaults().toBuilder()
                .byzantineAgents(20)
                .rounds(ROUNDS + RuleRuns.EXTRA_ROUNDS)
                .seed(context.seed())
                .minByzantineInNeighbours(exposedMap())
                .build());
    List<String> exposed = new ArrayList<>();
    for (String agent : base.normalAgents()) {
      int byzantine = 0;
      for (String neighbour : base.topology().inNeighbours(agent)) {
        byzantine += base.byzantineAgents().contains(neighbour) ? 1 : 0;
      }
      if (byzantine >= 2) {
        exposed.add(agent);
      }
    }

    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 100)
        .configure("Byzantine agents", "20, placed so that " + EXPOSED + " have at least 2 each")
        .configure("normal agents with 2 or more Byzantine in-neighbours", exposed.size())
        .configure("rounds", ROUNDS)
        .configure("seed", context.seed())
        .configure("settings", "μ = 0.1, ν = 0.1, r0 = 10, SGD");

    List<RuleResult> results = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    double aloneExposed = Double.NaN;
    double lossBasedExposed = Double.NaN;
    boolean smallFWorse = true;
    for (String[] run :
        new String[][] {
          {"no-cooperation", "0"},
          {"loss-based", "0"},
          {"subset-search", "0"},
          {"subset-search", "1"},
          {"subset-search", "2"}
        }) {
      String rule = run[0];
      int f = Integer.parseInt(run[1]);
      StreamingExperiment streaming = context.streaming(RuleRuns.localizationSettings(rule, f));
      StreamingExperiment.Run result = streaming.runDetailed(base, rule, name() + "-f" + f, ROUNDS);
      String label = rule.equals("subset-search") ? rule + "-F" + f : rule;
      results.add(new RuleResult(label, result.metrics().rounds()));
      Map<String, double[]> models = result.finalModels();
      double exposedMsd = SmallNetworks.msd(base, models, exposed);
      double allMsd = SmallNetworks.msd(base, models, base.normalAgents());
      rows.add(List.of(label, number(exposedMsd), number(allMsd)));
      switch (label) {
        case "no-cooperation" -> aloneExposed = exposedMsd;
        case "loss-based" -> lossBasedExposed = exposedMsd;
        default -> {
          if (f < 2) {
            smallFWorse &= exposedMsd > aloneExposed;
          }
        }
      }
    }
    RuleRuns.writeSummary(
        base, context.seed(), Map.of("rounds", ROUNDS), results, context.output());
    report.file("summary.json").file("msd.png");
    report.section(
        "Final MSD",
        ExperimentReport.table(
            List.of(
                "rule", "MSD of agents with ≥ 2 Byzantine neighbours", "MSD of all normal agents"),
            rows));
    boolean lossBasedOk = lossBasedExposed <= aloneExposed;
    report.verdict(
        smallFWorse && lossBasedOk,
        String.format(
            "On the exposed agents, no-cooperation ends at %s and the loss-based rule at %s;"
                + " subset search with F = 0 and 1 %s no-cooperation.",
            number(aloneExposed),
            number(lossBasedExposed),
            smallFWorse ? "both end worse than" : "does not always end worse than"));
    return report;
  }

  private static Map<String, Integer> exposedMap() {
    Map<String, Integer> map = new java.util.LinkedHashMap<>();
    for (String agent : EXPOSED) {
      map.put(agent, 2);
    }
    return map;
  }
}
