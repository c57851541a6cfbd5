package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.report.LinePlot;
import io.resilientmtl.job.report.Metric;
import io.resilientmtl.job.report.RuleResult;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten of 30 agents send honest models plus Gaussian noise of decreasing size: the closer the attack
 * is to honest behaviour, the closer the results are to the attack-free network.
 */
final class SmallPerturbationExperiment implements Experiment {

  private static final List<Double> SIGMAS = List.of(3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.0);

  /** Relative distance to the attack-free MSD that counts as "approached" at σ = 0. */
  private static final double TOLERANCE = 0.5;

  @Override
  public String name() {
    return "small-perturbation";
  }

  @Override
  public String claim() {
    return "With 10 of 30 agents sending honest models plus noise of standard deviation σ, the"
        + " loss-based rule's final MSD approaches the attack-free value as σ goes to 0 (within "
        + (int) (TOLERANCE * 100)
        + " % at σ = 0).";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 30)
        .configure("Byzantine agents", 10)
        .configure("σ", SIGMAS)
        .configure("attack", "mean of the victims' honest neighbours' latest models + N(0, σ²)")
        .configure("attack-free case", "the same 30 agents, none Byzantine")
        .configure("rounds", SmallNetworks.SMALL_ROUNDS)
        .configure("seed", context.seed());

    TargetLocalizationScenario clean = SmallNetworks.thirtyAgents(0, null, context.seed());
    RuleResult cleanResult =
        context
            .streaming(RuleRuns.localizationSettings("loss-based", 0))
            .run(clean, "loss-based", name() + "-clean", SmallNetworks.SMALL_ROUNDS);
    double attackFree = RuleRuns.finalValue(cleanResult, Metric.MSD);

    List<List<String>> rows = new ArrayList<>();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double atZero = Double.NaN;
    double atLargest = Double.NaN;
    double smallest = Double.POSITIVE_INFINITY;
    double largest = Double.NEGATIVE_INFINITY;
    for (double sigma : SIGMAS) {
      TargetLocalizationScenario scenario =
          SmallNetworks.thirtyAgents(10, "perturb:" + sigma, context.seed());
      RuleResult result =
          context
              .streaming(RuleRuns.localizationSettings("loss-based", 0))
              .run(scenario, "loss-based", name() + "-" + sigma, SmallNetworks.SMALL_ROUNDS);
      double msd = RuleRuns.finalValue(result, Metric.MSD);
      double weight = RuleRuns.finalValue(result, Metric.BYZANTINE_WEIGHT);
      rows.add(List.of(Double.toString(sigma), number(msd), number(weight)));
      x.add(sigma == 0 ? 0.001 : sigma);
      y.add(msd);
      smallest = Math.min(smallest, msd);
      largest = Math.max(largest, msd);
      if (sigma == 0) {
        atZero = msd;
      }
      if (sigma == SIGMAS.get(0)) {
        atLargest = msd;
      }
    }
    new LinePlot(
            "Loss-based rule under small perturbations (σ = 0 drawn at 0.001)",
            "σ",
            "final MSD",
            false)
        .add("perturbation attack", x, y)
        .add("attack-free", List.of(0.001, SIGMAS.get(0)), List.of(attackFree, attackFree))
        .write(context.output().resolve("msd-vs-sigma.png"));
    report.file("msd-vs-sigma.png");
    report.section(
        "Final MSD of the normal agents, loss-based rule",
        ExperimentReport.table(List.of("σ", "final MSD", "Byzantine weight at the end"), rows)
            + "\nAttack-free final MSD: "
            + number(attackFree)
            + "\n");
    boolean holds = Math.abs(atZero - attackFree) <= TOLERANCE * attackFree;
    String spread =
        largest - smallest <= 1e-6 * largest
            ? " The final MSD is the same at every σ: the loss-based rule filtered every perturbed"
                + " model, so the attack had no effect, and the remaining gap to the attack-free"
                + " network comes from having 20 instead of 30 honest agents to learn from."
            : "";
    report.verdict(
        holds,
        String.format(
            "At σ = 0 the final MSD is %s against %s without attack (σ = %s gives %s).%s",
            number(atZero), number(attackFree), SIGMAS.get(0), number(atLargest), spread));
    return report;
  }
}
