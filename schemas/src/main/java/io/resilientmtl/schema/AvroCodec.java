package io.resilientmtl.schema;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated Avro record type in the Avro single-object encoding: the marker
 * bytes {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's
 * parsing canonical form, then the binary-encoded record.
 *
 * <p>{@link #decode} resolves messages written with the current schema of the record and with every
 * earlier version kept as a resource next to the record class, at {@code
 * history/<RecordName>-v<N>.avsc} for N = 1, 2, ... without gaps. Before changing a schema in a way
 * that changes its canonical form, copy the current {@code .avsc} there under the next free version
 * number, so that messages already in Kafka stay readable. The codec checks at creation that the
 * current schema can read every historical one.
 *
 * <p>{@link #decode} reads untrusted bytes. It checks the body against the writer schema without
 * allocating anything before it builds the record, so a forged length or item count fails as a
 * truncated message instead of an {@link OutOfMemoryError}.
 *
 * <p>Instances are immutable and thread-safe: Avro's {@link BinaryMessageEncoder} and {@link
 * BinaryMessageDecoder} keep their buffers per thread. {@link #of} returns one shared instance per
 * record class. Flink functions hold the codec in a transient field and obtain it in {@code
 * open()}, because the codec is not serializable.
 *
 * @param <T> generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {

  /** Length of the single-object header: 2 marker bytes and an 8-byte fingerprint. */
  static final int HEADER_LENGTH = 10;

  private static final byte MARKER_BYTE_0 = (byte) 0xC3;
  private static final byte MARKER_BYTE_1 = (byte) 0x01;
  private static final String HISTORY_DIRECTORY = "history/";

  private static final ConcurrentMap<Class<?>, AvroCodec<?>> CODECS = new ConcurrentHashMap<>();

  private final Class<T> recordClass;
  private final String recordName;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /** Writer schemas by fingerprint, the current schema first, for lookups and error messages. */
  private final Map<Long, WriterSchema> writerSchemas;

  private AvroCodec(Class<T> recordClass) {
    this.recordClass = recordClass;
    this.recordName = recordClass.getSimpleName();
    SpecificData model = SpecificData.getForClass(recordClass);
    this.schema = schemaOf(model, recordClass);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);

    Map<Long, WriterSchema> writers = new LinkedHashMap<>();
    writers.put(fingerprint(schema), new WriterSchema(schema, "current schema"));
    for (WriterSchema historical : loadHistory(recordClass, schema)) {
      writers.putIfAbsent(fingerprint(historical.schema()), historical);
      decoder.addSchema(historical.schema());
    }
    this.writerSchemas = Collections.unmodifiableMap(writers);
  }

  /**
   * Returns the shared codec for a generated record class, creating it on first use.
   *
   * @throws IllegalArgumentException if the class is not a generated Avro record class
   * @throws IllegalStateException if a historical schema resource cannot be read or parsed, or the
   *     current schema cannot read it
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> recordClass) {
    Objects.requireNonNull(recordClass, "recordClass");
    return (AvroCodec<T>) CODECS.computeIfAbsent(recordClass, key -> new AvroCodec<>(recordClass));
  }

  /** Returns the codec for {@link SensorSample}. */
  public static AvroCodec<SensorSample> forSensorSamples() {
    return of(SensorSample.class);
  }

  /** Returns the codec for {@link ModelUpdate}. */
  public static AvroCodec<ModelUpdate> forModelUpdates() {
    return of(ModelUpdate.class);
  }

  /** Returns the codec for {@link AgentModel}. */
  public static AvroCodec<AgentModel> forAgentModels() {
    return of(AgentModel.class);
  }

  /** Returns the codec for {@link TopologyUpdate}. */
  public static AvroCodec<TopologyUpdate> forTopologyUpdates() {
    return of(TopologyUpdate.class);
  }

  /** Returns the codec for {@link DeadLetter}. */
  public static AvroCodec<DeadLetter> forDeadLetters() {
    return of(DeadLetter.class);
  }

  /** Returns the generated record class. */
  public Class<T> recordClass() {
    return recordClass;
  }

  /** Returns the current schema, which {@link #encode} writes and {@link #decode} reads into. */
  public Schema schema() {
    return schema;
  }

  /**
   * Returns every writer schema that {@link #decode} resolves, the current schema first and then
   * the historical versions in ascending order.
   */
  public List<Schema> writerSchemas() {
    return writerSchemas.values().stream().map(WriterSchema::schema).toList();
  }

  /**
   * Encodes a record with the current schema.
   *
   * @return a new array with the single-object encoded message
   * @throws IllegalArgumentException if the record does not match the schema, for example when a
   *     required field is null
   */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this is a bug in Avro or in this class.
      throw new UncheckedIOException("Encoding " + recordName + " into memory failed", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot encode "
              + recordName
              + " because it does not match its schema: "
              + e.getMessage()
              + ". Set every non-nullable field before encoding.",
          e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a single-object encoded message written with the current schema or a historical one.
   * Fields that the writer schema lacks get their default values.
   *
   * @throws AvroDecodingException if the message lacks the single-object header, names an unknown
   *     writer schema, or has a body that does not match the writer schema
   */
  public T decode(byte[] message) throws AvroDecodingException {
    Objects.requireNonNull(message, "message");
    WriterSchema writer = checkHeader(message);
    checkBody(message, writer);
    try {
      return decoder.decode(message);
    } catch (IOException | RuntimeException e) {
      // checkBody has accepted the body, so this is a value the reader schema rejects.
      throw new AvroDecodingException(
          AvroDecodingException.Reason.MALFORMED_BODY,
          String.format(
              "Invalid %s message of %d bytes written with the %s: %s",
              recordName, message.length, writer.label(), describe(e)),
          e);
    }
  }

  @Override
  public String toString() {
    return "AvroCodec[" + recordName + ", " + writerSchemas.size() + " writer schemas]";
  }

  private WriterSchema checkHeader(byte[] message) throws AvroDecodingException {
    if (message.length < HEADER_LENGTH) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED,
          String.format(
              "Invalid %s message: it has %d bytes, but the Avro single-object header alone has %d"
                  + " (marker C3 01 and an 8-byte schema fingerprint). Write messages with"
                  + " AvroCodec.encode or another Avro single-object encoder.",
              recordName, message.length, HEADER_LENGTH),
          null);
    }
    if (message[0] != MARKER_BYTE_0 || message[1] != MARKER_BYTE_1) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED,
          String.format(
              "Invalid %s message: it starts with %02X %02X, expected the Avro single-object"
                  + " marker C3 01. Write messages with AvroCodec.encode or another Avro"
                  + " single-object encoder.",
              recordName, message[0], message[1]),
          null);
    }
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    WriterSchema writer = writerSchemas.get(fingerprint);
    if (writer == null) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.UNKNOWN_SCHEMA,
          String.format(
              "Cannot decode %s message: writer schema fingerprint %s is unknown. Known: %s. A"
                  + " message of another record type gives this error too. If the writer uses"
                  + " another version of the schema, add it as %s%s-v<N>.avsc next to the record"
                  + " class.",
              recordName, hex(fingerprint), describeWriterSchemas(), HISTORY_DIRECTORY, recordName),
          null);
    }
    return writer;
  }

  /**
   * Walks the body with the writer schema, skipping every value. Skipping allocates no values, so a
   * forged length or item count reaches the end of the array and fails as truncated data.
   *
   * <p>NOTE: items that take zero bytes (type null or a record without fields) do not consume
   * input, so a forged count of them costs time in proportion to the count. None of the schemas in
   * this module has an array or map of such items.
   */
  private void checkBody(byte[] message, WriterSchema writer) throws AvroDecodingException {
    int bodyLength = message.length - HEADER_LENGTH;
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, bodyLength, null);
    boolean complete;
    try {
      GenericDatumReader.skip(writer.schema(), in);
      complete = in.isEnd();
    } catch (EOFException e) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.MALFORMED_BODY,
          String.format(
              "Invalid %s message: the %d-byte body ends before the record is complete, so the"
                  + " message is truncated or a length in it is corrupt (writer: %s).",
              recordName, bodyLength, writer.label()),
          e);
    } catch (IOException | RuntimeException e) {
      // Untrusted bytes make Avro fail with several runtime exceptions, for example
      // IndexOutOfBoundsException for a union branch index out of range.
      throw new AvroDecodingException(
          AvroDecodingException.Reason.MALFORMED_BODY,
          String.format(
              "Invalid %s message: its %d-byte body does not match the %s: %s",
              recordName, bodyLength, writer.label(), describe(e)),
          e);
    }
    if (!complete) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.MALFORMED_BODY,
          String.format(
              "Invalid %s message: bytes follow the complete record in the %d-byte body, so the"
                  + " message is corrupt or several messages were concatenated (writer: %s).",
              recordName, bodyLength, writer.label()),
          null);
    }
  }

  private String describeWriterSchemas() {
    return writerSchemas.entrySet().stream()
        .map(entry -> hex(entry.getKey()) + " (" + entry.getValue().label() + ")")
        .collect(Collectors.joining(", "));
  }

  private static <T> Schema schemaOf(SpecificData model, Class<T> recordClass) {
    Schema schema;
    try {
      schema = model.getSchema(recordClass);
    } catch (AvroRuntimeException e) {
      throw new IllegalArgumentException(
          recordClass.getName() + " is not a generated Avro record class: " + e.getMessage(), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          recordClass.getName()
              + " has an Avro schema of type "
              + schema.getType()
              + ", expected a record");
    }
    return schema;
  }

  private static List<WriterSchema> loadHistory(Class<?> recordClass, Schema current) {
    List<WriterSchema> history = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = HISTORY_DIRECTORY + recordClass.getSimpleName() + "-v" + version + ".avsc";
      Schema historical;
      try (InputStream in = recordClass.getResourceAsStream(resource)) {
        if (in == null) {
          return history;
        }
        historical = new Schema.Parser().parse(in);
      } catch (IOException | SchemaParseException e) {
        throw new IllegalStateException(
            "Cannot read historical schema " + resourcePath(recordClass, resource) + ": " + e, e);
      }
      checkReadable(recordClass, resource, current, historical);
      history.add(new WriterSchema(historical, "schema version " + version + " in " + resource));
    }
  }

  private static void checkReadable(
      Class<?> recordClass, String resource, Schema current, Schema historical) {
    if (!historical.getFullName().equals(current.getFullName())) {
      throw new IllegalStateException(
          String.format(
              "Historical schema %s is named %s, expected %s. Keep only earlier versions of %s in"
                  + " that file.",
              resourcePath(recordClass, resource),
              historical.getFullName(),
              current.getFullName(),
              current.getFullName()));
    }
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(current, historical);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IllegalStateException(
          String.format(
              "The current %s schema cannot read historical schema %s: %s. Give every added"
                  + " field a default value, and change a field's type only to one that Avro"
                  + " promotes the old type to.",
              current.getFullName(),
              resourcePath(recordClass, resource),
              describeIncompatibilities(compatibility)));
    }
  }

  private static String describeIncompatibilities(SchemaPairCompatibility compatibility) {
    return compatibility.getResult().getIncompatibilities().stream()
        .map(
            incompatibility ->
                incompatibility.getType()
                    + " at "
                    + incompatibility.getLocation()
                    + " ("
                    + incompatibility.getMessage()
                    + ")")
        .collect(Collectors.joining("; "));
  }

  private static String resourcePath(Class<?> recordClass, String resource) {
    return recordClass.getPackageName().replace('.', '/') + "/" + resource;
  }

  private static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static String hex(long fingerprint) {
    return String.format("0x%016X", fingerprint);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    Throwable cause = error.getCause();
    return cause == null || cause == error ? text : text + " (caused by " + describe(cause) + ")";
  }

  /** A schema that messages may have been written with, and how error messages name it. */
  private record WriterSchema(Schema schema, String label) {}
}
