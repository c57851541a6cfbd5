package io.resilientmtl.job.demo;

import io.resilientmtl.job.pipeline.ResilientLearningJob;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster on 127.0.0.1 that runs one job after another, so a series of runs pays the
 * cluster start-up once.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  private final MiniCluster cluster;

  private LocalFlinkCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts a cluster with one task manager of {@code slots} slots. */
  public static LocalFlinkCluster start(int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    LOG.info("Started local Flink cluster with {} slots", slots);
    return new LocalFlinkCluster(cluster);
  }

  /** Builds {@code job}'s graph and submits it without waiting for it to end. */
  public JobID submit(ResilientLearningJob job, String jobName) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job.configure(env);
    job.build(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    return cluster.submitJob(graph).get().getJobID();
  }

  /** Cancels a job and waits until it has stopped. */
  public void cancel(JobID jobId, Duration timeout) throws Exception {
    JobStatus status = cluster.getJobStatus(jobId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!status.isGloballyTerminalState()) {
      cluster.cancelJob(jobId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cluster.getJobStatus(jobId).get().isGloballyTerminalState()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Job "
                + jobId
                + " did not stop within "
                + timeout.toSeconds()
                + " s of its cancellation.");
      }
      Thread.sleep(50);
    }
  }

  /** Returns the status of a job, such as FAILED for one that broke down. */
  public JobStatus status(JobID jobId) throws Exception {
    return cluster.getJobStatus(jobId).get();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
    LOG.info("Stopped local Flink cluster");
  }
}
