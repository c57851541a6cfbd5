package io.resilientmtl.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.learning.model.Sample;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class SampleDrivenWatermarksTest {

  @Test
  void samplesAdvanceWatermarkImmediately() {
    SampleDrivenWatermarks generator = new SampleDrivenWatermarks(200, 0);
    RecordingOutput output = new RecordingOutput();

    generator.onEvent(sample(1000), 1000, output);
    generator.onEvent(sample(900), 900, output);
    generator.onEvent(sample(1500), 1500, output);

    assertThat(output.watermarks).containsExactly(799L, 1299L);
  }

  @Test
  void updatesNeverMoveOrHoldWatermark() {
    SampleDrivenWatermarks generator = new SampleDrivenWatermarks(0, 0);
    RecordingOutput output = new RecordingOutput();

    generator.onEvent(update(5000), 5000, output);
    generator.onEvent(sample(1000), 1000, output);
    generator.onEvent(update(500), 500, output);
    generator.onEvent(sample(2000), 2000, output);

    assertThat(output.watermarks).containsExactly(999L, 1999L);
  }

  @Test
  void subtaskWithOnlyUpdatesGoesIdle() throws InterruptedException {
    SampleDrivenWatermarks generator = new SampleDrivenWatermarks(0, 20);
    RecordingOutput output = new RecordingOutput();

    generator.onEvent(update(5000), 5000, output);
    Thread.sleep(40);
    generator.onEvent(update(6000), 6000, output);
    generator.onPeriodicEmit(output);

    assertThat(output.idleCalls).isEqualTo(1);
    generator.onEvent(sample(7000), 7000, output);
    assertThat(output.activeCalls).isEqualTo(1);
    assertThat(output.watermarks).containsExactly(6999L);
  }

  @Test
  void zeroIdlenessNeverMarksIdle() throws InterruptedException {
    SampleDrivenWatermarks generator = new SampleDrivenWatermarks(0, 0);
    RecordingOutput output = new RecordingOutput();

    Thread.sleep(5);
    generator.onPeriodicEmit(output);

    assertThat(output.idleCalls).isZero();
  }

  private static Inbound sample(long timestamp) {
    return Inbound.of(
        new SampleEvent("k", timestamp, new double[] {1}, new double[] {1}, Sample.NO_LABEL));
  }

  private static Inbound update(long timestamp) {
    UpdateEvent update = new UpdateEvent("a", 0, timestamp, "kind", new double[] {1});
    return Inbound.of(update.addressedTo("k"));
  }

  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    int idleCalls;
    int activeCalls;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      idleCalls++;
    }

    @Override
    public void markActive() {
      activeCalls++;
    }
  }
}
