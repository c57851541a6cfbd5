package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every rule on the target-localization network, without and with 20 Byzantine agents. */
final class TargetLocalizationExperiment implements Experiment {

  static final int ROUNDS = 500;
  private static final int REQUESTED_F = 2;

  @Override
  public String name() {
    return "target-localization";
  }

  @Override
  public String claim() {
    return "With 20 Byzantine agents the loss-based rule ends with the lowest MSD of all rules,"
        + " below no-cooperation; without them it ends no worse than no-cooperation.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 100)
        .configure("rounds", ROUNDS)
        .configure("seed", context.seed())
        .configure("settings", "μ = 0.1, ν = 0.1, r0 = 10, SGD, initial w uniform in [0, 1]²")
        .configure("F requested for trimmed-mean and subset-search", REQUESTED_F);

    List<List<String>> rows = new ArrayList<>();
    boolean holds = true;
    StringBuilder reasons = new StringBuilder();
    for (int attackers : List.of(0, 20)) {
      TargetLocalizationScenario scenario =
          new TargetLocalizationScenario(
              TargetLocalizationScenario.Config.defaults().toBuilder()
                  .byzantineAgents(attackers)
                  .rounds(ROUNDS + RuleRuns.EXTRA_ROUNDS)
                  .seed(context.seed())
                  .build());
      Path folder = context.output().resolve("byzantine-" + attackers);
      List<RuleResult> results =
          RuleRuns.runRules(
              context,
              scenario,
              RuleRuns.ALL_RULES,
              REQUESTED_F,
              name() + "-" + attackers,
              ROUNDS,
              folder);
      report.file("byzantine-" + attackers + "/summary.json");
      report.file("byzantine-" + attackers + "/msd.png");
      for (RuleResult result : results) {
        rows.add(
            List.of(
                Integer.toString(attackers),
                result.rule(),
                number(result.round(49).map(m -> m.msd()).orElse(Double.NaN)),
                number(result.round(199).map(m -> m.msd()).orElse(Double.NaN)),
                number(RuleRuns.finalValue(result, Metric.MSD)),
                number(RuleRuns.finalValue(result, Metric.BYZANTINE_WEIGHT))));
      }

      double lossBased = RuleRuns.finalValue(RuleRuns.find(results, "loss-based"), Metric.MSD);
      double alone = RuleRuns.finalValue(RuleRuns.find(results, "no-cooperation"), Metric.MSD);
      if (attackers == 0) {
        boolean ok = lossBased <= alone;
        holds &= ok;
        reasons.append(
            String.format(
                "Without attack: loss-based %s, no-cooperation %s (%s). ",
                number(lossBased), number(alone), ok ? "no worse" : "worse"));
      } else {
        String best = "";
        double bestMsd = Double.POSITIVE_INFINITY;
        for (RuleResult result : results) {
          double msd = RuleRuns.finalValue(result, Metric.MSD);
          if (msd < bestMsd) {
            bestMsd = msd;
            best = result.rule();
          }
        }
        boolean ok = best.equals("loss-based") && lossBased < alone;
        holds &= ok;
        reasons.append(
            String.format(
                "With 20 Byzantine agents: lowest final MSD %s by %s; loss-based %s against"
                    + " no-cooperation %s.",
                number(bestMsd), best, number(lossBased), number(alone)));
      }
    }
    report.section(
        "Final MSD per rule",
        ExperimentReport.table(
            List.of(
                "Byzantine agents",
                "rule",
                "MSD at round 50",
                "MSD at round 200",
                "MSD at round " + ROUNDS,
                "Byzantine weight at the end"),
            rows));
    report.verdict(holds, reasons.toString());
    return report;
  }
}
