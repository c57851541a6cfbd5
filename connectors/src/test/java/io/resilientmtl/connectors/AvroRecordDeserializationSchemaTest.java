package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroRecordDeserializationSchemaTest {

  private static final String TOPIC = "sensor-samples";
  private static final long TIMESTAMP = 1_700_000_000_000L;

  private final Map<String, Counter> counters = new HashMap<>();
  private final List<String> emitted = new ArrayList<>();
  private final Collector<String> collector =
      new Collector<>() {
        @Override
        public void collect(String record) {
          emitted.add(record);
        }

        @Override
        public void close() {}
      };

  /** Describes each call as text, so a test can compare the whole output at once. */
  static final class DescribingMapper implements DecodedRecordMapper<SensorSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String onRecord(SensorSample record, RecordOrigin origin) {
      return "record "
          + record.getAgentId()
          + " "
          + record.getFeatures()
          + " from "
          + origin
          + " at "
          + origin.timestampMillis();
    }

    @Override
    public String onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return "failure from "
          + origin
          + " key="
          + (key == null ? "null" : new String(key, StandardCharsets.UTF_8))
          + " value="
          + Arrays.toString(value)
          + " reason="
          + reason;
    }
  }

  /** Counts its opens in a counter and describes the raw bytes that come with a decoded record. */
  static final class BytesMapper implements DecodedRecordMapper<SensorSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void open(MetricGroup metrics) {
      metrics.counter("opened").inc();
    }

    @Override
    public String onRecord(SensorSample record, RecordOrigin origin) {
      throw new AssertionError("the schema must call the variant with the raw bytes");
    }

    @Override
    public String onRecord(SensorSample record, RecordOrigin origin, byte[] key, byte[] value) {
      return record.getAgentId()
          + " key="
          + new String(key, StandardCharsets.UTF_8)
          + " value bytes="
          + value.length;
    }

    @Override
    public String onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return "failure";
    }
  }

  /** Drops every record, as a mapper may do by returning null. */
  static final class DroppingMapper implements DecodedRecordMapper<SensorSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String onRecord(SensorSample record, RecordOrigin origin) {
      return null;
    }

    @Override
    public String onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return null;
    }
  }

  private DeserializationSchema.InitializationContext context() {
    MetricGroup metricGroup =
        new UnregisteredMetricsGroup() {
          @Override
          public Counter counter(String name) {
            return counter(name, new SimpleCounter());
          }

          @Override
          public <C extends Counter> C counter(String name, C counter) {
            counters.put(name, counter);
            return counter;
          }
        };
    return new DeserializationSchema.InitializationContext() {
      @Override
      public MetricGroup getMetricGroup() {
        return metricGroup;
      }

      @Override
      public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
      }
    };
  }

  private static ConsumerRecord<byte[], byte[]> record(
      int partition, long offset, String key, byte[] value) {
    return new ConsumerRecord<>(
        TOPIC,
        partition,
        offset,
        TIMESTAMP,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static SensorSample sample() {
    return SensorSample.newBuilder()
        .setAgentId("agent-1")
        .setTimestamp(Instant.ofEpochMilli(TIMESTAMP))
        .setFeatures(List.of(1.0, 2.0))
        .build();
  }

  private AvroRecordDeserializationSchema<SensorSample, String> openedSchema() {
    AvroRecordDeserializationSchema<SensorSample, String> schema =
        new AvroRecordDeserializationSchema<>(
            SensorSample.class, new DescribingMapper(), Types.STRING);
    schema.open(context());
    return schema;
  }

  private long undecodableCount() {
    return counters.get(AvroRecordDeserializationSchema.UNDECODABLE_RECORDS_METRIC).getCount();
  }

  @BeforeEach
  void clearOutput() {
    emitted.clear();
    counters.clear();
  }

  @Test
  void decodedRecordGoesToOnRecord() {
    byte[] value = AvroCodec.forSensorSamples().encode(sample());

    openedSchema().deserialize(record(1, 7, "agent-1", value), collector);

    assertThat(emitted)
        .containsExactly("record agent-1 [1.0, 2.0] from sensor-samples-1@7 at " + TIMESTAMP);
    assertThat(undecodableCount()).isZero();
  }

  @Test
  void mapperIsOpenedAndSeesRawBytes() {
    byte[] value = AvroCodec.forSensorSamples().encode(sample());
    AvroRecordDeserializationSchema<SensorSample, String> schema =
        new AvroRecordDeserializationSchema<>(SensorSample.class, new BytesMapper(), Types.STRING);
    schema.open(context());

    schema.deserialize(record(0, 3, "agent-1", value), collector);

    assertThat(counters.get("opened").getCount()).isEqualTo(1);
    assertThat(emitted).containsExactly("agent-1 key=agent-1 value bytes=" + value.length);
  }

  @Test
  void textValueGoesToOnFailure() {
    byte[] value = "oops".getBytes(StandardCharsets.UTF_8);

    openedSchema().deserialize(record(0, 3, "agent-1", value), collector);

    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0))
        .startsWith("failure from sensor-samples-0@3 key=agent-1 value=[111, 111, 112, 115]")
        .contains("reason=Invalid SensorSample message: it has 4 bytes");
    assertThat(undecodableCount()).isEqualTo(1);
  }

  @Test
  void nullValueGoesToOnFailure() {
    openedSchema().deserialize(record(0, 4, null, null), collector);

    assertThat(emitted)
        .containsExactly(
            "failure from sensor-samples-0@4 key=null value=null reason=Record value is null,"
                + " expected an Avro single-object encoded SensorSample");
    assertThat(undecodableCount()).isEqualTo(1);
  }

  @Test
  void truncatedValueGoesToOnFailure() {
    byte[] value = AvroCodec.forSensorSamples().encode(sample());
    byte[] truncated = Arrays.copyOf(value, value.length - 1);

    openedSchema().deserialize(record(1, 9, "agent-1", truncated), collector);

    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0))
        .startsWith("failure from sensor-samples-1@9 key=agent-1")
        .contains("ends before the record is complete")
        .contains("truncated");
  }

  @Test
  void otherRecordTypeGoesToOnFailure() {
    ModelUpdate update =
        ModelUpdate.newBuilder()
            .setAgentId("agent-1")
            .setRound(1)
            .setTimestamp(Instant.ofEpochMilli(TIMESTAMP))
            .setModelKind("linear-regression/2")
            .setParameters(List.of(0.5, 0.5))
            .build();
    byte[] value = AvroCodec.forModelUpdates().encode(update);

    openedSchema().deserialize(record(0, 5, "agent-1", value), collector);

    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0)).contains("writer schema fingerprint").contains("is unknown");
  }

  @Test
  void everyRecordReachesMapperOnce() {
    AvroRecordDeserializationSchema<SensorSample, String> schema = openedSchema();
    byte[] good = AvroCodec.forSensorSamples().encode(sample());

    for (int offset = 0; offset < 10; offset++) {
      byte[] value = offset % 3 == 0 ? new byte[] {1, 2, 3} : good;
      schema.deserialize(record(0, offset, "agent-1", value), collector);
    }

    assertThat(emitted).hasSize(10);
    assertThat(emitted.stream().filter(line -> line.startsWith("failure"))).hasSize(4);
    assertThat(undecodableCount()).isEqualTo(4);
  }

  @Test
  void nullFromMapperEmitsNothing() {
    AvroRecordDeserializationSchema<SensorSample, String> schema =
        new AvroRecordDeserializationSchema<>(
            SensorSample.class, new DroppingMapper(), Types.STRING);
    schema.open(context());

    schema.deserialize(
        record(0, 0, "agent-1", AvroCodec.forSensorSamples().encode(sample())), collector);
    schema.deserialize(record(0, 1, "agent-1", new byte[] {9}), collector);

    assertThat(emitted).isEmpty();
    assertThat(undecodableCount()).isEqualTo(1);
  }

  @Test
  void schemaSurvivesJavaSerialization() throws Exception {
    AvroRecordDeserializationSchema<SensorSample, String> copy =
        InstantiationUtil.clone(
            new AvroRecordDeserializationSchema<>(
                SensorSample.class, new DescribingMapper(), Types.STRING));
    copy.open(context());

    copy.deserialize(
        record(0, 2, "agent-1", AvroCodec.forSensorSamples().encode(sample())), collector);

    assertThat(copy.getProducedType()).isEqualTo(Types.STRING);
    assertThat(emitted)
        .containsExactly("record agent-1 [1.0, 2.0] from sensor-samples-0@2 at " + TIMESTAMP);
  }

  @Test
  void deserializeBeforeOpenFails() {
    AvroRecordDeserializationSchema<SensorSample, String> schema =
        new AvroRecordDeserializationSchema<>(
            SensorSample.class, new DescribingMapper(), Types.STRING);

    assertThatThrownBy(() -> schema.deserialize(record(0, 0, null, new byte[0]), collector))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("open() was not called");
  }
}
