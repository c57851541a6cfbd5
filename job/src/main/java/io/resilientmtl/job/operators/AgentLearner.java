package io.resilientmtl.job.operators;

import io.resilientmtl.job.config.LearningSettings;
import io.resilientmtl.job.event.AgentSnapshot;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.combine.Combination;
import io.resilientmtl.learning.combine.CombineInput;
import io.resilientmtl.learning.combine.CombineRule;
import io.resilientmtl.learning.combine.NeighbourModel;
import io.resilientmtl.learning.combine.NeighbourOutcome;
import io.resilientmtl.learning.model.Classifier;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.Regressor;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.optim.LocalUpdate;
import io.resilientmtl.learning.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Learns one agent's model per key, in rounds of event time.
 *
 * <p>Round i covers event time [i * T, (i + 1) * T). When the watermark closes round i, the agent
 * takes the local step on its samples of round i (adapt), publishes psi_i on the main output and
 * waits for its in-neighbours' psi_i. It combines round i as soon as every in-neighbour's model has
 * arrived, or when the watermark passes the deadline, the end of round i + 1 plus the grace,
 * whichever comes first. The combined w_i is the start of round i + 1's local step, so adapt and
 * combine alternate strictly, one round at a time, whatever order the inputs arrive in.
 *
 * <p>Updates for a round already combined are late: dropped and counted. Updates up to {@code
 * maxRoundsAhead} rounds ahead are buffered; further ahead, from an agent that is not an
 * in-neighbour, or of another model kind, they go to the dead-letter output. Invalid samples and
 * samples of a round already adapted go there too.
 *
 * <p>Outputs: psi per round on the main output, an {@link AgentSnapshot} per combined round on
 * {@link #SNAPSHOTS}, rejected input on the dead-letter tag given to the constructor.
 */
public class AgentLearner extends KeyedProcessFunction<String, Inbound, UpdateEvent> {

  private static final long serialVersionUID = 1L;

  /** Side output of the per-round snapshots. */
  public static final OutputTag<AgentSnapshot> SNAPSHOTS =
      new OutputTag<>("agent-snapshots", TypeInformation.of(AgentSnapshot.class));

  // State names are part of the savepoint format: renaming one loses that state on restore.
  static final String MODEL_STATE = "model";
  static final String PROGRESS_STATE = "progress";
  static final String PENDING_PSI_STATE = "pending-psi";
  static final String PENDING_BATCH_STATE = "pending-batch";
  static final String SAMPLES_STATE = "samples-by-round";
  static final String UPDATES_STATE = "updates-by-round";
  static final String SCORES_STATE = "scores";
  static final String OPTIMIZER_STATE = "optimizer-state";
  static final String SCORED_SAMPLES_STATE = "scored-samples-by-round";

  private final LearningSettings settings;
  private final Topology topology;
  private final long roundMillis;
  private final long graceMillis;
  private final int maxRoundsAhead;
  private final OutputTag<DeadLetterEvent> deadLetters;

  private transient Model model;
  private transient Optimizer optimizer;
  private transient CombineRule rule;
  private transient ParameterInitializer initializer;

  private transient ValueState<double[]> modelState;
  private transient ValueState<AgentProgress> progressState;
  private transient ValueState<double[]> pendingPsiState;
  private transient ValueState<SampleBatch> pendingBatchState;
  private transient MapState<Long, SampleBatch> samplesState;
  private transient MapState<Long, RoundUpdates> updatesState;
  private transient MapState<String, Double> scoresState;
  private transient ValueState<double[]> optimizerState;

  /** Non-empty batches of the rounds in the score window, by round, for windows above 1 round. */
  private transient MapState<Long, SampleBatch> scoredSamplesState;

  private transient LearnerMetrics metrics;

  public AgentLearner(
      LearningSettings settings,
      Topology topology,
      long roundMillis,
      long graceMillis,
      int maxRoundsAhead,
      OutputTag<DeadLetterEvent> deadLetters) {
    this.settings = settings;
    this.topology = topology;
    this.roundMillis = roundMillis;
    this.graceMillis = graceMillis;
    this.maxRoundsAhead = maxRoundsAhead;
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(OpenContext openContext) {
    model = settings.createModel();
    optimizer = settings.createOptimizer();
    rule = settings.createRule();
    initializer = settings.createInitializer();

    TypeInformation<double[]> vector = PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO;
    modelState = getRuntimeContext().getState(new ValueStateDescriptor<>(MODEL_STATE, vector));
    progressState =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    PROGRESS_STATE, TypeInformation.of(AgentProgress.class)));
    pendingPsiState =
        getRuntimeContext().getState(new ValueStateDescriptor<>(PENDING_PSI_STATE, vector));
    pendingBatchState =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    PENDING_BATCH_STATE, TypeInformation.of(SampleBatch.class)));
    samplesState =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SAMPLES_STATE, Types.LONG, TypeInformation.of(SampleBatch.class)));
    updatesState =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    UPDATES_STATE, Types.LONG, TypeInformation.of(RoundUpdates.class)));
    scoresState =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(SCORES_STATE, Types.STRING, Types.DOUBLE));

    optimizerState =
        getRuntimeContext().getState(new ValueStateDescriptor<>(OPTIMIZER_STATE, vector));
    scoredSamplesState =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SCORED_SAMPLES_STATE, Types.LONG, TypeInformation.of(SampleBatch.class)));

    metrics = new LearnerMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Inbound in, Context ctx, Collector<UpdateEvent> out) throws Exception {
    switch (in.kind) {
      case SAMPLE -> onSample(in.sample, ctx);
      case UPDATE -> onUpdate(in.update, ctx);
      case DEAD_LETTER -> ctx.output(deadLetters, in.deadLetter);
    }
    advance(ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UpdateEvent> out)
      throws Exception {
    advance(ctx, out);
  }

  private void onSample(SampleEvent sample, Context ctx) throws Exception {
    String problem = model.validate(sample.toSample());
    if (problem != null) {
      metrics.invalidSamples.inc();
      rejectSample(sample, "invalid sample: " + problem, ctx);
      return;
    }

    long round = Math.floorDiv(sample.timestamp, roundMillis);
    AgentProgress stored = progressState.value();
    String farBehind = firstSampleFarBehind(stored, round, ctx.timerService().currentWatermark());
    if (farBehind != null) {
      metrics.lateSamples.inc();
      rejectSample(sample, farBehind, ctx);
      return;
    }
    AgentProgress progress = loadProgress(stored, round);
    if (progress.started && round < progress.nextRound) {
      metrics.lateSamples.inc();
      rejectSample(
          sample,
          "late sample: round "
              + round
              + " was already adapted, the agent is at round "
              + progress.nextRound,
          ctx);
      return;
    }

    SampleBatch batch = samplesState.get(round);
    samplesState.put(round, (batch == null ? new SampleBatch() : batch).plus(sample));
    if (progress.lastSampleRound == AgentProgress.NONE || round > progress.lastSampleRound) {
      progress.lastSampleRound = round;
    }
    progressState.update(progress);
  }

  private void onUpdate(UpdateEvent update, Context ctx) throws Exception {
    String agent = ctx.getCurrentKey();
    if (!model.kind().equals(update.modelKind)) {
      metrics.rejectedUpdates.inc();
      rejectUpdate(update, "model kind " + update.modelKind + ", expected " + model.kind(), ctx);
      return;
    }
    if (!topology.inNeighbours(agent).contains(update.sender)) {
      metrics.rejectedUpdates.inc();
      rejectUpdate(update, update.sender + " is not an in-neighbour of " + agent, ctx);
      return;
    }

    AgentProgress progress = loadProgress(update.round);
    long lastCombined = progress.lastCombinedRound();
    if (lastCombined != AgentProgress.NONE && update.round <= lastCombined) {
      // Expected when a neighbour misses the deadline; the round was combined without it.
      metrics.lateUpdates.inc();
      progress.lateUpdates++;
      progressState.update(progress);
      return;
    }
    if (progress.started && update.round > progress.nextRound + maxRoundsAhead) {
      metrics.rejectedUpdates.inc();
      rejectUpdate(
          update,
          "round "
              + update.round
              + " is more than "
              + maxRoundsAhead
              + " rounds ahead of the agent's round "
              + progress.nextRound,
          ctx);
      return;
    }

    RoundUpdates received = updatesState.get(update.round);
    if (received != null && received.get(update.sender) != null) {
      metrics.duplicateUpdates.inc();
      progress.duplicateUpdates++;
      progressState.update(progress);
      return;
    }
    updatesState.put(
        update.round,
        (received == null ? new RoundUpdates() : received).plus(update.sender, update.parameters));
    progressState.update(progress);
  }

  /**
   * Returns why a sample of {@code round} is too far behind event time to be the agent's first, or
   * {@code null} if it is not. An agent that has started needs no such check, and before the first
   * watermark event time is unknown. A first sample far behind, as from a sensor whose clock was
   * reset, would make the agent run every round from there to the present.
   */
  private String firstSampleFarBehind(AgentProgress stored, long round, long watermark) {
    if ((stored != null && stored.started) || watermark == Long.MIN_VALUE) {
      return null;
    }
    long eventRound = Math.floorDiv(watermark, roundMillis);
    if (round >= eventRound - maxRoundsAhead) {
      return null;
    }
    return "late sample: round "
        + round
        + " is "
        + (eventRound - round)
        + " rounds behind event time (round "
        + eventRound
        + "), and an agent may start at most rounds.max-ahead = "
        + maxRoundsAhead
        + " rounds behind it";
  }

  /**
   * Loads the agent's progress, creating it on the first input. Until the first adapt, the start
   * round moves back to the earliest round seen, because inputs of nearby rounds race each other.
   */
  private AgentProgress loadProgress(long round) throws Exception {
    return loadProgress(progressState.value(), round);
  }

  /** Returns {@code stored}, or new progress when it is {@code null}, updated for {@code round}. */
  private static AgentProgress loadProgress(AgentProgress stored, long round) {
    AgentProgress progress = stored;
    if (progress == null) {
      progress = new AgentProgress();
      progress.nextRound = round;
    } else if (!progress.started && round < progress.nextRound) {
      progress.nextRound = round;
    }
    return progress;
  }

  /**
   * Runs every adapt and combine step that the watermark and the arrived updates allow, in round
   * order, then registers the timer for the next step.
   */
  private void advance(Context ctx, Collector<UpdateEvent> out) throws Exception {
    AgentProgress progress = progressState.value();
    if (progress == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    boolean endOfInput = watermark == Long.MAX_VALUE;
    String agent = ctx.getCurrentKey();

    while (true) {
      if (progress.pendingRound != AgentProgress.NONE) {
        long deadline = roundEnd(progress.pendingRound + 1) + graceMillis - 1;
        if (watermark >= deadline || allArrived(agent, progress.pendingRound)) {
          combine(agent, progress, ctx);
          continue;
        }
        ctx.timerService().registerEventTimeTimer(deadline);
        break;
      }

      long round = progress.nextRound;
      // At the end of a bounded input the watermark jumps to +infinity; stop after the last data.
      boolean hasData = !endOfInput || round <= progress.lastSampleRound;
      if (watermark >= roundEnd(round) - 1 && hasData) {
        adapt(agent, progress, round, ctx, out);
        continue;
      }
      if (!endOfInput) {
        ctx.timerService().registerEventTimeTimer(roundEnd(round) - 1);
      }
      break;
    }
    progressState.update(progress);
  }

  /** Takes the local step of {@code round} and publishes psi. */
  private void adapt(
      String agent, AgentProgress progress, long round, Context ctx, Collector<UpdateEvent> out)
      throws Exception {
    double[] w = modelState.value();
    if (w == null) {
      w = initializer.initialize(agent, model.dimension());
      modelState.update(w);
    }
    SampleBatch batch = samplesState.get(round);
    if (batch == null) {
      batch = new SampleBatch();
    } else {
      samplesState.remove(round);
    }
    List<Sample> samples = batch.toSamples();

    progress.pendingBatchSize = samples.size();
    progress.pendingLoss = samples.isEmpty() ? Double.NaN : model.loss(w, samples);
    progress.pendingAbsoluteError = absoluteError(w, samples);
    progress.pendingAccuracy = accuracy(w, samples);
    double[] state = optimizerState.value();
    if (state == null) {
      state = new double[optimizer.stateSize(model.dimension())];
    }
    double[] psi =
        LocalUpdate.adapt(
            model, optimizer, w, samples, settings.localSteps(), settings.miniBatchSize(), state);
    if (state.length > 0) {
      optimizerState.update(state);
    }

    out.collect(new UpdateEvent(agent, round, roundEnd(round), model.kind(), psi));
    pendingPsiState.update(psi);
    pendingBatchState.update(batch);
    if (!progress.started) {
      progress.firstRound = round;
    }
    progress.pendingRound = round;
    progress.nextRound = round + 1;
    progress.started = true;
    metrics.roundsAdapted.inc();
  }

  /** Combines the pending round with the neighbour models that arrived, then emits a snapshot. */
  private void combine(String agent, AgentProgress progress, Context ctx) throws Exception {
    long round = progress.pendingRound;
    RoundUpdates received = updatesState.get(round);
    List<NeighbourModel> neighbours = new ArrayList<>();
    for (String sender : topology.inNeighbours(agent)) {
      double[] parameters = received == null ? null : received.get(sender);
      neighbours.add(new NeighbourModel(sender, parameters));
    }
    SampleBatch batch = pendingBatchState.value();
    List<Sample> samples = scoredSamples(round, batch == null ? new SampleBatch() : batch);
    CombineInput input =
        new CombineInput(
            agent, pendingPsiState.value(), modelState.value(), neighbours, samples, model);

    Map<String, Double> scores = new HashMap<>();
    for (Map.Entry<String, Double> entry : scoresState.entries()) {
      scores.put(entry.getKey(), entry.getValue());
    }
    Combination combination = rule.combine(input, scores);
    if (inWarmUp(progress, round)) {
      combination = combination.keepingOwnModel(input.ownPsi());
    }
    scoresState.putAll(scores);
    modelState.update(combination.parameters());

    ctx.output(SNAPSHOTS, snapshot(agent, round, progress, combination));
    pendingPsiState.clear();
    pendingBatchState.clear();
    removeUpdatesUpTo(round);
    progress.pendingRound = AgentProgress.NONE;
    metrics.lastCombinedRound = round;
    metrics.lastLocalLoss = progress.pendingLoss;
  }

  /**
   * Returns whether {@code round} lies in the agent's warm-up: fewer than {@code
   * combine.warm-up-rounds} rounds after its first round.
   */
  private boolean inWarmUp(AgentProgress progress, long round) {
    return progress.firstRound != AgentProgress.NONE
        && round - progress.firstRound < settings.warmUpRounds();
  }

  /**
   * Returns the samples the rule scores on when combining {@code round}: the round's batch for a
   * window of one round, else the non-empty batches of rounds round − window + 1 to round, oldest
   * first. Batches that fall out of the window leave the state.
   */
  private List<Sample> scoredSamples(long round, SampleBatch batch) throws Exception {
    int window = settings.scoreWindow();
    if (window == 1) {
      return batch.toSamples();
    }
    if (batch.size() > 0) {
      scoredSamplesState.put(round, batch);
    }
    TreeMap<Long, SampleBatch> inWindow = new TreeMap<>();
    Iterator<Map.Entry<Long, SampleBatch>> entries = scoredSamplesState.iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, SampleBatch> entry = entries.next();
      if (entry.getKey() <= round - window) {
        entries.remove();
      } else if (entry.getKey() <= round) {
        inWindow.put(entry.getKey(), entry.getValue());
      }
    }
    List<Sample> samples = new ArrayList<>();
    for (SampleBatch recent : inWindow.values()) {
      samples.addAll(recent.toSamples());
    }
    return samples;
  }

  private boolean allArrived(String agent, long round) throws Exception {
    List<String> expected = topology.inNeighbours(agent);
    if (expected.isEmpty()) {
      return true;
    }
    RoundUpdates received = updatesState.get(round);
    return received != null && received.size() >= expected.size();
  }

  private void removeUpdatesUpTo(long round) throws Exception {
    Iterator<Long> rounds = updatesState.keys().iterator();
    while (rounds.hasNext()) {
      if (rounds.next() <= round) {
        rounds.remove();
      }
    }
  }

  private double absoluteError(double[] w, List<Sample> samples) {
    if (samples.isEmpty() || !(model instanceof Regressor regressor)) {
      return Double.NaN;
    }
    double[] prediction = new double[regressor.outputs()];
    double sum = 0;
    int count = 0;
    for (Sample sample : samples) {
      regressor.predict(w, sample.features(), prediction);
      for (int j = 0; j < prediction.length; j++) {
        sum += Math.abs(sample.targets()[j] - prediction[j]);
        count++;
      }
    }
    return sum / count;
  }

  private double accuracy(double[] w, List<Sample> samples) {
    if (samples.isEmpty() || !(model instanceof Classifier classifier)) {
      return Double.NaN;
    }
    int correct = 0;
    for (Sample sample : samples) {
      if (classifier.predict(w, sample.features()) == sample.label()) {
        correct++;
      }
    }
    return (double) correct / samples.size();
  }

  private AgentSnapshot snapshot(
      String agent, long round, AgentProgress progress, Combination combination) {
    AgentSnapshot snapshot = new AgentSnapshot();
    snapshot.agentId = agent;
    snapshot.round = round;
    snapshot.timestamp = roundEnd(round);
    snapshot.rule = rule.name();
    snapshot.parameters = combination.parameters();
    snapshot.batchSize = progress.pendingBatchSize;
    snapshot.localLoss = progress.pendingLoss;
    snapshot.absoluteError = progress.pendingAbsoluteError;
    snapshot.accuracy = progress.pendingAccuracy;
    snapshot.lateUpdates = progress.lateUpdates;
    snapshot.duplicateUpdates = progress.duplicateUpdates;

    List<NeighbourOutcome> outcomes = combination.outcomes();
    int n = outcomes.size();
    snapshot.neighbourIds = new String[n];
    snapshot.statuses = new String[n];
    snapshot.weights = new double[n];
    snapshot.scores = new double[n];
    snapshot.reasons = new String[n];
    for (int i = 0; i < n; i++) {
      NeighbourOutcome outcome = outcomes.get(i);
      snapshot.neighbourIds[i] = outcome.agentId();
      snapshot.statuses[i] = outcome.status().name();
      snapshot.weights[i] = outcome.weight();
      snapshot.scores[i] = outcome.score() == null ? Double.NaN : outcome.score();
      snapshot.reasons[i] = outcome.reason();
      switch (outcome.status()) {
        case ACCEPTED -> snapshot.accepted++;
        case FILTERED -> snapshot.filtered++;
        case MISSING -> snapshot.missing++;
        case REJECTED -> snapshot.rejected++;
        case SELF -> {}
      }
    }
    metrics.record(snapshot);
    return snapshot;
  }

  private void rejectSample(SampleEvent sample, String reason, Context ctx) {
    ctx.output(
        deadLetters,
        new DeadLetterEvent(
            reason,
            sample.topic,
            sample.partition,
            sample.offset,
            sample.agentId,
            ctx.timerService().currentProcessingTime()));
  }

  private void rejectUpdate(UpdateEvent update, String reason, Context ctx) {
    ctx.output(
        deadLetters,
        new DeadLetterEvent(
            "update from " + update.sender + " for round " + update.round + ": " + reason,
            update.topic,
            update.partition,
            update.offset,
            update.receiver,
            ctx.timerService().currentProcessingTime()));
  }

  private long roundEnd(long round) {
    return (round + 1) * roundMillis;
  }

  /** Operator-wide counters and gauges of model health. */
  private static final class LearnerMetrics {
    final Counter roundsAdapted;
    final Counter acceptedNeighbours;
    final Counter filteredNeighbours;
    final Counter missingNeighbours;
    final Counter rejectedNeighbours;
    final Counter lateUpdates;
    final Counter duplicateUpdates;
    final Counter rejectedUpdates;
    final Counter lateSamples;
    final Counter invalidSamples;
    volatile long lastCombinedRound = -1;
    volatile double lastLocalLoss = Double.NaN;

    LearnerMetrics(org.apache.flink.metrics.MetricGroup group) {
      roundsAdapted = group.counter("roundsAdapted");
      acceptedNeighbours = group.counter("acceptedNeighbours");
      filteredNeighbours = group.counter("filteredNeighbours");
      missingNeighbours = group.counter("missingNeighbours");
      rejectedNeighbours = group.counter("rejectedNeighbours");
      lateUpdates = group.counter("lateUpdates");
      duplicateUpdates = group.counter("duplicateUpdates");
      rejectedUpdates = group.counter("rejectedUpdates");
      lateSamples = group.counter("lateSamples");
      invalidSamples = group.counter("invalidSamples");
      group.gauge("lastCombinedRound", () -> lastCombinedRound);
      group.gauge("lastLocalLoss", () -> lastLocalLoss);
    }

    void record(AgentSnapshot snapshot) {
      acceptedNeighbours.inc(snapshot.accepted);
      filteredNeighbours.inc(snapshot.filtered);
      missingNeighbours.inc(snapshot.missing);
      rejectedNeighbours.inc(snapshot.rejected);
    }
  }
}
