package io.resilientmtl.job.kafka;

import io.resilientmtl.job.event.AgentSnapshot;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.schema.AgentModel;
import io.resilientmtl.schema.DeadLetter;
import io.resilientmtl.schema.ModelUpdate;
import io.resilientmtl.schema.NeighbourReport;
import io.resilientmtl.schema.NeighbourStatus;
import io.resilientmtl.schema.SensorSample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Converts between the Avro records on Kafka and the job's dataflow types. */
public final class RecordConversions {

  private RecordConversions() {}

  /** Converts a decoded SensorSample; a missing target list becomes an empty array. */
  public static SampleEvent toEvent(SensorSample record) {
    List<Double> targets = record.getTargets();
    Integer label = record.getLabel();
    return new SampleEvent(
        record.getAgentId(),
        record.getTimestamp().toEpochMilli(),
        toArray(record.getFeatures()),
        targets == null ? new double[0] : toArray(targets),
        label == null ? Sample.NO_LABEL : label);
  }

  /** Converts a sample to its Avro record. */
  public static SensorSample toRecord(SampleEvent event) {
    boolean classification = event.label != Sample.NO_LABEL;
    return SensorSample.newBuilder()
        .setAgentId(event.agentId)
        .setTimestamp(Instant.ofEpochMilli(event.timestamp))
        .setFeatures(toList(event.features))
        .setTargets(classification ? null : toList(event.targets))
        .setLabel(classification ? event.label : null)
        .build();
  }

  /** Converts a decoded ModelUpdate. */
  public static UpdateEvent toEvent(ModelUpdate record) {
    return new UpdateEvent(
        record.getAgentId(),
        record.getRound(),
        record.getTimestamp().toEpochMilli(),
        record.getModelKind(),
        toArray(record.getParameters()));
  }

  /** Converts a published model to its Avro record. */
  public static ModelUpdate toRecord(UpdateEvent event) {
    return ModelUpdate.newBuilder()
        .setAgentId(event.sender)
        .setRound(event.round)
        .setTimestamp(Instant.ofEpochMilli(event.timestamp))
        .setModelKind(event.modelKind)
        .setParameters(toList(event.parameters))
        .setSignature(null)
        .build();
  }

  /** Converts a snapshot to its Avro record; NaN metrics become nulls. */
  public static AgentModel toRecord(AgentSnapshot snapshot) {
    List<NeighbourReport> reports = new ArrayList<>(snapshot.neighbourIds.length);
    for (int i = 0; i < snapshot.neighbourIds.length; i++) {
      reports.add(
          NeighbourReport.newBuilder()
              .setAgentId(snapshot.neighbourIds[i])
              .setStatus(NeighbourStatus.valueOf(snapshot.statuses[i]))
              .setWeight(snapshot.weights[i])
              .setScore(nullIfNaN(snapshot.scores[i]))
              .setReason(snapshot.reasons[i])
              .build());
    }
    return AgentModel.newBuilder()
        .setAgentId(snapshot.agentId)
        .setRound(snapshot.round)
        .setTimestamp(Instant.ofEpochMilli(snapshot.timestamp))
        .setRule(snapshot.rule)
        .setParameters(toList(snapshot.parameters))
        .setBatchSize(snapshot.batchSize)
        .setLocalLoss(nullIfNaN(snapshot.localLoss))
        .setAbsoluteError(nullIfNaN(snapshot.absoluteError))
        .setAccuracy(nullIfNaN(snapshot.accuracy))
        .setAccepted(snapshot.accepted)
        .setFiltered(snapshot.filtered)
        .setMissing(snapshot.missing)
        .setRejected(snapshot.rejected)
        .setLateUpdates(snapshot.lateUpdates)
        .setDuplicateUpdates(snapshot.duplicateUpdates)
        .setNeighbours(reports)
        .build();
  }

  /** Converts a dead letter to its Avro record. */
  public static DeadLetter toRecord(DeadLetterEvent event) {
    return DeadLetter.newBuilder()
        .setReason(event.reason)
        .setTopic(event.topic)
        .setPartition(event.partition < 0 ? null : event.partition)
        .setOffset(event.offset < 0 ? null : event.offset)
        .setAgentId(event.agentId)
        .setKey(event.key == null ? null : ByteBuffer.wrap(event.key))
        .setValue(event.value == null ? null : ByteBuffer.wrap(event.value))
        .setTimestamp(Instant.ofEpochMilli(event.timestamp))
        .build();
  }

  /** Copies a list of boxed doubles into an array. */
  public static double[] toArray(List<Double> values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  /** Copies an array into a list of boxed doubles. */
  public static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(value);
    }
    return list;
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
