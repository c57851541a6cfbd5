package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.job.scenario.ClassificationScenario.Config;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.SoftmaxRegression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationScenarioTest {

  private static final SoftmaxRegression SOFTMAX = new SoftmaxRegression(8, 3);
  private static final ClassificationScenario DEFAULT =
      new ClassificationScenario(Config.defaults(), SOFTMAX);

  @Test
  void defaultsAsDocumented() {
    assertThat(DEFAULT.name()).isEqualTo("synthetic-classification");
    assertThat(DEFAULT.rounds()).isEqualTo(200);
    assertThat(DEFAULT.normalAgents()).hasSize(10).isSorted();
    assertThat(DEFAULT.byzantineAgents()).hasSize(2);
    assertThat(DEFAULT.normalAgents()).doesNotContainAnyElementsOf(DEFAULT.byzantineAgents());
    assertThat(DEFAULT.topology().agents()).hasSize(12).startsWith("a000").endsWith("a011");
    for (String agent : DEFAULT.topology().agents()) {
      assertThat(DEFAULT.topology().inNeighbours(agent)).hasSize(11).doesNotContain(agent);
    }
    assertThat(DEFAULT.model()).isSameAs(SOFTMAX);
  }

  @Test
  void tasksAssignedByIndex() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().byzantineAgents(0).build(), SOFTMAX);

    assertThat(scenario.task("a000")).isEqualTo(0);
    assertThat(scenario.task("a001")).isEqualTo(1);
    assertThat(scenario.task("a002")).isEqualTo(2);
    assertThat(scenario.task("a003")).isEqualTo(0);
    assertThat(scenario.task("a011")).isEqualTo(2);
  }

  @Test
  void classMeansShiftWithTask() {
    assertThat(DEFAULT.classMean(0, 0)).containsExactly(3, 0, 0, 0, 0, 0, 0, 0);
    assertThat(DEFAULT.classMean(1, 0)).containsExactly(0, 3, 0, 0, 0, 0, 0, 0);
    assertThat(DEFAULT.classMean(2, 2)).containsExactly(0, 3, 0, 0, 0, 0, 0, 0);
    assertThat(DEFAULT.classMean(1, 2)).containsExactly(3, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void samplesPerRoundFollowConfig() {
    List<Integer> counts = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    ClassificationScenario scenario =
        new ClassificationScenario(
            Config.builder().byzantineAgents(0).samplesPerRound(counts).build(), SOFTMAX);

    Map<String, Integer> seen = new HashMap<>();
    for (TimedSample timed : scenario.samples(4)) {
      seen.merge(timed.agentId(), 1, Integer::sum);
    }

    assertThat(seen).doesNotContainKey("a000").containsEntry("a001", 1).containsEntry("a011", 11);
    assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(66);
  }

  /** Three samples split the round into quarters: 250, 500 and 750 ms after its start. */
  @Test
  void samplesStampedInsideRound() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().samplesPerRound(3).build(), SOFTMAX);
    String first = scenario.normalAgents().get(0);

    List<Long> stamps = new ArrayList<>();
    for (TimedSample timed : scenario.samples(2)) {
      if (timed.agentId().equals(first)) {
        stamps.add(timed.timestamp() - scenario.startMillis());
      }
    }

    assertThat(stamps).containsExactly(2_250L, 2_500L, 2_750L);
  }

  @Test
  void sameSeedSameSamplesInAnyOrder() {
    ClassificationScenario other = new ClassificationScenario(Config.defaults(), SOFTMAX);
    other.samples(9);

    for (int round : new int[] {0, 9, 199}) {
      List<TimedSample> expected = DEFAULT.samples(round);
      List<TimedSample> actual = other.samples(round);
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).agentId()).isEqualTo(expected.get(i).agentId());
        assertThat(actual.get(i).timestamp()).isEqualTo(expected.get(i).timestamp());
        assertThat(actual.get(i).sample().label()).isEqualTo(expected.get(i).sample().label());
        assertThat(actual.get(i).sample().features())
            .containsExactly(expected.get(i).sample().features());
      }
    }
    assertThat(other.byzantineAgents()).isEqualTo(DEFAULT.byzantineAgents());
    assertThat(other.testSet(1).get(7).features())
        .containsExactly(DEFAULT.testSet(1).get(7).features());
  }

  @Test
  void otherSeedOtherSamples() {
    ClassificationScenario other =
        new ClassificationScenario(Config.builder().seed(2).build(), SOFTMAX);

    assertThat(other.testSet(0).get(0).features())
        .isNotEqualTo(DEFAULT.testSet(0).get(0).features());
  }

  /** 100 test samples per class with σ = 1: each mean is within 0.5, five standard errors. */
  @Test
  void testSetCentredOnClassMeans() {
    for (int task = 0; task < 3; task++) {
      List<Sample> test = DEFAULT.testSet(task);
      assertThat(test).hasSize(300);
      for (int label = 0; label < 3; label++) {
        double[] mean = new double[8];
        for (int j = label; j < test.size(); j += 3) {
          assertThat(test.get(j).label()).isEqualTo(label);
          for (int i = 0; i < 8; i++) {
            mean[i] += test.get(j).features()[i] / 100;
          }
        }
        assertThat(mean)
            .as("task %d, class %d", task, label)
            .containsExactly(DEFAULT.classMean(task, label), within(0.5));
      }
    }
  }

  /**
   * The Bayes classifier of task t scores class c with x_{(c + t) mod 3}; the class comment
   * estimates its accuracy at 0.966 or more. On task t + 1 it predicts the next class instead of
   * the right one, unless the noise moves the maximum to the right axis, about 1.7 % of the time.
   */
  @Test
  void bayesClassifierFitsOwnTaskOnly() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().byzantineAgents(0).build(), SOFTMAX);

    double[] taskZero = bayesParameters(0);

    assertThat(scenario.accuracy("a000", taskZero, SOFTMAX)).isGreaterThan(0.93);
    assertThat(scenario.accuracy("a001", taskZero, SOFTMAX)).isLessThan(0.07);
    assertThat(scenario.accuracy("a001", bayesParameters(1), SOFTMAX)).isGreaterThan(0.93);
  }

  /**
   * Each normal agent trains alone for 30 rounds. Then the mean of the other task-0 agents' models
   * labels task 0 well, and the mean of the task-1 agents' models labels it badly.
   */
  @Test
  void sameTaskAverageBeatsOtherTask() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().byzantineAgents(0).rounds(30).build(), SOFTMAX);
    Map<String, double[]> models = trainAlone(scenario, 30, 0.1);

    double[] sameTask = mean(models, List.of("a003", "a006", "a009"));
    double[] otherTask = mean(models, List.of("a001", "a004", "a007", "a010"));

    double same = scenario.accuracy("a000", sameTask, SOFTMAX);
    double other = scenario.accuracy("a000", otherTask, SOFTMAX);
    assertThat(same).isGreaterThan(0.85);
    assertThat(other).isLessThan(0.2);
  }

  @Test
  void defaultAttackDrawsFreshBox() {
    String attacker = DEFAULT.byzantineAgents().iterator().next();

    double[] round0 = DEFAULT.byzantineModel(attacker, 0, Map.of());
    double[] round1 = DEFAULT.byzantineModel(attacker, 1, Map.of());

    assertThat(round0).hasSize(27).isNotEqualTo(round1);
    for (double value : round0) {
      assertThat(value).isGreaterThanOrEqualTo(-20).isLessThan(20);
    }
    assertThat(DEFAULT.byzantineModel(attacker, 0, Map.of())).containsExactly(round0);
    assertThat(DEFAULT.silentAttackers(0)).isEmpty();
  }

  @Test
  void silentSpecSilencesEveryAttacker() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().attack("silent").build(), SOFTMAX);

    assertThat(scenario.silentAttackers(5)).isEqualTo(scenario.byzantineAgents());
    for (String attacker : scenario.byzantineAgents()) {
      assertThat(scenario.byzantineModel(attacker, 5, Map.of())).isNull();
    }
  }

  @Test
  void nearestGraphKeepsK() {
    ClassificationScenario scenario =
        new ClassificationScenario(Config.builder().neighbours(3).build(), SOFTMAX);

    for (String agent : scenario.topology().agents()) {
      assertThat(scenario.topology().inNeighbours(agent)).hasSize(3).doesNotContain(agent);
    }
  }

  @Test
  void modelWithOtherClassCountRejected() {
    assertThatThrownBy(
            () -> new ClassificationScenario(Config.defaults(), new SoftmaxRegression(8, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Model softmax-regression/8x4 predicts 4 classes, but the scenario has 3");
  }

  @Test
  void modelWithOtherFeatureCountRejected() {
    assertThatThrownBy(
            () -> new ClassificationScenario(Config.defaults(), new SoftmaxRegression(5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Model softmax-regression/5x3 rejects the scenario's samples: features have length 8,"
                + " expected 5");
  }

  @Test
  void moreTasksThanClassesRejected() {
    assertThatThrownBy(() -> Config.builder().tasks(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tasks must be in [1, classes] = [1, 3], got 4");
  }

  @Test
  void samplesPerRoundOfWrongLengthRejected() {
    assertThatThrownBy(() -> Config.builder().samplesPerRound(List.of(1, 2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplesPerRound must have 1 entry or one per agent (12), got 2");
  }

  @Test
  void accuracyOfByzantineAgentRejected() {
    String attacker = DEFAULT.byzantineAgents().iterator().next();

    assertThatThrownBy(() -> DEFAULT.accuracy(attacker, new double[27], SOFTMAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent " + attacker + " is Byzantine and has no task");
  }

  /** Rows e_{(c + task) mod 3} and zero biases, in SoftmaxRegression's [W, b] layout. */
  private static double[] bayesParameters(int task) {
    double[] parameters = new double[27];
    for (int label = 0; label < 3; label++) {
      parameters[label * 8 + (label + task) % 3] = 1;
    }
    return parameters;
  }

  private static Map<String, double[]> trainAlone(
      ClassificationScenario scenario, int rounds, double stepSize) {
    Map<String, double[]> models = new HashMap<>();
    for (String agent : scenario.normalAgents()) {
      models.put(agent, new double[SOFTMAX.dimension()]);
    }
    double[] gradient = new double[SOFTMAX.dimension()];
    for (int round = 0; round < rounds; round++) {
      Map<String, List<Sample>> batches = new HashMap<>();
      for (TimedSample timed : scenario.samples(round)) {
        batches.computeIfAbsent(timed.agentId(), id -> new ArrayList<>()).add(timed.sample());
      }
      batches.forEach(
          (agent, batch) -> {
            double[] w = models.get(agent);
            SOFTMAX.lossAndGradient(w, batch, gradient);
            for (int p = 0; p < w.length; p++) {
              w[p] -= stepSize * gradient[p];
            }
          });
    }
    return models;
  }

  private static double[] mean(Map<String, double[]> models, List<String> agents) {
    double[] mean = new double[SOFTMAX.dimension()];
    for (String agent : agents) {
      double[] w = models.get(agent);
      for (int p = 0; p < mean.length; p++) {
        mean[p] += w[p] / agents.size();
      }
    }
    return mean;
  }
}
