package io.resilientmtl.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.junit.jupiter.api.Test;

/** Checks the option handling of {@link KafkaSources} and {@link KafkaSinks}. */
class KafkaBuildersTest {

  private static final String BOOTSTRAP = "127.0.0.1:9092";

  /** Emits the agent id of each sample and nothing for failures. */
  static final class AgentIdMapper implements DecodedRecordMapper<SensorSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String onRecord(SensorSample record, RecordOrigin origin) {
      return record.getAgentId();
    }

    @Override
    public String onFailure(String reason, RecordOrigin origin, byte[] key, byte[] value) {
      return null;
    }
  }

  private static KafkaSources.Builder<SensorSample, String> completeSource() {
    return KafkaSources.<SensorSample, String>builder(SensorSample.class)
        .setBootstrapServers(BOOTSTRAP)
        .setTopic("sensor-samples")
        .setGroupId("group")
        .setMapper(new AgentIdMapper(), Types.STRING);
  }

  private static ModelUpdate toUpdate(String agentId) {
    return ModelUpdate.newBuilder()
        .setAgentId(agentId)
        .setRound(0)
        .setTimestamp(Instant.EPOCH)
        .setModelKind("constant/1")
        .setParameters(List.of(1.0))
        .build();
  }

  private static KafkaSinks.Builder<String, ModelUpdate> completeSink() {
    return KafkaSinks.<String, ModelUpdate>builder(ModelUpdate.class)
        .setBootstrapServers(BOOTSTRAP)
        .setTopic("model-updates")
        .setConverter(KafkaBuildersTest::toUpdate)
        .setKeyExtractor(agentId -> agentId);
  }

  @Test
  void sourceDefaultsToUnbounded() {
    KafkaSource<String> source = completeSource().build();

    assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    assertThat(source.getProducedType()).isEqualTo(Types.STRING);
  }

  @Test
  void sourceWithStoppingOffsetsIsBounded() {
    KafkaSource<String> source =
        completeSource()
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setProperties(Map.of("security.protocol", "PLAINTEXT"))
            .build();

    assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
  }

  @Test
  void sourceRequiresBootstrapServers() {
    KafkaSources.Builder<SensorSample, String> builder =
        KafkaSources.<SensorSample, String>builder(SensorSample.class)
            .setTopic("sensor-samples")
            .setGroupId("group")
            .setMapper(new AgentIdMapper(), Types.STRING);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Bootstrap servers is not set; call setBootstrapServers(\"host:port\")");
  }

  @Test
  void sourceRequiresTopic() {
    KafkaSources.Builder<SensorSample, String> builder =
        KafkaSources.<SensorSample, String>builder(SensorSample.class)
            .setBootstrapServers(BOOTSTRAP)
            .setGroupId("group")
            .setMapper(new AgentIdMapper(), Types.STRING);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Topic is not set; call setTopic(name)");
  }

  @Test
  void sourceRequiresGroupId() {
    KafkaSources.Builder<SensorSample, String> builder =
        KafkaSources.<SensorSample, String>builder(SensorSample.class)
            .setBootstrapServers(BOOTSTRAP)
            .setTopic("sensor-samples")
            .setMapper(new AgentIdMapper(), Types.STRING);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Group id is not set; call setGroupId(id)");
  }

  @Test
  void sourceRequiresMapper() {
    KafkaSources.Builder<SensorSample, String> builder =
        KafkaSources.<SensorSample, String>builder(SensorSample.class)
            .setBootstrapServers(BOOTSTRAP)
            .setTopic("sensor-samples")
            .setGroupId("group");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Mapper is not set; call setMapper(mapper, producedType)");
  }

  @Test
  void sourceRejectsBlankTopic() {
    assertThatThrownBy(() -> completeSource().setTopic(" ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Topic is blank; call setTopic(name) with a value");
  }

  @Test
  void sourceRejectsReservedProperties() {
    assertThatThrownBy(() -> completeSource().setProperty("group.id", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Consumer property 'group.id' has a dedicated option; call setGroupId instead");
    assertThatThrownBy(() -> completeSource().setProperty("bootstrap.servers", BOOTSTRAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setBootstrapServers");
    assertThatThrownBy(() -> completeSource().setProperty("auto.offset.reset", "latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setStartingOffsets");
    assertThatThrownBy(() -> completeSource().setProperty("value.deserializer", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'value.deserializer' cannot be set");
  }

  @Test
  void sinkBuildsWithDefaults() {
    KafkaSink<String> sink = completeSink().build();

    assertThat(sink).isNotNull();
  }

  @Test
  void sinkRequiresBootstrapServers() {
    KafkaSinks.Builder<String, ModelUpdate> builder =
        KafkaSinks.<String, ModelUpdate>builder(ModelUpdate.class)
            .setTopic("model-updates")
            .setConverter(KafkaBuildersTest::toUpdate)
            .setKeyExtractor(agentId -> agentId);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Bootstrap servers is not set; call setBootstrapServers(\"host:port\")");
  }

  @Test
  void sinkRequiresTopic() {
    KafkaSinks.Builder<String, ModelUpdate> builder =
        KafkaSinks.<String, ModelUpdate>builder(ModelUpdate.class)
            .setBootstrapServers(BOOTSTRAP)
            .setConverter(KafkaBuildersTest::toUpdate)
            .setKeyExtractor(agentId -> agentId);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Topic is not set; call setTopic(name)");
  }

  @Test
  void sinkRequiresConverter() {
    KafkaSinks.Builder<String, ModelUpdate> builder =
        KafkaSinks.<String, ModelUpdate>builder(ModelUpdate.class)
            .setBootstrapServers(BOOTSTRAP)
            .setTopic("model-updates")
            .setKeyExtractor(agentId -> agentId);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Converter is not set; call setConverter(element -> avroRecord)");
  }

  @Test
  void sinkRequiresKeyExtractor() {
    KafkaSinks.Builder<String, ModelUpdate> builder =
        KafkaSinks.<String, ModelUpdate>builder(ModelUpdate.class)
            .setBootstrapServers(BOOTSTRAP)
            .setTopic("model-updates")
            .setConverter(KafkaBuildersTest::toUpdate);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Key extractor is not set; call setKeyExtractor(element -> agentId)");
  }

  @Test
  void exactlyOnceRequiresTransactionalIdPrefix() {
    KafkaSinks.Builder<String, ModelUpdate> builder =
        completeSink().setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Transactional id prefix (needed for EXACTLY_ONCE) is not set; call"
                + " setTransactionalIdPrefix(prefix)");
  }

  @Test
  void exactlyOnceBuildsWithPrefix() {
    KafkaSink<String> sink =
        completeSink()
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix("model-updates-test")
            .build();

    assertThat(sink).isNotNull();
  }

  @Test
  void sinkRejectsReservedProperties() {
    assertThatThrownBy(() -> completeSink().setProperty("transactional.id", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'transactional.id' cannot be set")
        .hasMessageContaining("setTransactionalIdPrefix");
    assertThatThrownBy(() -> completeSink().setProperty("bootstrap.servers", BOOTSTRAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setBootstrapServers");
    assertThatThrownBy(() -> completeSink().setProperties(Map.of("key.serializer", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'key.serializer' cannot be set");
  }
}
