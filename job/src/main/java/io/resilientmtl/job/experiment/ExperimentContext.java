package io.resilientmtl.job.experiment;

import io.resilientmtl.job.demo.LocalFlinkCluster;
import io.resilientmtl.job.demo.StreamingExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resources of an experiment run: a Kafka broker, a Flink cluster, an output folder and the seed.
 *
 * @param bootstrapServers the embedded broker's address
 * @param cluster the local Flink cluster that runs the jobs
 * @param output the experiment's report folder, results/NAME by default
 * @param parallelism parallelism of each job
 * @param seed scenario seed
 */
public record ExperimentContext(
    String bootstrapServers, LocalFlinkCluster cluster, Path output, int parallelism, long seed) {

  /**
   * Returns a runner of streaming runs with {@code settings} as job settings. It deletes each run's
   * topics when the run ends, because an experiment runs up to a few hundred of them.
   */
  public StreamingExperiment streaming(Map<String, String> settings) throws IOException {
    Path work = output.resolve("runs");
    Files.createDirectories(work);
    return new StreamingExperiment(bootstrapServers, cluster, work, parallelism, settings)
        .deletingTopicsAfterRun();
  }
}
