package io.resilientmtl.job.operators;

import io.resilientmtl.job.event.Inbound;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks from sensor samples only, for the stream in which samples and model updates are
 * unioned.
 *
 * <p>Model updates travel a feedback loop through Kafka: round i's updates exist only after round i
 * closed. If their timestamps took part in the watermark, round i would wait for updates that wait
 * for round i. So updates neither advance event time nor count as activity: a subtask that receives
 * only updates goes idle after the idleness timeout and stops holding back the other subtasks.
 *
 * <p>The watermark is the newest sample timestamp minus the out-of-orderness minus 1 ms, emitted as
 * soon as it grows, so a round closes without waiting for the periodic emit interval.
 */
public final class SampleDrivenWatermarks implements WatermarkGenerator<Inbound> {

  private final long outOfOrdernessMillis;
  private final long idlenessNanos;

  private long maxSampleTimestamp = Long.MIN_VALUE;
  private long lastEmitted = Long.MIN_VALUE;
  private long lastActivityNanos = System.nanoTime();
  private boolean idle;

  SampleDrivenWatermarks(long outOfOrdernessMillis, long idlenessMillis) {
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.idlenessNanos = idlenessMillis * 1_000_000L;
  }

  /**
   * Creates the strategy: event time from {@link Inbound#eventTimestamp()}, watermarks from
   * samples.
   *
   * @param idlenessMillis processing time without samples before the subtask is marked idle; 0
   *     disables idleness
   */
  public static WatermarkStrategy<Inbound> strategy(
      long outOfOrdernessMillis, long idlenessMillis) {
    WatermarkGeneratorSupplier<Inbound> generator =
        context -> new SampleDrivenWatermarks(outOfOrdernessMillis, idlenessMillis);
    TimestampAssignerSupplier<Inbound> timestamps =
        context -> (TimestampAssigner<Inbound>) (event, previous) -> event.eventTimestamp();
    return WatermarkStrategy.forGenerator(generator).withTimestampAssigner(timestamps);
  }

  @Override
  public void onEvent(Inbound event, long eventTimestamp, WatermarkOutput output) {
    if (event.kind != Inbound.Kind.SAMPLE) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    if (idle) {
      idle = false;
      output.markActive();
    }
    maxSampleTimestamp = Math.max(maxSampleTimestamp, eventTimestamp);
    long watermark = maxSampleTimestamp - outOfOrdernessMillis - 1;
    if (watermark > lastEmitted) {
      lastEmitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (idlenessNanos > 0 && !idle && System.nanoTime() - lastActivityNanos >= idlenessNanos) {
      idle = true;
      output.markIdle();
    }
  }
}
