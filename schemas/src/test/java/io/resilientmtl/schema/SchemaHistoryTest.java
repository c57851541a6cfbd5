package io.resilientmtl.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resilientmtl.schema.testing.EvolvingRecord;
import io.resilientmtl.schema.testing.IncompatibleHistoryRecord;
import io.resilientmtl.schema.testing.MisnamedHistoryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Covers how {@link AvroCodec} finds and checks the historical schemas of test-only records. */
class SchemaHistoryTest {

  private static Schema historicalSchema(String fileName) throws IOException {
    try (InputStream in = EvolvingRecord.class.getResourceAsStream("history/" + fileName)) {
      assertThat(in).as(fileName).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] encode(GenericRecord record) throws IOException {
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
            .encode(record);
    return Arrays.copyOfRange(encoded.array(), 0, encoded.limit());
  }

  @Test
  void codecLoadsEveryHistoricalVersion() throws Exception {
    assertThat(AvroCodec.of(EvolvingRecord.class).writerSchemas())
        .containsExactly(
            EvolvingRecord.getClassSchema(),
            historicalSchema("EvolvingRecord-v1.avsc"),
            historicalSchema("EvolvingRecord-v2.avsc"));
  }

  @Test
  void decodesEachHistoricalVersion() throws Exception {
    AvroCodec<EvolvingRecord> codec = AvroCodec.of(EvolvingRecord.class);
    GenericRecord versionOne = new GenericData.Record(historicalSchema("EvolvingRecord-v1.avsc"));
    versionOne.put("id", "one");
    GenericRecord versionTwo = new GenericData.Record(historicalSchema("EvolvingRecord-v2.avsc"));
    versionTwo.put("id", "two");
    versionTwo.put("weight", 2.5);

    EvolvingRecord fromVersionOne = codec.decode(encode(versionOne));
    EvolvingRecord fromVersionTwo = codec.decode(encode(versionTwo));

    assertThat(fromVersionOne.getId()).isEqualTo("one");
    assertThat(fromVersionOne.getWeight()).isEqualTo(1.0);
    assertThat(fromVersionOne.getTags()).isEmpty();
    assertThat(fromVersionTwo.getId()).isEqualTo("two");
    assertThat(fromVersionTwo.getWeight()).isEqualTo(2.5);
    assertThat(fromVersionTwo.getTags()).isEmpty();
  }

  @Test
  void currentVersionRoundTrips() throws Exception {
    AvroCodec<EvolvingRecord> codec = AvroCodec.of(EvolvingRecord.class);
    EvolvingRecord record =
        EvolvingRecord.newBuilder().setId("three").setWeight(0.5).setTags(List.of("x")).build();

    assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
  }

  @Test
  void rejectsUnreadableHistory() {
    assertThatThrownBy(() -> AvroCodec.of(IncompatibleHistoryRecord.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read historical schema")
        .hasMessageContaining(
            "io/resilientmtl/schema/testing/history/IncompatibleHistoryRecord-v1.avsc")
        .hasMessageContaining("count");
  }

  @Test
  void rejectsHistoryOfAnotherRecord() {
    assertThatThrownBy(() -> AvroCodec.of(MisnamedHistoryRecord.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MisnamedHistoryRecord-v1.avsc")
        .hasMessageContaining("is named io.resilientmtl.schema.testing.SomeOtherRecord")
        .hasMessageContaining("expected io.resilientmtl.schema.testing.MisnamedHistoryRecord");
  }
}
