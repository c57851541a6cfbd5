package io.resilientmtl.learning.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdamTest {

  private static final double TOLERANCE = 1e-12;

  /** Bound on the shift that ε = 1e-8 causes in a step of α = 0.01 on a gradient entry >= 0.5. */
  private static final double EPSILON_TOLERANCE = 1e-9;

  @Test
  void withStepSizeUsesDefaults() {
    Adam adam = Adam.withStepSize(0.01);

    assertThat(adam.stepSize()).isEqualTo(0.01);
    assertThat(adam.beta1()).isEqualTo(0.9);
    assertThat(adam.beta2()).isEqualTo(0.999);
    assertThat(adam.epsilon()).isEqualTo(1e-8);
  }

  @Test
  void stateSizeIsTwoMomentsAndCount() {
    Adam adam = Adam.withStepSize(0.01);

    assertThat(adam.stateSize(0)).isEqualTo(1);
    assertThat(adam.stateSize(3)).isEqualTo(7);
    assertThat(adam.stateSize(Integer.MAX_VALUE / 2)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void firstStepMovesByStepSize() {
    // After bias correction m̂ = g and v̂ = g², so the first step is α·g / (|g| + ε).
    double[] parameters = {1.0, 1.0};
    double[] gradient = {0.5, -2.0};
    double[] state = new double[5];

    Adam.withStepSize(0.01).step(parameters, gradient, state);

    assertThat(parameters).containsExactly(new double[] {0.99, 1.01}, within(EPSILON_TOLERANCE));
    assertThat(gradient).containsExactly(0.5, -2.0);
    // m = 0.1·g, v = 0.001·g², t = 1
    assertThat(state)
        .containsExactly(new double[] {0.05, -0.2, 0.00025, 0.004, 1.0}, within(TOLERANCE));
  }

  @Test
  void twoStepsByHand() {
    Adam adam = new Adam(0.1, 0.5, 0.75, 1.0);
    double[] parameters = {1.0};
    double[] state = new double[3];

    // Step 1, g = 1: m = 0.5, v = 0.25, m̂ = 1, v̂ = 1, w = 1 − 0.1·1/(1 + 1) = 0.95.
    adam.step(parameters, new double[] {1.0}, state);
    assertThat(parameters[0]).isCloseTo(0.95, within(TOLERANCE));
    assertThat(state).containsExactly(new double[] {0.5, 0.25, 1.0}, within(TOLERANCE));

    // Step 2, g = −1: m = 0.25 − 0.5 = −0.25, v = 0.1875 + 0.25 = 0.4375,
    // m̂ = −0.25/0.75 = −1/3, v̂ = 0.4375/0.4375 = 1, w = 0.95 + 0.1·(1/3)/2 = 0.95 + 1/60.
    adam.step(parameters, new double[] {-1.0}, state);
    assertThat(parameters[0]).isCloseTo(0.95 + 1.0 / 60, within(TOLERANCE));
    assertThat(state).containsExactly(new double[] {-0.25, 0.4375, 2.0}, within(TOLERANCE));
  }

  @Test
  void zeroGradientKeepsParameters() {
    double[] parameters = {3.0, -4.0};
    double[] state = new double[5];

    Adam.withStepSize(0.1).step(parameters, new double[2], state);

    assertThat(parameters).containsExactly(3.0, -4.0);
    assertThat(state[4]).isEqualTo(1.0);
  }

  @Test
  void wrongStateLengthRejected() {
    Adam adam = new Adam(0.1, 0.5, 0.75, 1.0);

    assertThatThrownBy(() -> adam.step(new double[2], new double[2], new double[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Optimizer state has length 4, expected 5 for Adam{stepSize=0.1, beta1=0.5,"
                + " beta2=0.75, epsilon=1.0} and 2 parameters;"
                + " allocate new double[optimizer.stateSize(dimension)] per agent");
  }

  @Test
  void gradientLengthMismatchRejected() {
    assertThatThrownBy(
            () -> Adam.withStepSize(0.1).step(new double[2], new double[1], new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Gradient has length 1, expected the parameter length 2");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void invalidStepCountRejected(double count) {
    double[] state = {0.0, 0.0, count};

    assertThatThrownBy(() -> Adam.withStepSize(0.1).step(new double[1], new double[1], state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Adam step count in state[2] is "
                + count
                + ", expected a whole number >= 0; start each agent from a state of zeros");
  }

  @Test
  void oversizedStateRejected() {
    assertThatThrownBy(() -> Adam.withStepSize(0.1).stateSize(Integer.MAX_VALUE / 2 + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Adam state for dimension 1073741824 would need more than 2147483647 entries;"
                + " use Sgd for models this large");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, 0.9, 0.999, 1e-8, 'Adam step size alpha must be finite and > 0, got 0.0; use a value"
        + " such as 0.001'",
    "NaN, 0.9, 0.999, 1e-8, 'Adam step size alpha must be finite and > 0, got NaN; use a value"
        + " such as 0.001'",
    "0.1, -0.1, 0.999, 1e-8, 'Adam beta1 must be in [0, 1), got -0.1; use a value such as 0.9'",
    "0.1, 1.0, 0.999, 1e-8, 'Adam beta1 must be in [0, 1), got 1.0; use a value such as 0.9'",
    "0.1, 0.9, 1.0, 1e-8, 'Adam beta2 must be in [0, 1), got 1.0; use a value such as 0.999'",
    "0.1, 0.9, NaN, 1e-8, 'Adam beta2 must be in [0, 1), got NaN; use a value such as 0.999'",
    "0.1, 0.9, 0.999, 0.0, 'Adam epsilon must be finite and > 0, got 0.0; use a value such as"
        + " 1e-8'",
    "0.1, 0.9, 0.999, Infinity, 'Adam epsilon must be finite and > 0, got Infinity; use a value"
        + " such as 1e-8'"
  })
  void invalidHyperParameterRejected(
      double stepSize, double beta1, double beta2, double epsilon, String message) {
    assertThatThrownBy(() -> new Adam(stepSize, beta1, beta2, epsilon))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void zeroDecayRatesAccepted() {
    Adam adam = new Adam(0.1, 0.0, 0.0, 1e-8);

    assertThat(adam.beta1()).isZero();
    assertThat(adam.beta2()).isZero();
  }
}
