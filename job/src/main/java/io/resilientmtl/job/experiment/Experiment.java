package io.resilientmtl.job.experiment;

/**
 * One reproducible experiment: runs scenarios through the streaming job, checks a claim against the
 * measured numbers, and writes a report.
 */
public interface Experiment {

  /** Returns the command-line name, which is also the folder name under results/. */
  String name();

  /** Returns the claim the experiment tests, as one or two sentences. */
  String claim();

  /** Runs the experiment and returns its report; files go to {@link ExperimentContext#output()}. */
  ExperimentReport run(ExperimentContext context) throws Exception;
}
