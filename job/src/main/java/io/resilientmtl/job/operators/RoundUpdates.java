package io.resilientmtl.job.operators;

import java.util.Arrays;

/** The neighbour models one agent has received for one round, kept in keyed state. A Flink POJO. */
public class RoundUpdates {

  public String[] senders = new String[0];
  public double[][] parameters = new double[0][];

  public RoundUpdates() {}

  /** Returns the parameters {@code sender} sent for this round, or {@code null}. */
  public double[] get(String sender) {
    for (int i = 0; i < senders.length; i++) {
      if (senders[i].equals(sender)) {
        return parameters[i];
      }
    }
    return null;
  }

  /** Returns a new instance with {@code sender}'s parameters added; this one is not modified. */
  public RoundUpdates plus(String sender, double[] values) {
    RoundUpdates next = new RoundUpdates();
    int n = senders.length;
    next.senders = Arrays.copyOf(senders, n + 1);
    next.parameters = Arrays.copyOf(parameters, n + 1);
    next.senders[n] = sender;
    next.parameters[n] = values;
    return next;
  }

  public int size() {
    return senders.length;
  }
}
