package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.schema.AvroCodec;
import io.resilientmtl.schema.TopologyUpdate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroRecordSerializationSchemaTest {

  private static final SerializationSchema.InitializationContext CONTEXT =
      new SerializationSchema.InitializationContext() {
        @Override
        public MetricGroup getMetricGroup() {
          return new UnregisteredMetricsGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
          return SimpleUserCodeClassLoader.create(
              AvroRecordSerializationSchemaTest.class.getClassLoader());
        }
      };

  private static final KafkaSinkContext SINK_CONTEXT =
      new KafkaSinkContext() {
        @Override
        public int getParallelInstanceId() {
          return 0;
        }

        @Override
        public int getNumberOfParallelInstances() {
          return 1;
        }

        @Override
        public int[] getPartitionsForTopic(String topic) {
          return new int[] {0};
        }
      };

  /** A stream element: an agent and its in-neighbours. */
  record Neighbours(String agentId, List<String> inNeighbours) {}

  private static TopologyUpdate toTopologyUpdate(Neighbours neighbours) {
    return TopologyUpdate.newBuilder()
        .setAgentId(neighbours.agentId())
        .setInNeighbours(neighbours.inNeighbours())
        .build();
  }

  private static AvroRecordSerializationSchema<Neighbours, TopologyUpdate> openedSchema()
      throws Exception {
    AvroRecordSerializationSchema<Neighbours, TopologyUpdate> schema =
        InstantiationUtil.clone(
            new AvroRecordSerializationSchema<>(
                "topology",
                TopologyUpdate.class,
                AvroRecordSerializationSchemaTest::toTopologyUpdate,
                Neighbours::agentId));
    schema.open(CONTEXT, SINK_CONTEXT);
    return schema;
  }

  @Test
  void serializeWritesKeyValueAndTimestamp() throws Exception {
    Neighbours element = new Neighbours("agent-ä", List.of("agent-2", "agent-3"));

    ProducerRecord<byte[], byte[]> record =
        openedSchema().serialize(element, SINK_CONTEXT, 1_700_000_000_000L);

    assertThat(record.topic()).isEqualTo("topology");
    assertThat(record.partition()).isNull();
    assertThat(record.key()).isEqualTo("agent-ä".getBytes(StandardCharsets.UTF_8));
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(AvroCodec.forTopologyUpdates().decode(record.value()))
        .isEqualTo(toTopologyUpdate(element));
  }

  @Test
  void missingOrNegativeTimestampIsLeftToProducer() throws Exception {
    Neighbours element = new Neighbours("agent-1", List.of());
    AvroRecordSerializationSchema<Neighbours, TopologyUpdate> schema = openedSchema();

    assertThat(schema.serialize(element, SINK_CONTEXT, null).timestamp()).isNull();
    assertThat(schema.serialize(element, SINK_CONTEXT, -1L).timestamp()).isNull();
  }

  @Test
  void nullAgentIdWritesNoKey() throws Exception {
    AvroRecordSerializationSchema<Neighbours, TopologyUpdate> schema =
        new AvroRecordSerializationSchema<>(
            "topology",
            TopologyUpdate.class,
            AvroRecordSerializationSchemaTest::toTopologyUpdate,
            element -> null);
    schema.open(CONTEXT, SINK_CONTEXT);

    ProducerRecord<byte[], byte[]> record =
        schema.serialize(new Neighbours("agent-1", List.of()), SINK_CONTEXT, null);

    assertThat(record.key()).isNull();
    assertThat(record.value()).isNotEmpty();
  }

  @Test
  void nullFromConverterFails() throws Exception {
    AvroRecordSerializationSchema<Neighbours, TopologyUpdate> schema =
        new AvroRecordSerializationSchema<>(
            "topology", TopologyUpdate.class, element -> null, Neighbours::agentId);
    schema.open(CONTEXT, SINK_CONTEXT);

    assertThatThrownBy(
            () -> schema.serialize(new Neighbours("agent-1", List.of()), SINK_CONTEXT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("converter for topic topology returned null")
        .hasMessageContaining("TopologyUpdate");
  }

  @Test
  void invalidRecordFails() throws Exception {
    AvroRecordSerializationSchema<Neighbours, TopologyUpdate> schema =
        new AvroRecordSerializationSchema<>(
            "topology",
            TopologyUpdate.class,
            element -> new TopologyUpdate(element.agentId(), null, null),
            Neighbours::agentId);
    schema.open(CONTEXT, SINK_CONTEXT);

    assertThatThrownBy(
            () -> schema.serialize(new Neighbours("agent-1", List.of()), SINK_CONTEXT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot encode TopologyUpdate")
        .hasMessageContaining("inNeighbours");
  }
}
