package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.demo.StreamingExperiment;
import io.resilientmtl.job.report.LinePlot;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss-based rule when more and more agents fall silent, for good or from time to time: silent
 * agents send no model, so their neighbours combine at the deadline without them.
 */
final class DroppedNodesExperiment implements Experiment {

  private static final List<Integer> COUNTS = List.of(0, 3, 6, 9, 12);
  private static final int MAX_DROPPED = 12;
  private static final String INTERMITTENT = "intermittent:0.5";

  /** How much worse than with no dropped agent the loss-based rule may end and still "keep" it. */
  private static final double TOLERATED_FACTOR = 2.0;

  @Override
  public String name() {
    return "dropped-nodes";
  }

  @Override
  public String claim() {
    return "As agents drop out (silent, or silent half of the rounds), the loss-based rule keeps its"
        + " accuracy: the final MSD of the agents that never drop stays within a factor "
        + TOLERATED_FACTOR
        + " of their MSD without dropped agents and below no-cooperation.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 30)
        .configure("dropped agents", COUNTS)
        .configure(
            "kinds",
            "silent (never sends), "
                + INTERMITTENT
                + " (silent with probability 0.5 per round, else sends the honest neighbours' mean)")
        .configure(
            "measured agents",
            "the "
                + (30 - MAX_DROPPED)
                + " agents that stay normal when "
                + MAX_DROPPED
                + " drop; they stay normal at every smaller count, because agents drop in one"
                + " seeded order")
        .configure(
            "noisy agents",
            "the two agents with direction noise 0.1 are drawn once, among the measured agents, and"
                + " stay the same at every count")
        .configure("rounds", SmallNetworks.SMALL_ROUNDS)
        .configure("seed", context.seed());

    List<List<String>> rows = new ArrayList<>();
    boolean holds = true;
    double baseline = Double.NaN;
    LinePlot plot =
        new LinePlot(
            "Final MSD with dropped agents", "dropped agents", "final MSD (log scale)", true);
    for (String kind : List.of("silent", INTERMITTENT)) {
      List<Double> x = new ArrayList<>();
      List<Double> lossBasedMsd = new ArrayList<>();
      List<Double> aloneMsd = new ArrayList<>();
      for (int count : COUNTS) {
        TargetLocalizationScenario scenario =
            SmallNetworks.thirtyAgentsWithFixedNoise(
                count, MAX_DROPPED, count == 0 ? null : kind, context.seed());
        List<String> measured =
            SmallNetworks.thirtyAgents(MAX_DROPPED, kind, context.seed()).normalAgents();
        double[] finals = new double[2];
        int i = 0;
        for (String rule : List.of("loss-based", "no-cooperation")) {
          StreamingExperiment.Run run =
              context
                  .streaming(RuleRuns.localizationSettings(rule, 0))
                  .runDetailed(
                      scenario,
                      rule,
                      name() + "-" + kind.replace(':', '-') + "-" + count,
                      SmallNetworks.SMALL_ROUNDS);
          finals[i++] = SmallNetworks.msd(scenario, run.finalModels(), measured);
        }
        if (count == 0) {
          baseline = finals[0];
        }
        boolean ok = finals[0] <= TOLERATED_FACTOR * baseline && finals[0] < finals[1];
        holds &= ok;
        x.add((double) count);
        lossBasedMsd.add(finals[0]);
        aloneMsd.add(finals[1]);
        rows.add(
            List.of(
                kind,
                Integer.toString(count),
                number(finals[0]),
                number(finals[1]),
                ok ? "yes" : "no"));
      }
      plot.add("loss-based, " + kind, x, lossBasedMsd).add("no-cooperation, " + kind, x, aloneMsd);
    }
    plot.write(context.output().resolve("msd-vs-dropped.png"));
    report.file("msd-vs-dropped.png");
    report.section(
        "Final MSD of the agents that never drop",
        ExperimentReport.table(
            List.of("kind", "dropped agents", "loss-based", "no-cooperation", "within the claim"),
            rows));
    report.verdict(
        holds,
        "Loss-based final MSD of the measured agents without dropped agents: "
            + number(baseline)
            + ". Each row says whether that configuration satisfies the claim.");
    return report;
  }
}
