package io.resilientmtl.job.operators;

import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.job.topology.Topology;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes the unioned input before it is keyed by agent: samples pass through, each model update is
 * copied to every agent that lists its sender as in-neighbour, and records that failed to decode go
 * to the dead-letter output.
 *
 * <p>An agent's own update is not routed back to it: it already has its own model.
 */
public class UpdateRouter extends ProcessFunction<Inbound, Inbound> {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private final OutputTag<DeadLetterEvent> deadLetters;

  private transient Counter updatesWithoutReceivers;

  public UpdateRouter(Topology topology, OutputTag<DeadLetterEvent> deadLetters) {
    this.topology = topology;
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(OpenContext openContext) {
    updatesWithoutReceivers =
        getRuntimeContext().getMetricGroup().counter("updatesWithoutReceivers");
  }

  @Override
  public void processElement(Inbound in, Context ctx, Collector<Inbound> out) {
    switch (in.kind) {
      case SAMPLE -> out.collect(in);
      case DEAD_LETTER -> ctx.output(deadLetters, in.deadLetter);
      case UPDATE -> fanOut(in.update, out);
    }
  }

  private void fanOut(UpdateEvent update, Collector<Inbound> out) {
    int delivered = 0;
    for (String receiver : topology.outNeighbours(update.sender)) {
      if (!receiver.equals(update.sender)) {
        out.collect(Inbound.of(update.addressedTo(receiver)));
        delivered++;
      }
    }
    if (delivered == 0) {
      // Normal for models of agents outside this job's topology; counted so a wrong topology shows.
      updatesWithoutReceivers.inc();
    }
  }
}
