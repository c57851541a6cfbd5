package io.resilientmtl.schema;

import java.util.Objects;

/**
 * Signals that a byte array is not a valid Avro single-object encoded message of the expected
 * record type. The message is rejected as a whole, and the codec that threw stays usable.
 *
 * <p>The exception is checked because the bytes usually come from outside the job (a Kafka topic, a
 * file), so every caller has to decide what happens to an undecodable message.
 */
public final class AvroDecodingException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Category of the failure that made the codec reject a message. */
  public enum Reason {
    /**
     * The message is shorter than the 10-byte single-object header or does not start with the
     * marker bytes {@code C3 01}.
     */
    NOT_SINGLE_OBJECT_ENCODED,

    /** The header names a writer schema fingerprint that the codec does not know. */
    UNKNOWN_SCHEMA,

    /**
     * The header is valid, but the body does not match the writer schema: it is truncated, has
     * trailing bytes, or contains invalid values such as a negative length or an unknown union
     * branch.
     */
    MALFORMED_BODY
  }

  private final Reason reason;

  /**
   * Creates an exception with a message that names the value, what was expected and what to do.
   *
   * @param reason category of the failure
   * @param message full description of the failure
   * @param cause the Avro or I/O error that revealed the failure, or {@code null}
   */
  public AvroDecodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns the category of the failure. */
  public Reason reason() {
    return reason;
  }
}
