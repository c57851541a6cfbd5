package io.resilientmtl.job.event;

/**
 * One element of the unioned input: a sample, a model update or a record that failed to decode.
 * Exactly one of the three fields is set, the one {@link #kind} names.
 */
public class Inbound {

  /** Kind of element, naming the field of an {@link Inbound} that is set. */
  public enum Kind {
    SAMPLE,
    UPDATE,
    DEAD_LETTER
  }

  public Kind kind;

  public SampleEvent sample;

  public UpdateEvent update;

  public DeadLetterEvent deadLetter;

  public Inbound() {}

  public static Inbound of(SampleEvent sample) {
    Inbound inbound = new Inbound();
    inbound.kind = Kind.SAMPLE;
    inbound.sample = sample;
    return inbound;
  }

  public static Inbound of(UpdateEvent update) {
    Inbound inbound = new Inbound();
    inbound.kind = Kind.UPDATE;
    inbound.update = update;
    return inbound;
  }

  public static Inbound of(DeadLetterEvent deadLetter) {
    Inbound inbound = new Inbound();
    inbound.kind = Kind.DEAD_LETTER;
    inbound.deadLetter = deadLetter;
    return inbound;
  }

  /** Returns the agent whose keyed state processes this element. */
  public String agentKey() {
    return switch (kind) {
      case SAMPLE -> sample.agentId;
      case UPDATE -> update.receiver;
      case DEAD_LETTER -> deadLetter.agentId;
    };
  }

  /** Returns the event time of the sample or update. */
  public long eventTimestamp() {
    return switch (kind) {
      case SAMPLE -> sample.timestamp;
      case UPDATE -> update.timestamp;
      case DEAD_LETTER -> deadLetter.timestamp;
    };
  }
}
