package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.demo.StreamingExperiment;
import io.resilientmtl.job.report.TrustGraphPlot;
import io.resilientmtl.job.scenario.TargetLocalizationScenario;
import io.resilientmtl.schema.AgentModel;
import io.resilientmtl.schema.NeighbourReport;
import io.resilientmtl.schema.NeighbourStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relationships the loss-based rule learns on target localization with 20 attackers: the
 * combine weights of the last round drawn as a graph, agents coloured by their true task.
 */
final class TrustGraphExperiment implements Experiment {

  private static final int ROUNDS = 500;

  /** Share of the weight given to other agents that must go to same-task neighbours. */
  private static final double SAME_TASK_SHARE = 0.95;

  @Override
  public String name() {
    return "trust-graph";
  }

  @Override
  public String claim() {
    return "After 500 rounds the normal agents give no weight to Byzantine agents and at least "
        + (int) (SAME_TASK_SHARE * 100)
        + " % of the weight they give to other agents goes to neighbours with the same task.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(
            TargetLocalizationScenario.Config.defaults().toBuilder()
                .byzantineAgents(20)
                .rounds(ROUNDS + RuleRuns.EXTRA_ROUNDS)
                .seed(context.seed())
                .build());
    StreamingExperiment.Run run =
        context
            .streaming(RuleRuns.localizationSettings("loss-based", 0))
            .runDetailed(scenario, "loss-based", name(), ROUNDS);
    Map<String, AgentModel> last = run.snapshots().get(ROUNDS - 1);
    Map<String, Integer> tasks = SmallNetworks.tasks(scenario);

    List<TrustGraphPlot.Edge> edges = new ArrayList<>();
    double sameTask = 0;
    double otherTask = 0;
    double byzantine = 0;
    for (AgentModel snapshot : last.values()) {
      String agent = snapshot.getAgentId();
      for (NeighbourReport neighbour : snapshot.getNeighbours()) {
        if (neighbour.getStatus() == NeighbourStatus.SELF || !(neighbour.getWeight() > 0)) {
          continue;
        }
        String from = neighbour.getAgentId();
        edges.add(new TrustGraphPlot.Edge(from, agent, neighbour.getWeight()));
        if (scenario.byzantineAgents().contains(from)) {
          byzantine += neighbour.getWeight();
        } else if (tasks.get(from).equals(tasks.get(agent))) {
          sameTask += neighbour.getWeight();
        } else {
          otherTask += neighbour.getWeight();
        }
      }
    }
    Map<String, double[]> positions = new HashMap<>();
    for (String agent : scenario.topology().agents()) {
      TargetLocalizationScenario.Point point = scenario.position(agent);
      positions.put(agent, new double[] {point.x(), point.y()});
    }
    for (String agent : scenario.byzantineAgents()) {
      TargetLocalizationScenario.Point point = scenario.position(agent);
      positions.put(agent, new double[] {point.x(), point.y()});
    }
    new TrustGraphPlot()
        .write(
            "Combine weights after " + ROUNDS + " rounds, loss-based rule, 20 Byzantine agents",
            positions,
            tasks,
            scenario.byzantineAgents(),
            edges,
            context.output().resolve("trust-graph.png"));

    double toOthers = sameTask + otherTask + byzantine;
    double sameShare = toOthers == 0 ? Double.NaN : sameTask / toOthers;
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("agents", 100)
        .configure("Byzantine agents", 20)
        .configure("rounds", ROUNDS)
        .configure("seed", context.seed())
        .configure("settings", "μ = 0.1, ν = 0.1, r0 = 10, SGD")
        .file("trust-graph.png")
        .section(
            "Weight given to other agents in the last round, summed over normal agents",
            ExperimentReport.table(
                List.of("to", "total weight"),
                List.of(
                    List.of("same-task neighbours", number(sameTask)),
                    List.of("other-task neighbours", number(otherTask)),
                    List.of("Byzantine neighbours", number(byzantine)))));
    report.verdict(
        byzantine == 0 && sameShare >= SAME_TASK_SHARE,
        String.format(
            "Same-task share %s of the weight given to others; Byzantine weight %s.",
            number(sameShare), number(byzantine)));
    return report;
  }
}
