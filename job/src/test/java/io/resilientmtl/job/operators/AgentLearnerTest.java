package io.resilientmtl.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.job.config.LearningSettings;
import io.resilientmtl.job.event.AgentSnapshot;
import io.resilientmtl.job.event.DeadLetterEvent;
import io.resilientmtl.job.event.Inbound;
import io.resilientmtl.job.event.SampleEvent;
import io.resilientmtl.job.event.UpdateEvent;
import io.resilientmtl.job.pipeline.ResilientLearningJob;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Sample;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Round logic of {@link AgentLearner} with explicit watermarks.
 *
 * <p>Setup: agent k with in-neighbours a and b, rounds of 1000 ms, no grace, the average rule, a
 * 1-feature linear regression w = (weight, bias) starting at zeros, and SGD with step 0.5. A sample
 * x = 1, y = 2 at w = (0, 0) has gradient (-2, -2), so psi = (1, 1).
 */
class AgentLearnerTest {

  private static final double TOLERANCE = 1e-12;
  private static final long T = 1000;
  private static final String KIND = "linear-regression/1x1";

  private KeyedOneInputStreamOperatorTestHarness<String, Inbound, UpdateEvent> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Inbound, UpdateEvent> newHarness()
      throws Exception {
    return newHarness("average", 0.1, 1);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Inbound, UpdateEvent> newHarness(
      String rule, double nu, int scoreWindow) throws Exception {
    return newHarness(rule, nu, scoreWindow, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Inbound, UpdateEvent> newHarness(
      String rule, double nu, int scoreWindow, int warmUpRounds) throws Exception {
    LearningSettings settings =
        new LearningSettings(
            LearningSettings.LINEAR_REGRESSION,
            1,
            1,
            List.of(),
            "sgd",
            0.5,
            1,
            0,
            "zeros",
            0,
            1,
            0,
            false,
            rule,
            nu,
            10,
            0,
            scoreWindow,
            warmUpRounds);
    Topology topology = Topology.of(Map.of("k", List.of("a", "b")));
    AgentLearner learner =
        new AgentLearner(settings, topology, T, 0, 2, ResilientLearningJob.DEAD_LETTERS);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(learner), Inbound::agentKey, Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void roundsAdaptThenCombineInOrder() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);

    assertThat(published()).hasSize(1);
    assertUpdate(published().get(0), 0, 1, 1);
    assertThat(snapshots()).isEmpty();

    update("a", 0, 3, 3);
    assertThat(snapshots()).isEmpty();
    update("b", 0, 5, 5);

    // All in-neighbours arrived: average of (1,1), (3,3), (5,5).
    assertThat(snapshots()).hasSize(1);
    AgentSnapshot round0 = snapshots().get(0);
    assertThat(round0.round).isZero();
    assertThat(round0.parameters).containsExactly(new double[] {3, 3}, within(TOLERANCE));
    assertThat(round0.accepted).isEqualTo(2);
    assertThat(round0.missing).isZero();
    assertThat(round0.batchSize).isEqualTo(1);
    // Prequential loss of w = (0,0) on (x=1, y=2): 0.5 * 2^2.
    assertThat(round0.localLoss).isCloseTo(2.0, within(TOLERANCE));
    assertThat(round0.absoluteError).isCloseTo(2.0, within(TOLERANCE));

    // Round 1 starts from the combined (3,3): prediction 6, gradient (4,4), psi = (1,1).
    sample(1500, 1, 2);
    harness.processWatermark(1999);
    assertThat(published()).hasSize(2);
    assertUpdate(published().get(1), 1, 1, 1);
  }

  @Test
  void scoreWindowIncludesEarlierRounds() throws Exception {
    harness.close();
    // ν = 1, so a score is the mean loss on the window's samples of this round alone.
    harness = newHarness("loss-based", 1.0, 2);
    harness.open();

    // Round 0 on (x=1, y=3) from w = (0,0): psi = (1.5, 1.5) fits it exactly, so its score is 0
    // and both neighbours are filtered: w_0 = (1.5, 1.5).
    sample(100, 1, 3);
    harness.processWatermark(999);
    update("a", 0, 1, 0);
    update("b", 0, 0, 0);
    assertThat(snapshots().get(0).parameters)
        .containsExactly(new double[] {1.5, 1.5}, within(TOLERANCE));

    // Round 1 on (x=2, y=2): prediction 4.5, gradient (5, 2.5), psi = (-1, 0.25).
    // On the window (1,3), (2,2), psi predicts -0.75 and -1.75, a loss of 225/32 on each.
    // a = (1,0) has losses 2 and 0, mean 1, and b = (0,0) has 4.5 and 2, mean 3.25.
    // On round 1's sample alone, a's loss would be 0.
    sample(1500, 2, 2);
    harness.processWatermark(1999);
    update("a", 1, 1, 0);
    update("b", 1, 0, 0);

    AgentSnapshot round1 = snapshots().get(1);
    assertThat(round1.scores).containsExactly(new double[] {225.0 / 32, 1.0, 3.25}, within(1e-12));
    assertThat(round1.statuses).containsExactly("SELF", "ACCEPTED", "ACCEPTED");
    // Weights proportional to 32/225, 1 and 4/13.
    double own = 32.0 / 225;
    double total = own + 1 + 4.0 / 13;
    assertThat(round1.parameters)
        .containsExactly(new double[] {(-own + 1) / total, 0.25 * own / total}, within(TOLERANCE));
  }

  @Test
  void warmUpKeepsOwnModelFromFirstRound() throws Exception {
    harness.close();
    harness = newHarness("average", 0.1, 1, 2);
    harness.open();

    // The agent starts in round 3, so rounds 3 and 4 are its warm-up. The sample (x=1, y=2) gives
    // psi = (1,1) from (0,0), and (1,1) fits it exactly, so psi stays (1,1) in later rounds.
    for (long round = 3; round <= 5; round++) {
      sample(round * T + 100, 1, 2);
      harness.processWatermark(round * T + 999);
      update("a", round, 3, 3);
      update("b", round, 5, 5);
    }

    List<AgentSnapshot> snapshots = snapshots();
    assertThat(snapshots).hasSize(3);
    for (AgentSnapshot warmUp : snapshots.subList(0, 2)) {
      assertThat(warmUp.parameters).containsExactly(new double[] {1, 1}, within(TOLERANCE));
      assertThat(warmUp.statuses).containsExactly("SELF", "FILTERED", "FILTERED");
      assertThat(warmUp.accepted).isZero();
    }
    // Round 5 averages (1,1), (3,3) and (5,5).
    AgentSnapshot round5 = snapshots.get(2);
    assertThat(round5.round).isEqualTo(5);
    assertThat(round5.parameters).containsExactly(new double[] {3, 3}, within(TOLERANCE));
    assertThat(round5.statuses).containsExactly("SELF", "ACCEPTED", "ACCEPTED");
  }

  @Test
  void firstSampleFarBehindEventTimeIsLate() throws Exception {
    // Event time is in round 10 before the agent has any input; rounds.max-ahead is 2.
    harness.processWatermark(10 * T + 500);

    sample(100, 1, 2);
    sample(7 * T + 100, 1, 2);

    assertThat(deadLetters()).extracting(letter -> letter.agentId).containsExactly("k", "k");
    assertThat(deadLetters().get(0).reason)
        .isEqualTo(
            "late sample: round 0 is 10 rounds behind event time (round 10), and an agent may"
                + " start at most rounds.max-ahead = 2 rounds behind it");
    assertThat(deadLetters().get(1).reason).startsWith("late sample: round 7 is 3 rounds behind");
    assertThat(deadLetters().get(1).topic).isEqualTo("sensor-samples");
    assertThat(deadLetters().get(1).partition).isEqualTo(1);
    assertThat(deadLetters().get(1).offset).isEqualTo(7 * T + 100);
    assertThat(published()).isEmpty();

    // Round 8 is 2 rounds behind, so the agent starts there and adapts rounds 8 and 9 at once.
    sample(8 * T + 100, 1, 2);
    harness.processWatermark(10 * T + 600);

    assertThat(deadLetters()).hasSize(2);
    assertThat(published()).extracting(update -> update.round).containsExactly(8L, 9L);
  }

  @Test
  void deadlineCombinesWithoutMissingNeighbour() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);
    update("a", 0, 3, 3);

    // The deadline of round 0 is the end of round 1 (grace 0): watermark 1999.
    harness.processWatermark(1998);
    assertThat(snapshots()).isEmpty();
    harness.processWatermark(1999);

    assertThat(snapshots()).hasSize(1);
    AgentSnapshot round0 = snapshots().get(0);
    assertThat(round0.parameters).containsExactly(new double[] {2, 2}, within(TOLERANCE));
    assertThat(round0.missing).isEqualTo(1);
    assertThat(round0.accepted).isEqualTo(1);
    assertThat(round0.statuses).containsExactly("SELF", "ACCEPTED", "MISSING");

    // Round 1 had no samples, so psi_1 = w_0 and it is published all the same.
    assertThat(published()).hasSize(2);
    assertUpdate(published().get(1), 1, 2, 2);
  }

  @Test
  void lateUpdateIsDroppedAndCounted() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);
    update("a", 0, 3, 3);
    harness.processWatermark(1999);
    assertThat(snapshots()).hasSize(1);

    update("b", 0, 100, 100);
    update("a", 1, 2, 2);
    update("b", 1, 2, 2);

    assertThat(deadLetters()).isEmpty();
    assertThat(snapshots()).hasSize(2);
    AgentSnapshot round1 = snapshots().get(1);
    // w_0 = (2,2); psi_1 = (2,2) (no samples); the late (100,100) must not appear.
    assertThat(round1.parameters).containsExactly(new double[] {2, 2}, within(TOLERANCE));
    assertThat(round1.lateUpdates).isEqualTo(1);
  }

  @Test
  void futureUpdateIsBufferedUntilItsRound() throws Exception {
    sample(100, 1, 2);
    update("a", 1, 7, 7);
    update("b", 1, 9, 9);
    harness.processWatermark(999);
    update("a", 0, 3, 3);
    update("b", 0, 5, 5);
    assertThat(snapshots()).hasSize(1);

    harness.processWatermark(1999);

    // Round 1: no samples, psi_1 = w_0 = (3,3); average with (7,7) and (9,9).
    assertThat(snapshots()).hasSize(2);
    assertThat(snapshots().get(1).round).isEqualTo(1);
    assertThat(snapshots().get(1).parameters)
        .containsExactly(new double[] {19.0 / 3, 19.0 / 3}, within(TOLERANCE));
  }

  @Test
  void updateTooFarAheadGoesToDeadLetters() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);

    update("a", 4, 1, 1);

    assertThat(deadLetters()).hasSize(1);
    DeadLetterEvent letter = deadLetters().get(0);
    assertThat(letter.reason)
        .isEqualTo(
            "update from a for round 4: round 4 is more than 2 rounds ahead of the agent's round 1");
    assertThat(letter.topic).isEqualTo("model-updates");
    assertThat(letter.partition).isEqualTo(3);
    assertThat(letter.offset).isEqualTo(42);
  }

  @Test
  void duplicateUpdateIsIgnored() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);
    update("a", 0, 3, 3);
    update("a", 0, 100, 100);
    update("b", 0, 5, 5);

    assertThat(snapshots()).hasSize(1);
    assertThat(snapshots().get(0).parameters)
        .containsExactly(new double[] {3, 3}, within(TOLERANCE));
    assertThat(snapshots().get(0).duplicateUpdates).isEqualTo(1);
  }

  @Test
  void roundsStayInOrderWhenUpdatesArriveReversed() throws Exception {
    sample(100, 1, 2);
    sample(1100, 1, 2);
    update("a", 1, 1, 1);
    update("b", 1, 1, 1);
    harness.processWatermark(999);
    update("b", 0, 5, 5);
    update("a", 0, 3, 3);

    // Round 0 combines to (3,3); round 1 needs the watermark to close it.
    assertThat(snapshots()).extracting(s -> s.round).containsExactly(0L);
    harness.processWatermark(1999);

    // Round 1 from w = (3,3): psi = (1,1); average with (1,1), (1,1).
    assertThat(snapshots()).extracting(s -> s.round).containsExactly(0L, 1L);
    assertThat(snapshots().get(1).parameters)
        .containsExactly(new double[] {1, 1}, within(TOLERANCE));
  }

  @Test
  void updatesAloneNeverCloseRounds() throws Exception {
    sample(100, 1, 2);
    update("a", 0, 3, 3);
    update("b", 0, 5, 5);
    update("a", 1, 3, 3);

    assertThat(published()).isEmpty();
    assertThat(snapshots()).isEmpty();
  }

  @Test
  void invalidAndLateSamplesGoToDeadLetters() throws Exception {
    harness.processElement(
        Inbound.of(
            new SampleEvent("k", 100, new double[] {1, 2}, new double[] {2}, Sample.NO_LABEL)),
        100);
    sample(200, 1, 2);
    harness.processWatermark(999);
    sample(300, 1, 2);

    assertThat(deadLetters()).hasSize(2);
    assertThat(deadLetters().get(0).reason).startsWith("invalid sample: ");
    assertThat(deadLetters().get(0).agentId).isEqualTo("k");
    assertThat(deadLetters().get(1).reason)
        .isEqualTo("late sample: round 0 was already adapted, the agent is at round 1");
    assertThat(published()).hasSize(1);
    assertUpdate(published().get(0), 0, 1, 1);
  }

  @Test
  void stateSurvivesSnapshotAndRestore() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(999);
    update("a", 0, 3, 3);
    update("b", 1, 9, 9);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);
    harness.close();

    // A new learner instance restores the model, the pending round and the buffered update.
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    update("b", 0, 5, 5);

    assertThat(snapshots()).hasSize(1);
    assertThat(snapshots().get(0).parameters)
        .containsExactly(new double[] {3, 3}, within(TOLERANCE));
    update("a", 1, 7, 7);
    harness.processWatermark(1999);
    // Round 1: no samples, psi_1 = w_0 = (3,3); with the restored (9,9) and (7,7): (19/3, 19/3).
    assertThat(snapshots()).hasSize(2);
    assertThat(snapshots().get(1).parameters)
        .containsExactly(new double[] {19.0 / 3, 19.0 / 3}, within(TOLERANCE));
  }

  @Test
  void endOfInputStopsAfterLastSampleRound() throws Exception {
    sample(100, 1, 2);
    harness.processWatermark(Long.MAX_VALUE);

    assertThat(published()).hasSize(1);
    assertThat(snapshots()).hasSize(1);
    assertThat(snapshots().get(0).missing).isEqualTo(2);
  }

  /** Sends a sample of agent k, read from partition 1 of sensor-samples at offset timestamp. */
  private void sample(long timestamp, double x, double y) throws Exception {
    SampleEvent event =
        new SampleEvent("k", timestamp, new double[] {x}, new double[] {y}, Sample.NO_LABEL);
    event.topic = "sensor-samples";
    event.partition = 1;
    event.offset = timestamp;
    harness.processElement(Inbound.of(event), timestamp);
  }

  private void update(String sender, long round, double... parameters) throws Exception {
    UpdateEvent update = new UpdateEvent(sender, round, (round + 1) * T, KIND, parameters);
    update.topic = "model-updates";
    update.partition = 3;
    update.offset = 42;
    harness.processElement(Inbound.of(update.addressedTo("k")), update.timestamp);
  }

  private List<UpdateEvent> published() {
    return harness.extractOutputValues();
  }

  private List<AgentSnapshot> snapshots() {
    return harness.getSideOutput(AgentLearner.SNAPSHOTS) == null
        ? List.of()
        : harness.getSideOutput(AgentLearner.SNAPSHOTS).stream()
            .map(StreamRecord::getValue)
            .toList();
  }

  private List<DeadLetterEvent> deadLetters() {
    return harness.getSideOutput(ResilientLearningJob.DEAD_LETTERS) == null
        ? List.of()
        : harness.getSideOutput(ResilientLearningJob.DEAD_LETTERS).stream()
            .map(StreamRecord::getValue)
            .toList();
  }

  private static void assertUpdate(UpdateEvent update, long round, double... parameters) {
    assertThat(update.sender).isEqualTo("k");
    assertThat(update.round).isEqualTo(round);
    assertThat(update.timestamp).isEqualTo((round + 1) * T);
    assertThat(update.modelKind).isEqualTo(KIND);
    assertThat(update.parameters).containsExactly(parameters, within(TOLERANCE));
  }
}
