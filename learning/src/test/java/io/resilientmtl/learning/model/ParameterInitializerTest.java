package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterInitializerTest {

  /** Bound on the sample mean and standard deviation error of 20,000 normal draws. */
  private static final double MOMENT_TOLERANCE = 0.015;

  @Test
  void zerosGivesZeroVector() {
    assertThat(ParameterInitializer.zeros().initialize("agent-1", 3))
        .containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void uniformIsDeterministic() {
    double[] first = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("agent-1", 5);
    double[] second = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("agent-1", 5);

    assertThat(second).containsExactly(first);
  }

  @Test
  void uniformDependsOnAgentAndSeed() {
    double[] base = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("agent-1", 5);
    double[] otherAgent = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("agent-2", 5);
    double[] otherSeed = ParameterInitializer.uniform(-1.0, 1.0, 43L).initialize("agent-1", 5);
    // "Aa" and "BB" have the same String.hashCode.
    double[] aa = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("Aa", 5);
    double[] bb = ParameterInitializer.uniform(-1.0, 1.0, 42L).initialize("BB", 5);

    assertThat(otherAgent).isNotEqualTo(base);
    assertThat(otherSeed).isNotEqualTo(base);
    assertThat(bb).isNotEqualTo(aa);
  }

  @Test
  void uniformStaysInRange() {
    ParameterInitializer initializer = ParameterInitializer.uniform(2.0, 2.5, 1L);
    for (int agent = 0; agent < 50; agent++) {
      double[] values = initializer.initialize("agent-" + agent, 20);
      for (double value : values) {
        assertThat(value).isGreaterThanOrEqualTo(2.0).isLessThan(2.5);
      }
    }
  }

  @Test
  void normalIsDeterministicPerAgent() {
    double[] first = ParameterInitializer.normal(0.5, 42L).initialize("agent-1", 5);
    double[] second = ParameterInitializer.normal(0.5, 42L).initialize("agent-1", 5);
    double[] otherAgent = ParameterInitializer.normal(0.5, 42L).initialize("agent-2", 5);
    double[] otherSeed = ParameterInitializer.normal(0.5, 43L).initialize("agent-1", 5);

    assertThat(second).containsExactly(first);
    assertThat(otherAgent).isNotEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void normalHasRequestedMoments() {
    int count = 20_000;
    double[] values = ParameterInitializer.normal(0.5, 7L).initialize("agent-1", count);

    double mean = 0.0;
    for (double value : values) {
      mean += value / count;
    }
    double variance = 0.0;
    for (double value : values) {
      variance += (value - mean) * (value - mean) / (count - 1);
    }

    // The standard errors are 0.5/√20000 ≈ 0.0035 for the mean and about 0.0025 for the
    // standard deviation, so these bounds sit at more than 4 standard errors.
    assertThat(mean).isCloseTo(0.0, within(MOMENT_TOLERANCE));
    assertThat(Math.sqrt(variance)).isCloseTo(0.5, within(MOMENT_TOLERANCE));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
  void invalidStandardDeviationRejected(double standardDeviation) {
    assertThatThrownBy(() -> ParameterInitializer.normal(standardDeviation, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Normal initialization needs a finite standard deviation > 0, got "
                + standardDeviation
                + "; use a value such as 0.05");
  }

  @Test
  void sharedStartSameForEveryAgent() {
    ParameterInitializer shared = ParameterInitializer.normal(0.5, 42L).sharedByAllAgents();
    double[] first = shared.initialize("agent-1", 4);
    double[] second = shared.initialize("agent-2", 4);

    // The stream is seeded with the seed's first long, with no agent hash mixed in.
    SplittableRandom expected = new SplittableRandom(new SplittableRandom(42L).nextLong());
    double[] drawn = new double[4];
    for (int i = 0; i < drawn.length; i++) {
      drawn[i] = 0.5 * expected.nextGaussian();
    }
    assertThat(first).containsExactly(drawn);
    assertThat(second).containsExactly(drawn);
    assertThat(ParameterInitializer.normal(0.5, 42L).initialize("agent-1", 4)).isNotEqualTo(first);
    assertThat(shared.isShared()).isTrue();
    assertThat(ParameterInitializer.normal(0.5, 42L).isShared()).isFalse();
  }

  @Test
  void sharedUniformStartStaysInBounds() {
    double[] values =
        ParameterInitializer.uniform(2.0, 3.0, 5L).sharedByAllAgents().initialize("a", 1000);

    for (double value : values) {
      assertThat(value).isGreaterThanOrEqualTo(2.0).isLessThan(3.0);
    }
    assertThat(ParameterInitializer.uniform(2.0, 3.0, 5L).sharedByAllAgents().initialize("b", 1000))
        .containsExactly(values);
  }

  @Test
  void toStringNamesDistribution() {
    assertThat(ParameterInitializer.zeros()).hasToString("ParameterInitializer{zeros}");
    assertThat(ParameterInitializer.uniform(0.0, 1.0, 3L))
        .hasToString("ParameterInitializer{uniform [0.0, 1.0), seed=3}");
    assertThat(ParameterInitializer.normal(0.05, 3L))
        .hasToString("ParameterInitializer{normal, standard deviation 0.05, seed=3}");
    assertThat(ParameterInitializer.normal(0.05, 3L).sharedByAllAgents())
        .hasToString(
            "ParameterInitializer{normal, standard deviation 0.05, seed=3, shared by all agents}");
  }

  @Test
  void hashMatchesFnv1aVectors() {
    // Published FNV-1a 64-bit test vectors.
    assertThat(ParameterInitializer.hash("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(ParameterInitializer.hash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(ParameterInitializer.hash("foobar")).isEqualTo(0x85944171f73967e8L);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 1.0, 'Uniform initialization needs finite bounds with low < high, got low=1.0 and high=1.0'",
    "2.0, 1.0, 'Uniform initialization needs finite bounds with low < high, got low=2.0 and high=1.0'",
    "NaN, 1.0, 'Uniform initialization needs finite bounds with low < high, got low=NaN and high=1.0'",
    "0.0, Infinity, 'Uniform initialization needs finite bounds with low < high, got low=0.0 and high=Infinity'",
    "-1.7976931348623157E308, 1.7976931348623157E308, 'Uniform initialization range [-1.7976931348623157E308, 1.7976931348623157E308) is too wide; narrow it'"
  })
  void invalidBoundsRejected(double low, double high, String message) {
    assertThatThrownBy(() -> ParameterInitializer.uniform(low, high, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void invalidDimensionRejected() {
    assertThatThrownBy(() -> ParameterInitializer.zeros().initialize("agent-1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dimension must be >= 1, got 0; pass Model.dimension()");
  }
}
