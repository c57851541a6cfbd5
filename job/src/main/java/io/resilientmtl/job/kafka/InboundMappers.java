package io.resilientmtl.job.kafka;

import io.resilientmtl.connectors.DecodedRecordMapper;
import io.resilientmtl.connectors.RecordOrigin;
import io.resilientmtl.job.config.JobOptions;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Maps decoded Kafka records, and records that failed to decode, to the job's input type. */
final class InboundMappers {

  /** Name of the sample source's counter of samples stamped too far ahead of the clock. */
  static final String FUTURE_SAMPLES_METRIC = "futureSamples";

  private InboundMappers() {}

  /**
   * Samples: decoded ones become sample inputs. Undecodable ones, and those stamped more than
   * {@code watermarks.max-future} ahead of this machine's clock, become dead letters.
   */
  static final class Samples implements DecodedRecordMapper<SensorSample, Inbound> {
    private static final long serialVersionUID = 1L;

    private final long maxFutureMillis;

    /** Counter of dead-lettered future samples, set in {@link #open}. */
    private transient Counter futureSamples;

    /**
     * @param maxFutureMillis how far ahead of the wall clock a sample's timestamp may be, > 0
     */
    Samples(long maxFutureMillis) {
      if (maxFutureMillis <= 0) {
        throw new IllegalArgumentException("maxFutureMillis must be > 0, got " + maxFutureMillis);
      }
      this.maxFutureMillis = maxFutureMillis;
    }

    @Override
    public void open(MetricGroup metrics) {
      futureSamples = metrics.counter(FUTURE_SAMPLES_METRIC);
    }

    @Override
    public Inbound onRecord(SensorSample record, RecordOrigin origin) {
      return onRecord(record, origin, null, null);
    }

    @Override
    public Inbound onRecord(SensorSample record, RecordOrigin origin, byte[] key, byte[] value) {
      SampleEvent sample = RecordConversions.toEvent(record);
      long now = System.currentTimeMillis();
      long ahead = sample.timestamp - now;
      if (ahead <= maxFutureMillis) {
        sample.topic = origin.topic();
        sample.partition = origin.partition();
        sample.offset = origin.offset();
        return Inbound.of(sample);
      }
      if (futureSamples != null) {
        futureSamples.inc();
      }
      String reason =
          "sensor sample stamped "
              + Instant.ofEpochMilli(sample.timestamp)
              + ", "
              + duration(ahead)
              + " ahead of this machine's clock, more than "
              + JobOptions.MAX_FUTURE.key()
              + " ("
              + duration(maxFutureMillis)
              + ") allows; check the sensor's clock";
      DeadLetterEvent letter =
          new DeadLetterEvent(
              reason, origin.topic(), origin.partition(), origin.offset(), sample.agentId, now);
      letter.key = key;
      letter.value = value;
      return Inbound.of(letter);
    }

    @Override
    public Inbound onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return deadLetter("undecodable sensor sample: " + reason, origin, key, value);
    }
  }

  /** Model updates: decoded ones keep their Kafka origin for later rejections. */
  static final class Updates implements DecodedRecordMapper<ModelUpdate, Inbound> {
    private static final long serialVersionUID = 1L;

    @Override
    public Inbound onRecord(ModelUpdate record, RecordOrigin origin) {
      UpdateEvent update = RecordConversions.toEvent(record);
      update.topic = origin.topic();
      update.partition = origin.partition();
      update.offset = origin.offset();
      return Inbound.of(update);
    }

    @Override
    public Inbound onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return deadLetter("undecodable model update: " + reason, origin, key, value);
    }
  }

  /** Formats milliseconds as seconds, rounded down, from 1 s on, and as milliseconds below. */
  private static String duration(long millis) {
    return millis >= 1000 ? Duration.ofMillis(millis).toSeconds() + " s" : millis + " ms";
  }

  private static Inbound deadLetter(String reason, RecordOrigin origin, byte[] key, byte[] value) {
    DeadLetterEvent letter =
        new DeadLetterEvent(
            reason,
            origin.topic(),
            origin.partition(),
            origin.offset(),
            null,
            System.currentTimeMillis());
    letter.key = key;
    letter.value = value;
    return Inbound.of(letter);
  }
}
