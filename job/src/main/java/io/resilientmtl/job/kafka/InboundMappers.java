package io.resilientmtl.job.kafka;

import io.resilientmtl.connectors.DecodedRecordMapper;
import io.resilientmtl.connectors.RecordOrigin;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.SensorSample;

/** Maps decoded Kafka records, and records that failed to decode, to the job's input type. */
final class InboundMappers {

  private InboundMappers() {}

  /** Samples: decoded ones become sample inputs, undecodable ones dead letters. */
  static final class Samples implements DecodedRecordMapper<SensorSample, Inbound> {
    private static final long serialVersionUID = 1L;

    @Override
    public Inbound onRecord(SensorSample record, RecordOrigin origin) {
      return Inbound.of(RecordConversions.toEvent(record));
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
