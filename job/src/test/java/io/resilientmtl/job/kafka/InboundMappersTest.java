package io.resilientmtl.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.connectors.RecordOrigin;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.learning.model.Sample;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class InboundMappersTest {

  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final RecordOrigin ORIGIN = new RecordOrigin("samples", 1, 42, 0);
  private static final byte[] KEY = {1, 2};
  private static final byte[] VALUE = {3, 4, 5};

  private final Map<String, Counter> counters = new HashMap<>();

  private final MetricGroup metrics =
      new UnregisteredMetricsGroup() {
        @Override
        public Counter counter(String name) {
          Counter counter = new SimpleCounter();
          counters.put(name, counter);
          return counter;
        }
      };

  private Inbound map(long timestamp) {
    SampleEvent event =
        new SampleEvent("s1", timestamp, new double[] {1.0}, new double[] {2.0}, Sample.NO_LABEL);
    InboundMappers.Samples mapper = new InboundMappers.Samples(HOUR);
    mapper.open(metrics);
    return mapper.onRecord(RecordConversions.toRecord(event), ORIGIN, KEY, VALUE);
  }

  @Test
  void pastAndNearFutureSamplesPass() {
    long now = System.currentTimeMillis();

    Inbound old = map(now - 365 * 24 * HOUR);
    Inbound soon = map(now + HOUR / 2);

    assertThat(old.kind).isEqualTo(Inbound.Kind.SAMPLE);
    assertThat(old.sample.timestamp).isEqualTo(now - 365 * 24 * HOUR);
    assertThat(old.sample.topic).isEqualTo("samples");
    assertThat(old.sample.partition).isEqualTo(1);
    assertThat(old.sample.offset).isEqualTo(42);
    assertThat(soon.kind).isEqualTo(Inbound.Kind.SAMPLE);
    assertThat(counters.get(InboundMappers.FUTURE_SAMPLES_METRIC).getCount()).isZero();
  }

  @Test
  void farFutureSampleIsDeadLettered() {
    long now = System.currentTimeMillis();

    Inbound ahead = map(now + 3 * HOUR);

    assertThat(ahead.kind).isEqualTo(Inbound.Kind.DEAD_LETTER);
    assertThat(ahead.deadLetter.agentId).isEqualTo("s1");
    assertThat(ahead.deadLetter.topic).isEqualTo("samples");
    assertThat(ahead.deadLetter.partition).isEqualTo(1);
    assertThat(ahead.deadLetter.offset).isEqualTo(42);
    assertThat(ahead.deadLetter.key).containsExactly(KEY);
    assertThat(ahead.deadLetter.value).containsExactly(VALUE);
    assertThat(counters.get(InboundMappers.FUTURE_SAMPLES_METRIC).getCount()).isEqualTo(1);
    // About 3 h = 10800 s ahead; the clock moves between the two readings, so allow a second.
    assertThat(ahead.deadLetter.reason)
        .startsWith("sensor sample stamped ")
        .containsPattern("1079[89] s ahead of this machine's clock|10800 s ahead")
        .contains("more than watermarks.max-future (3600 s) allows; check the sensor's clock");
  }

  @Test
  void limitMustBePositive() {
    assertThatThrownBy(() -> new InboundMappers.Samples(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFutureMillis must be > 0, got 0");
  }
}
