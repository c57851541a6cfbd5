package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.report.LinePlot;
import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Final MSD of every rule as the number of Byzantine agents grows, for each kind of attack. */
final class AttackSweepExperiment implements Experiment {

  private static final int ROUNDS = 150;
  private static final List<Integer> COUNTS = List.of(0, 5, 10, 20, 29);
  private static final Map<String, String> ATTACKS = new LinkedHashMap<>();

  /** The attack that adapts its model to pass the loss filter, outside the paper's threat model. */
  private static final String FILTER_AWARE = "model-aware";

  static {
    ATTACKS.put("box-fresh", "box-fresh:15,16");
    ATTACKS.put("perturbation", "perturb:1");
    ATTACKS.put("silent", "silent");
    ATTACKS.put("intermittent", "intermittent:0.5");
    ATTACKS.put("sign-flip", "sign-flip");
    ATTACKS.put("scaling", "scale:3");
    ATTACKS.put("model-aware", "model-aware:15.5,15.5,0.05");
  }

  @Override
  public String name() {
    return "attack-sweep";
  }

  @Override
  public String claim() {
    return "For every attack of the paper's threat model (models that do not adapt to the loss"
        + " filter) and every number of Byzantine agents up to all but one, the loss-based rule"
        + " ends no worse than no-cooperation (within 10 %). The model-aware attack, built to pass"
        + " the filter, lies outside that threat model; its rows are reported here and examined"
        + " in the model-aware experiment.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 30)
        .configure("Byzantine agents", COUNTS)
        .configure("attacks", ATTACKS)
        .configure("rules", RuleRuns.ALL_RULES)
        .configure(
            "F of trimmed-mean and subset-search",
            "1, lowered where an agent has too few neighbours")
        .configure("rounds", ROUNDS)
        .configure("seed", context.seed());

    // The attack-free runs are the same for every attack.
    Map<String, Double> clean = new LinkedHashMap<>();
    TargetLocalizationScenario cleanScenario = scenario(0, null, context.seed());
    for (String rule : RuleRuns.ALL_RULES) {
      clean.put(rule, finalMsd(context, cleanScenario, rule, "sweep-clean"));
    }

    boolean holds = true;
    List<String> failures = new ArrayList<>();
    List<String> outsideClaim = new ArrayList<>();
    for (Map.Entry<String, String> attack : ATTACKS.entrySet()) {
      List<List<String>> rows = new ArrayList<>();
      LinePlot plot =
          new LinePlot(
              "Final MSD under the " + attack.getKey() + " attack",
              "Byzantine agents of 30",
              "final MSD of normal agents (log scale)",
              true);
      Map<String, List<Double>> series = new LinkedHashMap<>();
      List<Double> x = new ArrayList<>();
      for (int count : COUNTS) {
        x.add((double) count);
        TargetLocalizationScenario scenario =
            count == 0 ? cleanScenario : scenario(count, attack.getValue(), context.seed());
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(count));
        Map<String, Double> finals = new LinkedHashMap<>();
        for (String rule : RuleRuns.ALL_RULES) {
          double msd =
              count == 0
                  ? clean.get(rule)
                  : finalMsd(context, scenario, rule, "sweep-" + attack.getKey() + "-" + count);
          finals.put(rule, msd);
          series.computeIfAbsent(rule, r -> new ArrayList<>()).add(msd);
          row.add(number(msd));
        }
        rows.add(row);
        if (finals.get("loss-based") > 1.1 * finals.get("no-cooperation")) {
          if (FILTER_AWARE.equals(attack.getKey())) {
            outsideClaim.add(attack.getKey() + " with " + count);
          } else {
            holds = false;
            failures.add(attack.getKey() + " with " + count);
          }
        }
      }
      series.forEach((rule, values) -> plot.add(rule, x, values));
      String file = "msd-" + attack.getKey() + ".png";
      plot.write(context.output().resolve(file));
      report.file(file);
      List<String> header = new ArrayList<>();
      header.add("Byzantine agents");
      header.addAll(RuleRuns.ALL_RULES);
      report.section(
          "Attack " + attack.getKey() + " (" + attack.getValue() + "): final MSD",
          ExperimentReport.table(header, rows));
    }
    String outside =
        outsideClaim.isEmpty()
            ? " Under the model-aware attack it also stayed within 10 % of no-cooperation."
            : " Outside the claim, under the model-aware attack, it ended more than 10 % above"
                + " no-cooperation with: "
                + String.join("; ", outsideClaim)
                + ".";
    report.verdict(
        holds,
        (holds
                ? "Under the attacks of the claim, the loss-based rule ended within 10 % of"
                    + " no-cooperation or better in every case."
                : "Under the attacks of the claim, the loss-based rule ended more than 10 % above"
                    + " no-cooperation in: "
                    + String.join("; ", failures)
                    + ".")
            + outside);
    return report;
  }

  private static TargetLocalizationScenario scenario(int byzantine, String attack, long seed) {
    return new TargetLocalizationScenario(
        TargetLocalizationScenario.Config.defaults().toBuilder()
            .agents(30)
            .byzantineAgents(byzantine)
            .noisyDirectionAgents(Math.min(2, 30 - byzantine))
            .areaSide(1.5)
            .rounds(ROUNDS + RuleRuns.EXTRA_ROUNDS)
            .seed(seed)
            .attack(attack)
            .build());
  }

  private static double finalMsd(
      ExperimentContext context, TargetLocalizationScenario scenario, String rule, String runName)
      throws Exception {
    int f = RuleRuns.feasibleF(rule, 1, scenario);
    RuleResult result =
        context
            .streaming(RuleRuns.localizationSettings(rule, f))
            .run(scenario, rule, runName, ROUNDS);
    return RuleRuns.finalValue(result, Metric.MSD);
  }
}
