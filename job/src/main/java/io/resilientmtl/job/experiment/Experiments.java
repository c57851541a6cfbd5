package io.resilientmtl.job.experiment;

import java.util.ArrayList;
import java.util.List;

/** The experiments the command line offers, in the order {@code experiment all} runs them. */
public final class Experiments {

  private Experiments() {}

  /** Returns one new instance of every experiment. */
  public static List<Experiment> all() {
    return List.of(
        new TargetLocalizationExperiment(),
        new FSubsetExperiment(),
        new DroppedNodesExperiment(),
        new SmallPerturbationExperiment(),
        new AttackSweepExperiment(),
        new ModelAwareExperiment(),
        new TrustGraphExperiment(),
        new TimingExperiment(),
        new DigitsExperiment(),
        new SensorNetworkExperiment());
  }

  /** Returns the experiment called {@code name}, or {@code null}. */
  public static Experiment byName(String name) {
    for (Experiment experiment : all()) {
      if (experiment.name().equals(name)) {
        return experiment;
      }
    }
    return null;
  }

  /** Returns the experiment names. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Experiment experiment : all()) {
      names.add(experiment.name());
    }
    return names;
  }
}
