package io.resilientmtl.learning.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void squaredDistanceByHand() {
    // (1 - 4)^2 + (2 - 6)^2 = 9 + 16
    assertThat(Vectors.squaredDistance(new double[] {1.0, 2.0}, new double[] {4.0, 6.0}))
        .isCloseTo(25.0, within(TOLERANCE));
  }

  @Test
  void squaredDistanceOverflowsToInfinity() {
    assertThat(Vectors.squaredDistance(new double[] {1e200}, new double[] {-1e200}))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void squaredDistanceRejectsLengthMismatch() {
    assertThatThrownBy(() -> Vectors.squaredDistance(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot compute the distance between vectors of length 2 and 3; pass vectors of equal"
                + " length");
  }

  @Test
  void firstNonFiniteFindsIndex() {
    assertThat(Vectors.firstNonFinite(new double[] {0.0, 1.0})).isEqualTo(-1);
    assertThat(Vectors.firstNonFinite(new double[] {0.0, Double.NaN, Double.NEGATIVE_INFINITY}))
        .isEqualTo(1);
    assertThat(Vectors.firstNonFinite(new double[] {Double.POSITIVE_INFINITY})).isEqualTo(0);
  }
}
