package io.resilientmtl.job.operators;

import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.learning.model.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The samples of one agent in one round, kept in keyed state. A Flink POJO. */
public class SampleBatch {

  public double[][] features = new double[0][];
  public double[][] targets = new double[0][];
  public int[] labels = new int[0];

  public SampleBatch() {}

  /** Returns a new batch with {@code sample} appended; this batch is not modified. */
  public SampleBatch plus(SampleEvent sample) {
    SampleBatch next = new SampleBatch();
    int n = labels.length;
    next.features = Arrays.copyOf(features, n + 1);
    next.targets = Arrays.copyOf(targets, n + 1);
    next.labels = Arrays.copyOf(labels, n + 1);
    next.features[n] = sample.features;
    next.targets[n] = sample.targets == null ? new double[0] : sample.targets;
    next.labels[n] = sample.label;
    return next;
  }

  public int size() {
    return labels.length;
  }

  /** Converts to learning samples; the arrays are shared, not copied. */
  public List<Sample> toSamples() {
    List<Sample> samples = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      samples.add(
          labels[i] == Sample.NO_LABEL
              ? Sample.regression(features[i], targets[i])
              : Sample.classification(features[i], labels[i]));
    }
    return samples;
  }
}
