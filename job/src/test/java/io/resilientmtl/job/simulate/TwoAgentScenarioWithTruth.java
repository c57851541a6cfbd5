package io.resilientmtl.job.simulate;

import io.resilientmtl.job.scenario.HasTrueModels;

/** {@link TwoAgentScenario} whose true models are the fixes: a → (3, 4) and b → (2, 0). */
class TwoAgentScenarioWithTruth extends TwoAgentScenario implements HasTrueModels {

  TwoAgentScenarioWithTruth(boolean silentAttacker, int rounds) {
    super(silentAttacker, rounds);
  }

  @Override
  public double[] trueModel(String agentId) {
    return switch (agentId) {
      case "a" -> new double[] {3.0, 4.0};
      case "b" -> new double[] {2.0, 0.0};
      default -> throw new IllegalArgumentException("Unknown normal agent " + agentId);
    };
  }
}
