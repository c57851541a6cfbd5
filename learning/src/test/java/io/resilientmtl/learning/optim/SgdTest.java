package io.resilientmtl.learning.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SgdTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void stepSubtractsScaledGradient() {
    double[] parameters = {1.0, 2.0};
    double[] gradient = {0.5, -1.0};

    new Sgd(0.1).step(parameters, gradient, new double[0]);

    assertThat(parameters).containsExactly(new double[] {0.95, 2.1}, within(TOLERANCE));
    assertThat(gradient).containsExactly(0.5, -1.0);
  }

  @Test
  void stateIsEmpty() {
    assertThat(new Sgd(0.1).stateSize(0)).isZero();
    assertThat(new Sgd(0.1).stateSize(50_000)).isZero();
  }

  @Test
  void lengthMismatchRejected() {
    assertThatThrownBy(() -> new Sgd(0.1).step(new double[2], new double[3], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Gradient has length 3, expected the parameter length 2");
  }

  @Test
  void nonEmptyStateRejected() {
    assertThatThrownBy(() -> new Sgd(0.1).step(new double[2], new double[2], new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Optimizer state has length 5, expected 0 for Sgd{stepSize=0.1} and 2 parameters;"
                + " allocate new double[optimizer.stateSize(dimension)] per agent");
  }

  @Test
  void negativeDimensionRejected() {
    assertThatThrownBy(() -> new Sgd(0.1).stateSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dimension must be >= 0, got -1; pass the parameter vector length");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
  void invalidStepSizeRejected(double stepSize) {
    assertThatThrownBy(() -> new Sgd(stepSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Step size mu must be finite and > 0, got " + stepSize + "; use a value such as 0.01");
  }
}
