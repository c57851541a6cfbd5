package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.SoftmaxRegression;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitsScenarioTest {

  private static final SoftmaxRegression MODEL = new SoftmaxRegression(64, 10);
  private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static LabeledImages images;
  private static DigitsScenario scenario;

  @BeforeAll
  static void loadDigits() throws IOException {
    images = SklearnDigitsReader.readResource(DigitsScenario.SKLEARN_RESOURCE);
    scenario = DigitsScenario.sklearn(DigitsScenario.Config.defaults(), MODEL);
  }

  @Test
  void defaultsHaveTenAgentsTwoByzantine() {
    assertThat(scenario.name()).isEqualTo("digits-sklearn");
    assertThat(scenario.normalAgents())
        .containsExactly("a0", "a1", "a3", "a4", "a5", "a6", "a8", "a9");
    assertThat(scenario.byzantineAgents()).containsExactly("a2", "a7");
    assertThat(scenario.topology().inNeighbours("a0")).hasSize(9).doesNotContain("a0");
    assertThat(scenario.topology().inNeighbours("a9")).contains("a2", "a7");
    assertThat(scenario.startMillis()).isEqualTo(START);
    assertThat(scenario.roundMillis()).isEqualTo(1000L);
  }

  @Test
  void firstHalfOriginalSecondHalfInverted() {
    for (String agent : List.of("a0", "a1", "a3", "a4")) {
      assertThat(scenario.domain(agent)).as(agent).isEqualTo(DigitsScenario.Domain.ORIGINAL);
    }
    for (String agent : List.of("a5", "a6", "a8", "a9")) {
      assertThat(scenario.domain(agent)).as(agent).isEqualTo(DigitsScenario.Domain.INVERTED);
    }
  }

  @Test
  void zeroPaddedIdsForTwelveAgents() throws IOException {
    DigitsScenario twelve =
        DigitsScenario.sklearn(
            DigitsScenario.Config.builder()
                .agents(12)
                .samplesPerRound(4)
                .byzantineAgents(List.of(11))
                .build(),
            MODEL);

    assertThat(twelve.normalAgents()).startsWith("a00", "a01").endsWith("a10");
    assertThat(twelve.byzantineAgents()).containsExactly("a11");
    assertThat(twelve.domain("a05")).isEqualTo(DigitsScenario.Domain.ORIGINAL);
    assertThat(twelve.domain("a06")).isEqualTo(DigitsScenario.Domain.INVERTED);
  }

  @Test
  void invertOnTwoByTwoImage() {
    double[] image = {0.0, 1.0, 0.5, 0.2};
    double[] texture = {0.1, 0.2, 0.0, 0.3};

    // (1 - x)(1 - t): 1 * 0.9, 0 * 0.8, 0.5 * 1, 0.8 * 0.7.
    assertThat(DigitsScenario.invert(image, texture))
        .containsExactly(new double[] {0.9, 0.0, 0.5, 0.56}, within(1e-12));
  }

  @Test
  void invertedAgentsSeeTransformedImages() {
    double[] texture = scenario.texture();
    assertThat(texture).hasSize(64);
    for (double value : texture) {
      assertThat(value).isBetween(0.0, 0.3);
    }

    Sample inverted = scenario.trainingSet("a5").get(0);
    Sample source = images.samples().get(scenario.trainingIndices("a5")[0]);
    assertThat(inverted.label()).isEqualTo(source.label());
    assertThat(inverted.features())
        .containsExactly(DigitsScenario.invert(source.features(), texture), within(1e-12));

    Sample original = scenario.testSet("a0").get(3);
    assertThat(original.features())
        .containsExactly(images.samples().get(scenario.testIndices("a0")[3]).features());
  }

  @Test
  void trainingAndTestSetsAreDisjoint() {
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (String agent : scenario.normalAgents()) {
      for (int index : scenario.trainingIndices(agent)) {
        assertThat(seen.add(index)).as("image %d of %s", index, agent).isTrue();
        total++;
      }
      for (int index : scenario.testIndices(agent)) {
        assertThat(seen.add(index)).as("image %d of %s", index, agent).isTrue();
        total++;
      }
    }
    assertThat(total).isEqualTo(1797);
  }

  @Test
  void setSizesFollowSamplesPerRound() {
    // floor(0.2 * 1797 / 8) = 44 test images each; the other 1445 go by rate, 8 or 1 of 50.
    Map<String, Integer> trainingSizes = new LinkedHashMap<>();
    for (String agent : scenario.normalAgents()) {
      assertThat(scenario.testSet(agent)).as(agent).hasSize(44);
      trainingSizes.put(agent, scenario.trainingSet(agent).size());
    }
    assertThat(trainingSizes)
        .containsExactly(
            Map.entry("a0", 231),
            Map.entry("a1", 231),
            Map.entry("a3", 231),
            Map.entry("a4", 29),
            Map.entry("a5", 231),
            Map.entry("a6", 231),
            Map.entry("a8", 232),
            Map.entry("a9", 29));
    // One pass: ceil(232 / 8) = 29 rounds, and ceil(29 / 1) = 29 for the slow agents.
    assertThat(scenario.rounds()).isEqualTo(29);
  }

  @Test
  void samplesPerRoundAreUnequal() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TimedSample sample : scenario.samples(0)) {
      counts.merge(sample.agentId(), 1, Integer::sum);
    }

    assertThat(counts)
        .containsExactly(
            Map.entry("a0", 8),
            Map.entry("a1", 8),
            Map.entry("a3", 8),
            Map.entry("a4", 1),
            Map.entry("a5", 8),
            Map.entry("a6", 8),
            Map.entry("a8", 8),
            Map.entry("a9", 1));
  }

  @Test
  void byzantineAgentsHaveNoSamples() {
    for (int round = 0; round < scenario.rounds(); round++) {
      for (TimedSample sample : scenario.samples(round)) {
        assertThat(sample.agentId()).isNotIn("a2", "a7");
      }
    }
    assertThatThrownBy(() -> scenario.testSet("a2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent a2 is Byzantine and has no data");
  }

  @Test
  void samplesStreamTrainingSetInOrder() {
    List<TimedSample> round1 = samplesOf(scenario.samples(1), "a0");

    assertThat(round1).hasSize(8);
    for (int j = 0; j < 8; j++) {
      assertThat(round1.get(j).sample()).isSameAs(scenario.trainingSet("a0").get(8 + j));
      // Stamped at start + T + (j + 1) * T / 9.
      assertThat(round1.get(j).timestamp()).isEqualTo(START + 1000 + (j + 1) * 1000L / 9);
    }
    TimedSample slow = samplesOf(scenario.samples(1), "a4").get(0);
    assertThat(slow.timestamp()).isEqualTo(START + 1500);
  }

  @Test
  void longerRunsWrapAroundTrainingSet() throws IOException {
    DigitsScenario longer =
        DigitsScenario.sklearn(DigitsScenario.Config.builder().rounds(40).build(), MODEL);

    // a4 has 29 training images and one sample per round, so round 29 starts over.
    assertThat(longer.rounds()).isEqualTo(40);
    assertThat(samplesOf(longer.samples(29), "a4").get(0).sample())
        .isSameAs(longer.trainingSet("a4").get(0));
  }

  @Test
  void sameSeedGivesSameScenario() throws IOException {
    DigitsScenario again = DigitsScenario.sklearn(DigitsScenario.Config.defaults(), MODEL);

    assertThat(again.texture()).containsExactly(scenario.texture());
    for (String agent : scenario.normalAgents()) {
      assertThat(again.trainingIndices(agent)).containsExactly(scenario.trainingIndices(agent));
      assertThat(again.testIndices(agent)).containsExactly(scenario.testIndices(agent));
    }
    List<TimedSample> first = scenario.samples(5);
    List<TimedSample> second = again.samples(5);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).agentId()).isEqualTo(first.get(i).agentId());
      assertThat(second.get(i).timestamp()).isEqualTo(first.get(i).timestamp());
      assertThat(second.get(i).sample().label()).isEqualTo(first.get(i).sample().label());
      assertThat(second.get(i).sample().features())
          .containsExactly(first.get(i).sample().features());
    }
  }

  @Test
  void otherSeedShufflesDifferently() throws IOException {
    DigitsScenario other =
        DigitsScenario.sklearn(DigitsScenario.Config.builder().seed(2).build(), MODEL);

    assertThat(other.trainingIndices("a0")).isNotEqualTo(scenario.trainingIndices("a0"));
    assertThat(other.texture()).isNotEqualTo(scenario.texture());
  }

  @Test
  void defaultAttackScalesHonestMean() {
    Map<String, double[]> honest = new LinkedHashMap<>();
    for (String agent : scenario.normalAgents()) {
      double[] parameters = new double[MODEL.dimension()];
      Arrays.fill(parameters, 2.0);
      honest.put(agent, parameters);
    }

    double[] published = scenario.byzantineModel("a2", 0, honest);

    assertThat(published).hasSize(MODEL.dimension());
    // The honest mean is 2 everywhere, so every entry is 2u with u in [0, 0.1).
    assertThat(published[0]).isBetween(0.0, 0.2);
    for (double value : published) {
      assertThat(value).isEqualTo(published[0]);
    }
    assertThat(scenario.silentAttackers(0)).isEmpty();
    assertThatThrownBy(() -> scenario.byzantineModel("a0", 0, honest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent a0 is not a Byzantine agent");
  }

  @Test
  void testLossAndAccuracyOfZeroModel() {
    double[] zeros = new double[MODEL.dimension()];

    // Equal scores: the loss is log 10 and every prediction is class 0.
    assertThat(scenario.testLoss("a0", zeros, MODEL)).isCloseTo(Math.log(10), within(1e-12));
    long zerosInTest = scenario.testSet("a0").stream().filter(s -> s.label() == 0).count();
    assertThat(scenario.accuracy("a0", zeros, MODEL)).isEqualTo(zerosInTest / 44.0);
  }

  @Test
  void modelOfOtherImageSizeIsRejected() {
    assertThatThrownBy(
            () ->
                DigitsScenario.sklearn(
                    DigitsScenario.Config.defaults(), new SoftmaxRegression(784, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rejects the scenario's 8 x 8 images");
    assertThatThrownBy(
            () ->
                DigitsScenario.sklearn(
                    DigitsScenario.Config.defaults(), new SoftmaxRegression(64, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predicts 3 classes, but digits have 10");
  }

  @Test
  void invalidConfigsAreRejected() {
    assertThatThrownBy(() -> DigitsScenario.Config.builder().byzantineAgents(List.of(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Byzantine agent indices must be in [0, 10), got 10");
    assertThatThrownBy(() -> DigitsScenario.Config.builder().samplesPerRound(List.of(1, 2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplesPerRound must have 1 entry or one per agent (10), got 2");
    assertThatThrownBy(() -> DigitsScenario.Config.builder().attack("scale-random").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale-random");
  }

  @Test
  void tooFewImagesAreRejected() {
    assertThatThrownBy(
            () ->
                DigitsScenario.sklearn(
                    DigitsScenario.Config.builder().maxImages(20).build(), MODEL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("20 images with testFraction 0.2 leave no test image");
  }

  @Test
  void mnistScenarioUsesAllTenThousandImages() throws IOException {
    DigitsScenario mnist =
        DigitsScenario.mnist(DigitsScenario.Config.defaults(), new SoftmaxRegression(784, 10));

    assertThat(mnist.name()).isEqualTo("digits-mnist");
    assertThat(mnist.imageHeight()).isEqualTo(28);
    assertThat(mnist.texture()).hasSize(784);
    // 250 test images each; 8000 training images by rate: 1280 for rate 8, 160 for rate 1.
    assertThat(mnist.testSet("a0")).hasSize(250);
    assertThat(mnist.trainingSet("a0")).hasSize(1280);
    assertThat(mnist.trainingSet("a4")).hasSize(160);
    assertThat(mnist.rounds()).isEqualTo(160);
  }

  private static List<TimedSample> samplesOf(List<TimedSample> samples, String agent) {
    List<TimedSample> selected = new ArrayList<>();
    for (TimedSample sample : samples) {
      if (sample.agentId().equals(agent)) {
        selected.add(sample);
      }
    }
    return selected;
  }
}
