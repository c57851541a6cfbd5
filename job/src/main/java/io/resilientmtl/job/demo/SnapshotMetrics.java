package io.resilientmtl.job.demo;

import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.scenario.HasTrueModels;
import io.resilientmtl.job.scenario.Scenario;
import io.resilientmtl.schema.AgentModel;
import io.resilientmtl.schema.NeighbourReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the agent-model snapshots of one streaming run into network-wide metrics per round. */
public final class SnapshotMetrics {

  private SnapshotMetrics() {}

  /**
   * Averages one round's snapshots over the normal agents.
   *
   * @param round the scenario round, 0-based
   * @param snapshots the normal agents' snapshots of that round, by agent id
   */
  public static RoundMetrics of(int round, Map<String, AgentModel> snapshots, Scenario scenario) {
    Set<String> byzantine = scenario.byzantineAgents();
    HasTrueModels truth = scenario instanceof HasTrueModels known ? known : null;
    double msd = 0;
    double loss = 0;
    int losses = 0;
    double absError = 0;
    int absErrors = 0;
    double byzantineWeight = 0;
    for (AgentModel snapshot : snapshots.values()) {
      if (truth != null) {
        double[] target = truth.trueModel(snapshot.getAgentId());
        List<Double> w = snapshot.getParameters();
        for (int j = 0; j < target.length; j++) {
          double diff = w.get(j) - target[j];
          msd += diff * diff;
        }
      }
      if (snapshot.getLocalLoss() != null) {
        loss += snapshot.getLocalLoss();
        losses++;
      }
      if (snapshot.getAbsoluteError() != null) {
        absError += snapshot.getAbsoluteError();
        absErrors++;
      }
      for (NeighbourReport report : snapshot.getNeighbours()) {
        if (byzantine.contains(report.getAgentId())) {
          byzantineWeight += report.getWeight();
        }
      }
    }
    int agents = snapshots.size();
    return new RoundMetrics(
        round,
        truth == null ? Double.NaN : msd / agents,
        losses == 0 ? Double.NaN : loss / losses,
        absErrors == 0 ? Double.NaN : absError / absErrors,
        byzantineWeight / agents);
  }

  /** Converts every round of a run, in round order. */
  public static List<RoundMetrics> all(
      Map<Integer, Map<String, AgentModel>> byRound, Scenario scenario, int rounds) {
    List<RoundMetrics> metrics = new ArrayList<>(rounds);
    for (int round = 0; round < rounds; round++) {
      Map<String, AgentModel> snapshots = byRound.get(round);
      if (snapshots != null && !snapshots.isEmpty()) {
        metrics.add(of(round, snapshots, scenario));
      }
    }
    return metrics;
  }
}
