package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.job.scenario.TargetLocalizationScenario.Config;
import io.resilientmtl.job.scenario.TargetLocalizationScenario.Point;
import io.resilientmtl.learning.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetLocalizationScenarioTest {

  /** Shared, never modified: building the 100-agent default takes a few milliseconds. */
  private static final TargetLocalizationScenario DEFAULT =
      new TargetLocalizationScenario(Config.defaults());

  @Test
  void defaultsMatchPublishedSetup() {
    assertThat(DEFAULT.name()).isEqualTo("target-localization");
    assertThat(DEFAULT.rounds()).isEqualTo(500);
    assertThat(DEFAULT.roundMillis()).isEqualTo(1000L);
    assertThat(DEFAULT.startMillis())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    assertThat(DEFAULT.normalAgents()).hasSize(80);
    assertThat(DEFAULT.byzantineAgents()).hasSize(20);
    assertThat(DEFAULT.topology().agents()).hasSize(100);
    assertThat(DEFAULT.topology().agents().get(0)).isEqualTo("a000");
    assertThat(DEFAULT.topology().agents().get(99)).isEqualTo("a099");
    assertThat(DEFAULT.normalAgents())
        .isSorted()
        .doesNotContainAnyElementsOf(DEFAULT.byzantineAgents());
  }

  @Test
  void agentsSpreadEvenlyOverTargets() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().byzantineAgents(0).build());

    Map<String, Integer> counts = new HashMap<>();
    for (String agent : scenario.normalAgents()) {
      double[] target = scenario.trueModel(agent);
      counts.merge(target[0] + "," + target[1], 1, Integer::sum);
    }

    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("10.0,10.0", 25, "10.0,20.0", 25, "20.0,10.0", 25, "20.0,20.0", 25));
  }

  @Test
  void positionsInsideArea() {
    for (String agent : DEFAULT.topology().agents()) {
      Point position = DEFAULT.position(agent);
      assertThat(position.x()).isBetween(0.0, 3.0);
      assertThat(position.y()).isBetween(0.0, 3.0);
    }
  }

  @Test
  void neighboursWithinRadiusAndNearest() {
    for (String agent : DEFAULT.topology().agents()) {
      List<String> neighbours = DEFAULT.topology().inNeighbours(agent);
      Point own = DEFAULT.position(agent);

      assertThat(neighbours).hasSizeLessThanOrEqualTo(9).doesNotContain(agent);
      double farthestKept = 0;
      for (String neighbour : neighbours) {
        double distance = own.distanceTo(DEFAULT.position(neighbour));
        assertThat(distance).as("distance %s -> %s", neighbour, agent).isLessThanOrEqualTo(1.0);
        farthestKept = Math.max(farthestKept, distance);
      }

      // Every agent within the radius that was left out is at least as far as every kept one,
      // and agents are only left out when the list is full.
      for (String other : DEFAULT.topology().agents()) {
        double distance = own.distanceTo(DEFAULT.position(other));
        if (!other.equals(agent) && distance <= 1.0 && !neighbours.contains(other)) {
          assertThat(neighbours).as("in-neighbours of %s", agent).hasSize(9);
          assertThat(distance).isGreaterThanOrEqualTo(farthestKept);
        }
      }
    }
  }

  @Test
  void sameSeedGivesSameSamples() {
    TargetLocalizationScenario other = new TargetLocalizationScenario(Config.defaults());

    for (int round : new int[] {0, 1, 250, 499}) {
      assertSameSamples(DEFAULT.samples(round), other.samples(round));
    }
    assertThat(other.topology()).isEqualTo(DEFAULT.topology());
    assertThat(other.byzantineAgents()).isEqualTo(DEFAULT.byzantineAgents());
  }

  @Test
  void roundOrderDoesNotChangeSamples() {
    TargetLocalizationScenario forward = new TargetLocalizationScenario(Config.defaults());
    TargetLocalizationScenario backward = new TargetLocalizationScenario(Config.defaults());
    List<List<TimedSample>> forwardRounds = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      forwardRounds.add(forward.samples(round));
    }

    List<List<TimedSample>> backwardRounds = new ArrayList<>(forwardRounds);
    for (int round = 9; round >= 0; round--) {
      backward.samples(7);
      backwardRounds.set(round, backward.samples(round));
    }

    for (int round = 0; round < 10; round++) {
      assertSameSamples(backwardRounds.get(round), forwardRounds.get(round));
    }
  }

  @Test
  void otherSeedGivesOtherSamples() {
    TargetLocalizationScenario other =
        new TargetLocalizationScenario(Config.builder().seed(2).build());

    assertThat(other.samples(0).get(0).sample().targets())
        .isNotEqualTo(DEFAULT.samples(0).get(0).sample().targets());
    assertThat(other.topology()).isNotEqualTo(DEFAULT.topology());
  }

  @Test
  void byzantineCountLeavesPositionsUnchanged() {
    TargetLocalizationScenario fewer =
        new TargetLocalizationScenario(Config.builder().byzantineAgents(5).build());

    for (String agent : DEFAULT.topology().agents()) {
      assertThat(fewer.position(agent)).isEqualTo(DEFAULT.position(agent));
    }
  }

  @Test
  void fixIsPositionPlusRangeDirection() {
    for (TimedSample timed : DEFAULT.samples(3)) {
      double[] features = timed.sample().features();
      double[] targets = timed.sample().targets();
      Point position = DEFAULT.position(timed.agentId());

      assertThat(features[2]).isEqualTo(position.x());
      assertThat(features[3]).isEqualTo(position.y());
      assertThat(targets[0]).isEqualTo(features[2] + targets[2] * features[0]);
      assertThat(targets[1]).isEqualTo(features[3] + targets[2] * features[1]);
    }
  }

  @Test
  void samplesStampedMidRound() {
    List<TimedSample> samples = DEFAULT.samples(7);

    assertThat(samples).hasSize(80);
    assertThat(samples).extracting(TimedSample::agentId).isEqualTo(DEFAULT.normalAgents());
    // start + 7 * 1000 ms + 500 ms
    assertThat(samples)
        .extracting(TimedSample::timestamp)
        .containsOnly(DEFAULT.startMillis() + 7_500L);
  }

  /**
   * Over 500 rounds the noise averages out, so the mean reading of an agent is its true unit vector
   * and distance D. For an agent with σ_u < 0.02 the standard error of the mean is below 0.02 /
   * √500 ≈ 0.0009 per direction component. The range carries σ_d < 0.2 and the direction noise
   * times D (below 0.02 · 28), so its standard error is below 0.6 / √500 ≈ 0.027. The tolerances
   * are about four standard errors.
   */
  @Test
  void readingsCentredOnTrueGeometry() {
    double directionTolerance = 0.004;
    double rangeTolerance = 0.1;
    String agent = firstQuietAgent();
    Point position = DEFAULT.position(agent);
    double[] target = DEFAULT.trueModel(agent);
    double dx = target[0] - position.x();
    double dy = target[1] - position.y();
    double distance = Math.hypot(dx, dy);

    double[] mean = new double[3];
    for (int round = 0; round < 500; round++) {
      Sample sample = sampleOf(DEFAULT.samples(round), agent);
      mean[0] += sample.features()[0] / 500;
      mean[1] += sample.features()[1] / 500;
      mean[2] += sample.targets()[2] / 500;
    }

    assertThat(mean[0]).isCloseTo(dx / distance, within(directionTolerance));
    assertThat(mean[1]).isCloseTo(dy / distance, within(directionTolerance));
    assertThat(mean[2]).isCloseTo(distance, within(rangeTolerance));
  }

  private static String firstQuietAgent() {
    for (String agent : DEFAULT.normalAgents()) {
      if (DEFAULT.directionNoise(agent) < 0.02) {
        return agent;
      }
    }
    throw new AssertionError("Every normal agent has σ_u = 0.1");
  }

  @Test
  void noiseLevelsInDocumentedRanges() {
    int noisy = 0;
    for (String agent : DEFAULT.normalAgents()) {
      double directionNoise = DEFAULT.directionNoise(agent);
      if (directionNoise == 0.1) {
        noisy++;
      } else {
        assertThat(directionNoise).isGreaterThanOrEqualTo(0.01).isLessThan(0.02);
      }
      assertThat(DEFAULT.rangeNoise(agent)).isGreaterThanOrEqualTo(0.1).isLessThan(0.2);
    }

    assertThat(noisy).isEqualTo(5);
  }

  @Test
  void namedNoisyAgentsStayNoisy() {
    Config withByzantine = Config.builder().agents(12).byzantineAgents(5).rounds(1).build();
    List<String> normal = new TargetLocalizationScenario(withByzantine).normalAgents();
    String first = normal.get(0);
    String second = normal.get(normal.size() - 1);
    List<Integer> indices =
        List.of(Integer.parseInt(first.substring(1)), Integer.parseInt(second.substring(1)));

    for (int byzantine : new int[] {0, 5}) {
      TargetLocalizationScenario scenario =
          new TargetLocalizationScenario(
              withByzantine.toBuilder()
                  .byzantineAgents(byzantine)
                  .noisyDirectionIndices(indices)
                  .build());
      List<String> noisy = new ArrayList<>();
      for (String agent : scenario.normalAgents()) {
        if (scenario.directionNoise(agent) == 0.1) {
          noisy.add(agent);
        }
      }

      assertThat(noisy).containsExactly(first, second);
    }
  }

  @Test
  void invalidNoisyIndicesRejected() {
    assertThatThrownBy(
            () ->
                Config.builder()
                    .agents(12)
                    .noisyDirectionIndices(List.of(3, 12))
                    .byzantineAgents(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "noisyDirectionIndices must hold noisyDirectionAgents = 2 distinct agent indices in"
                + " [0, 11], got [3, 12]");
  }

  @Test
  void byzantineNoisyAgentRejected() {
    Config config =
        Config.builder().agents(12).byzantineAgents(11).noisyDirectionAgents(1).rounds(1).build();
    String normal = new TargetLocalizationScenario(config).normalAgents().get(0);
    int byzantineIndex = normal.equals("a00") ? 1 : 0;

    assertThatThrownBy(
            () ->
                new TargetLocalizationScenario(
                    config.toBuilder().noisyDirectionIndices(List.of(byzantineIndex)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Agent " + byzantineIndex + " in noisyDirectionIndices turned");
  }

  @Test
  void byzantineModelsConstantInBox() {
    for (String agent : DEFAULT.byzantineAgents()) {
      double[] first = DEFAULT.byzantineModel(agent, 0, Map.of());

      assertThat(first).hasSize(2);
      for (double value : first) {
        assertThat(value).isGreaterThanOrEqualTo(15.0).isLessThan(16.0);
      }
      assertThat(DEFAULT.byzantineModel(agent, 499, Map.of())).containsExactly(first);
    }
  }

  @Test
  void byzantineModelOfNormalAgentRejected() {
    String normal = DEFAULT.normalAgents().get(0);

    assertThatThrownBy(() -> DEFAULT.byzantineModel(normal, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent " + normal + " is not a Byzantine agent");
  }

  @Test
  void trueModelOfByzantineAgentRejected() {
    String byzantine = DEFAULT.byzantineAgents().iterator().next();

    assertThatThrownBy(() -> DEFAULT.trueModel(byzantine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Agent " + byzantine + " is Byzantine and has no true model");
  }

  @Test
  void roundOutOfRangeRejected() {
    assertThatThrownBy(() -> DEFAULT.samples(500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("round must be in [0, 500), got 500");
  }

  @Test
  void tooManyByzantineAgentsRejected() {
    assertThatThrownBy(() -> Config.builder().agents(10).byzantineAgents(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("byzantineAgents must be in [0, agents - 1] = [0, 9], got 10");
  }

  @Test
  void zeroByzantineAgentsAllowed() {
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(Config.builder().byzantineAgents(0).build());

    assertThat(scenario.byzantineAgents()).isEmpty();
    assertThat(scenario.normalAgents()).hasSize(100);
  }

  @Test
  void smallNetworkUsesOwnTargets() {
    List<Point> targets = List.of(new Point(5, 5), new Point(-5, 5), new Point(5, -5));
    TargetLocalizationScenario scenario =
        new TargetLocalizationScenario(
            Config.builder()
                .agents(12)
                .targets(targets)
                .byzantineAgents(2)
                .noisyDirectionAgents(1)
                .build());

    assertThat(scenario.normalAgents()).hasSize(10);
    for (String agent : scenario.normalAgents()) {
      double[] target = scenario.trueModel(agent);
      assertThat(targets).contains(new Point(target[0], target[1]));
    }
  }

  private static Sample sampleOf(List<TimedSample> samples, String agent) {
    for (TimedSample timed : samples) {
      if (timed.agentId().equals(agent)) {
        return timed.sample();
      }
    }
    throw new AssertionError("No sample of " + agent);
  }

  private static void assertSameSamples(List<TimedSample> actual, List<TimedSample> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).agentId()).isEqualTo(expected.get(i).agentId());
      assertThat(actual.get(i).timestamp()).isEqualTo(expected.get(i).timestamp());
      assertThat(actual.get(i).sample().features())
          .containsExactly(expected.get(i).sample().features());
      assertThat(actual.get(i).sample().targets())
          .containsExactly(expected.get(i).sample().targets());
    }
  }
}
