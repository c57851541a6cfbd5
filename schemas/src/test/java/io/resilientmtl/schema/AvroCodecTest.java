package io.resilientmtl.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  private static final Instant TIME = Instant.ofEpochMilli(1_700_000_123_456L);

  private static SensorSample regressionSample() {
    return SensorSample.newBuilder()
        .setAgentId("station-7")
        .setTimestamp(TIME)
        .setFeatures(List.of(1.5, -2.25, 0.0))
        .setTargets(List.of(3.75))
        .setSource("replay:metr-la.csv")
        .build();
  }

  private static SensorSample classificationSample() {
    return SensorSample.newBuilder()
        .setAgentId("device-2")
        .setTimestamp(TIME.plusMillis(5))
        .setFeatures(List.of(0.5))
        .setLabel(4)
        .build();
  }

  private static ModelUpdate modelUpdate() {
    return ModelUpdate.newBuilder()
        .setAgentId("station-7")
        .setRound(42L)
        .setTimestamp(TIME)
        .setModelKind("linear-regression/3")
        .setParameters(List.of(0.1, 0.2, 0.3))
        .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}))
        .build();
  }

  private static AgentModel agentModel() {
    return AgentModel.newBuilder()
        .setAgentId("station-7")
        .setRound(42L)
        .setTimestamp(TIME)
        .setRule("loss-based")
        .setParameters(List.of(0.5, -0.5))
        .setBatchSize(12)
        .setLocalLoss(0.125)
        .setAbsoluteError(null)
        .setAccepted(1)
        .setFiltered(1)
        .setMissing(0)
        .setRejected(1)
        .setNeighbours(
            List.of(
                neighbour("station-1", NeighbourStatus.ACCEPTED, 0.5, 0.75, null),
                neighbour("station-2", NeighbourStatus.REJECTED, 0.0, null, "dimension 5, not 2"),
                neighbour("station-7", NeighbourStatus.SELF, 0.5, 0.25, null)))
        .build();
  }

  private static NeighbourReport neighbour(
      String agentId, NeighbourStatus status, double weight, Double score, String reason) {
    return NeighbourReport.newBuilder()
        .setAgentId(agentId)
        .setStatus(status)
        .setWeight(weight)
        .setScore(score)
        .setReason(reason)
        .build();
  }

  private static TopologyUpdate topologyUpdate(Instant timestamp) {
    return TopologyUpdate.newBuilder()
        .setAgentId("station-7")
        .setInNeighbours(List.of("station-1", "station-2"))
        .setTimestamp(timestamp)
        .build();
  }

  private static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setReason("not Avro")
        .setTopic("sensor-samples")
        .setPartition(1)
        .setOffset(17L)
        .setAgentId(null)
        .setKey(ByteBuffer.wrap("station-7".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {0, 1, 2}))
        .setTimestamp(TIME)
        .build();
  }

  private static <T extends SpecificRecord> T roundTrip(AvroCodec<T> codec, T record)
      throws AvroDecodingException {
    return codec.decode(codec.encode(record));
  }

  private static Schema versionOneSensorSampleSchema() throws IOException {
    try (InputStream in = AvroCodec.class.getResourceAsStream("history/SensorSample-v1.avsc")) {
      assertThat(in).as("SensorSample-v1.avsc resource").isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] withBody(byte[] header, byte[] body) {
    byte[] message = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, message, header.length, body.length);
    return message;
  }

  /** Encodes a long as Avro does: zig-zag, then 7 bits per byte, low bits first. */
  private static byte[] avroLong(long value) {
    long zigZag = (value << 1) ^ (value >> 63);
    byte[] out = new byte[10];
    int length = 0;
    while ((zigZag & ~0x7FL) != 0) {
      out[length++] = (byte) ((zigZag & 0x7F) | 0x80);
      zigZag >>>= 7;
    }
    out[length++] = (byte) zigZag;
    return Arrays.copyOf(out, length);
  }

  @Test
  void roundTripsEveryRecordType() throws Exception {
    assertThat(roundTrip(AvroCodec.forSensorSamples(), regressionSample()))
        .isEqualTo(regressionSample());
    assertThat(roundTrip(AvroCodec.forSensorSamples(), classificationSample()))
        .isEqualTo(classificationSample());
    assertThat(roundTrip(AvroCodec.forModelUpdates(), modelUpdate())).isEqualTo(modelUpdate());
    assertThat(roundTrip(AvroCodec.forAgentModels(), agentModel())).isEqualTo(agentModel());
    assertThat(roundTrip(AvroCodec.forTopologyUpdates(), topologyUpdate(TIME)))
        .isEqualTo(topologyUpdate(TIME));
    assertThat(roundTrip(AvroCodec.forTopologyUpdates(), topologyUpdate(null)))
        .isEqualTo(topologyUpdate(null));
    assertThat(roundTrip(AvroCodec.forDeadLetters(), deadLetter())).isEqualTo(deadLetter());
  }

  @Test
  void roundTripKeepsFieldValues() throws Exception {
    SensorSample decoded = roundTrip(AvroCodec.forSensorSamples(), regressionSample());

    assertThat(decoded.getAgentId()).isEqualTo("station-7");
    assertThat(decoded.getTimestamp()).isEqualTo(TIME);
    assertThat(decoded.getFeatures()).containsExactly(1.5, -2.25, 0.0);
    assertThat(decoded.getTargets()).containsExactly(3.75);
    assertThat(decoded.getLabel()).isNull();
    assertThat(decoded.getSource()).isEqualTo("replay:metr-la.csv");
  }

  @Test
  void encodeWritesSingleObjectHeader() throws Exception {
    AvroCodec<SensorSample> codec = AvroCodec.forSensorSamples();
    byte[] message = codec.encode(regressionSample());

    long fingerprint = SchemaNormalization.parsingFingerprint64(SensorSample.getClassSchema());
    byte[] expectedHeader =
        ByteBuffer.allocate(10)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(fingerprint)
            .array();
    assertThat(Arrays.copyOf(message, 10)).isEqualTo(expectedHeader);
    assertThat(message).isEqualTo(SensorSample.getEncoder().encode(regressionSample()).array());
  }

  @Test
  void versionOneSchemaIsCurrentWithoutSource() throws Exception {
    Schema current = SensorSample.getClassSchema();
    Schema versionOne = versionOneSensorSampleSchema();

    List<Schema.Field> currentFields = current.getFields();
    assertThat(currentFields.get(currentFields.size() - 1).name()).isEqualTo("source");
    List<String> expectedNames =
        currentFields.subList(0, currentFields.size() - 1).stream()
            .map(Schema.Field::name)
            .toList();
    assertThat(versionOne.getFields().stream().map(Schema.Field::name).toList())
        .isEqualTo(expectedNames);
    for (Schema.Field field : versionOne.getFields()) {
      assertThat(SchemaNormalization.toParsingForm(field.schema()))
          .as("schema of field %s", field.name())
          .isEqualTo(SchemaNormalization.toParsingForm(current.getField(field.name()).schema()));
    }
    assertThat(versionOne.getFullName()).isEqualTo(current.getFullName());
  }

  @Test
  void decodesVersionOneSensorSample() throws Exception {
    Schema versionOne = versionOneSensorSampleSchema();
    GenericRecord written = new GenericData.Record(versionOne);
    written.put("agentId", "station-7");
    written.put("timestamp", TIME.toEpochMilli());
    written.put("features", List.of(1.5, -2.25, 0.0));
    written.put("targets", List.of(3.75));
    written.put("label", null);
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), versionOne).encode(written);
    byte[] message = Arrays.copyOfRange(encoded.array(), 0, encoded.limit());

    SensorSample decoded = AvroCodec.forSensorSamples().decode(message);

    SensorSample expected = regressionSample();
    expected.setSource(null);
    assertThat(decoded.getSource()).isNull();
    assertThat(decoded.getAgentId()).isEqualTo("station-7");
    assertThat(decoded.getTimestamp()).isEqualTo(TIME);
    assertThat(decoded.getFeatures()).containsExactly(1.5, -2.25, 0.0);
    assertThat(decoded.getTargets()).containsExactly(3.75);
    assertThat(decoded.getLabel()).isNull();
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void codecRegistersHistoricalSchemas() throws Exception {
    assertThat(AvroCodec.forSensorSamples().writerSchemas())
        .containsExactly(SensorSample.getClassSchema(), versionOneSensorSampleSchema());
    assertThat(AvroCodec.forModelUpdates().writerSchemas())
        .containsExactly(ModelUpdate.getClassSchema());
  }

  @Test
  void factoriesReturnSharedInstance() {
    assertThat(AvroCodec.of(SensorSample.class)).isSameAs(AvroCodec.forSensorSamples());
    assertThat(AvroCodec.of(AgentModel.class).recordClass()).isEqualTo(AgentModel.class);
    assertThat(AvroCodec.of(DeadLetter.class).schema()).isEqualTo(DeadLetter.getClassSchema());
  }

  @Test
  void ofRejectsNonRecordClass() {
    assertThatThrownBy(() -> AvroCodec.of(SpecificRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SpecificRecord.class.getName());
  }

  @Test
  void decodeRejectsTextPayload() {
    byte[] text = "{\"agentId\": \"station-7\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(text))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AvroDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED))
        .hasMessageContaining("SensorSample")
        .hasMessageContaining("starts with 7B 22")
        .hasMessageContaining("C3 01");
  }

  @Test
  void decodeRejectsMessageShorterThanHeader() {
    byte[] shortMessage = {(byte) 0xC3, 0x01, 0x05};

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(shortMessage))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AvroDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED))
        .hasMessageContaining("it has 3 bytes")
        .hasMessageContaining("header alone has 10");
  }

  @Test
  void decodeRejectsEmptyMessage() {
    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(new byte[0]))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AvroDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED))
        .hasMessageContaining("it has 0 bytes");
  }

  @Test
  void decodeRejectsUnknownFingerprint() {
    byte[] modelUpdateMessage = AvroCodec.forModelUpdates().encode(modelUpdate());
    String modelUpdateFingerprint =
        String.format(
            "0x%016X", SchemaNormalization.parsingFingerprint64(ModelUpdate.getClassSchema()));
    String sensorSampleFingerprint =
        String.format(
            "0x%016X", SchemaNormalization.parsingFingerprint64(SensorSample.getClassSchema()));

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(modelUpdateMessage))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.UNKNOWN_SCHEMA))
        .hasMessageContaining("Cannot decode SensorSample message")
        .hasMessageContaining("fingerprint " + modelUpdateFingerprint + " is unknown")
        .hasMessageContaining(sensorSampleFingerprint + " (current schema)")
        .hasMessageContaining("history/SensorSample-v1.avsc");
  }

  @Test
  void decodeRejectsEveryTruncation() {
    AvroCodec<AgentModel> codec = AvroCodec.forAgentModels();
    byte[] message = codec.encode(agentModel());

    for (int length = 10; length < message.length; length++) {
      byte[] truncated = Arrays.copyOf(message, length);
      assertThatThrownBy(() -> codec.decode(truncated))
          .as("message cut to %d of %d bytes", length, message.length)
          .isInstanceOfSatisfying(
              AvroDecodingException.class,
              e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
          .hasMessageContaining("Invalid AgentModel message")
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void decodeRejectsTrailingBytes() {
    AvroCodec<SensorSample> codec = AvroCodec.forSensorSamples();
    byte[] message = codec.encode(regressionSample());
    byte[] padded = Arrays.copyOf(message, message.length + 1);

    assertThatThrownBy(() -> codec.decode(padded))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
        .hasMessageContaining("bytes follow the complete record");
  }

  @Test
  void decodeRejectsForgedStringLength() {
    byte[] header = Arrays.copyOf(AvroCodec.forSensorSamples().encode(regressionSample()), 10);
    byte[] body = withBody(avroLong(2_000_000_000L), new byte[] {'a', 'b'});

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(withBody(header, body)))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
        .hasMessageContaining("truncated");
  }

  @Test
  void decodeRejectsForgedArrayCount() {
    byte[] header = Arrays.copyOf(AvroCodec.forSensorSamples().encode(regressionSample()), 10);
    // agentId "a", timestamp 5, then a features array that claims 2e9 doubles.
    byte[] prefix = withBody(new byte[] {2, 'a'}, avroLong(5));
    byte[] body = withBody(withBody(prefix, avroLong(2_000_000_000L)), new byte[8]);

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(withBody(header, body)))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
        .hasMessageContaining("truncated");
  }

  @Test
  void decodeRejectsNegativeLength() {
    byte[] header = Arrays.copyOf(AvroCodec.forSensorSamples().encode(regressionSample()), 10);
    byte[] body = withBody(avroLong(-3), new byte[16]);

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().decode(withBody(header, body)))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
        .hasMessageContaining("Invalid SensorSample message");
  }

  @Test
  void decodeRejectsUnknownUnionBranch() {
    AvroCodec<SensorSample> codec = AvroCodec.forSensorSamples();
    byte[] message = codec.encode(classificationSample());
    // The last byte is the branch index of the null source; branch 7 does not exist.
    message[message.length - 1] = avroLong(7)[0];

    assertThatThrownBy(() -> codec.decode(message))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroDecodingException.Reason.MALFORMED_BODY))
        .hasMessageContaining("does not match the current schema");
  }

  @Test
  void decodeSurvivesRandomCorruption() {
    AvroCodec<AgentModel> codec = AvroCodec.forAgentModels();
    byte[] message = codec.encode(agentModel());
    Random random = new Random(20240611L);
    List<String> unexpected = new ArrayList<>();
    int decoded = 0;
    int rejected = 0;

    for (int trial = 0; trial < 20_000; trial++) {
      byte[] corrupt = message.clone();
      int flips = 1 + random.nextInt(3);
      for (int flip = 0; flip < flips; flip++) {
        int position = 10 + random.nextInt(corrupt.length - 10);
        corrupt[position] = (byte) random.nextInt(256);
      }
      try {
        codec.decode(corrupt);
        decoded++;
      } catch (AvroDecodingException e) {
        rejected++;
      } catch (RuntimeException | Error e) {
        unexpected.add("trial " + trial + ": " + e);
      }
    }

    assertThat(unexpected).isEmpty();
    assertThat(decoded + rejected).isEqualTo(20_000);
    assertThat(rejected).isPositive();
  }

  @Test
  void codecIsReusableAfterFailure() throws Exception {
    AvroCodec<SensorSample> codec = AvroCodec.forSensorSamples();
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(AvroDecodingException.class);

    assertThat(roundTrip(codec, regressionSample())).isEqualTo(regressionSample());
  }

  @Test
  void encodeRejectsMissingRequiredField() {
    SensorSample incomplete = new SensorSample(null, TIME, List.of(1.0), null, null, null);

    assertThatThrownBy(() -> AvroCodec.forSensorSamples().encode(incomplete))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot encode SensorSample")
        .hasMessageContaining("agentId");
  }

  @Test
  void decodeIsThreadSafe() throws Exception {
    AvroCodec<AgentModel> codec = AvroCodec.forAgentModels();
    byte[] message = codec.encode(agentModel());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int worker = 0; worker < 4; worker++) {
        results.add(
            pool.submit(
                () -> {
                  int matches = 0;
                  for (int i = 0; i < 2_000; i++) {
                    if (codec.decode(codec.encode(codec.decode(message))).equals(agentModel())) {
                      matches++;
                    }
                  }
                  return matches;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
