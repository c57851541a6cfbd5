package io.resilientmtl.learning.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.TargetLocalization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalUpdateTest {

  private static final double TOLERANCE = 1e-12;

  private final TargetLocalization model = new TargetLocalization();

  /** Fixes (3, 4) and (3, 0), so mean(q) = (3, 2). */
  private final List<Sample> batch =
      List.of(
          TargetLocalization.observation(new double[] {0.0, 0.0}, new double[] {0.6, 0.8}, 5.0),
          TargetLocalization.observation(new double[] {1.0, 0.0}, new double[] {1.0, 0.0}, 2.0));

  /** Fixes (3, 4), (3, 0) and (5, 2). */
  private final List<Sample> threeSamples =
      List.of(
          batch.get(0),
          batch.get(1),
          TargetLocalization.observation(new double[] {5.0, 0.0}, new double[] {0.0, 1.0}, 2.0));

  /** Counts its steps in its one state entry and leaves the parameters alone. */
  private static final class StepCounter implements Optimizer {
    @Override
    public int stateSize(int dimension) {
      return 1;
    }

    @Override
    public void step(double[] parameters, double[] gradient, double[] state) {
      state[0]++;
    }

    @Override
    public String toString() {
      return "StepCounter";
    }
  }

  @Test
  void oneStepMovesTowardsMeanFix() {
    double[] w = {1.0, 2.0};

    double[] psi = LocalUpdate.adapt(model, new Sgd(0.5), w, batch, 1);

    // w + 0.5 * (mean(q) - w) = [1, 2] + 0.5 * [2, 0]
    assertThat(psi).containsExactly(new double[] {2.0, 2.0}, within(TOLERANCE));
    assertThat(w).containsExactly(1.0, 2.0);
  }

  @Test
  void twoStepsHalveDistanceTwice() {
    double[] psi = LocalUpdate.adapt(model, new Sgd(0.5), new double[] {1.0, 2.0}, batch, 2);

    assertThat(psi).containsExactly(new double[] {2.5, 2.0}, within(TOLERANCE));
  }

  @Test
  void miniBatchesOfOneStepInOrder() {
    // Step on (3, 4): [1, 2] + 0.5 * [2, 2] = [2, 3]. Step on (3, 0): [2, 3] + 0.5 * [1, -3].
    double[] psi =
        LocalUpdate.adapt(model, new Sgd(0.5), new double[] {1.0, 2.0}, batch, 1, 1, new double[0]);

    assertThat(psi).containsExactly(new double[] {2.5, 1.5}, within(TOLERANCE));
  }

  @Test
  void lastMiniBatchIsShorter() {
    // Mean of (3, 4) and (3, 0) is (3, 2): [1, 2] + 0.5 * [2, 0] = [2, 2].
    // Then (5, 2) alone: [2, 2] + 0.5 * [3, 0] = [3.5, 2].
    double[] psi =
        LocalUpdate.adapt(
            model, new Sgd(0.5), new double[] {1.0, 2.0}, threeSamples, 1, 2, new double[0]);

    assertThat(psi).containsExactly(new double[] {3.5, 2.0}, within(TOLERANCE));
  }

  @ParameterizedTest
  @CsvSource({
    // steps, mini-batch size, expected optimizer steps on three samples
    "1, 0, 1",
    "3, 0, 3",
    "1, 1, 3",
    "2, 2, 4",
    "2, 3, 2",
    "2, 10, 2"
  })
  void stepsPerPassFollowMiniBatchSize(int steps, int miniBatchSize, int expected) {
    double[] state = new double[1];

    LocalUpdate.adapt(
        model, new StepCounter(), new double[2], threeSamples, steps, miniBatchSize, state);

    assertThat(state[0]).isEqualTo(expected);
  }

  @Test
  void shortOverloadEqualsWholeBatch() {
    double[] w = {1.0, 2.0};

    double[] shortForm = LocalUpdate.adapt(model, new Sgd(0.3), w, threeSamples, 3);
    double[] longForm =
        LocalUpdate.adapt(model, new Sgd(0.3), w, threeSamples, 3, 0, new double[0]);

    assertThat(shortForm).containsExactly(longForm);
  }

  @Test
  void adamStateCarriesAcrossRounds() {
    Adam adam = new Adam(0.1, 0.5, 0.75, 1.0);
    double[] state = new double[adam.stateSize(2)];
    double[] w = {1.0, 2.0};

    double[] first = LocalUpdate.adapt(model, adam, w, batch, 1, 0, state);
    double[] second = LocalUpdate.adapt(model, adam, first, batch, 1, 0, state);

    // Same two steps taken directly, on the batch gradients w - mean(q).
    double[] expected = w.clone();
    double[] expectedState = new double[5];
    adam.step(expected, new double[] {-2.0, 0.0}, expectedState);
    assertThat(first).containsExactly(expected, within(TOLERANCE));
    adam.step(expected, new double[] {expected[0] - 3.0, expected[1] - 2.0}, expectedState);
    assertThat(second).containsExactly(expected, within(TOLERANCE));
    assertThat(state).containsExactly(expectedState, within(TOLERANCE));
    assertThat(state[4]).isEqualTo(2.0);
  }

  @Test
  void emptyBatchReturnsCopy() {
    double[] w = {1.0, 2.0};

    double[] psi = LocalUpdate.adapt(model, new Sgd(0.5), w, List.of(), 3);

    assertThat(psi).containsExactly(1.0, 2.0);
    assertThat(psi).isNotSameAs(w);
  }

  @Test
  void emptyBatchLeavesStateUntouched() {
    double[] state = {0.5, -0.5, 0.25, 0.125, 7.0};

    double[] psi =
        LocalUpdate.adapt(
            model, Adam.withStepSize(0.1), new double[] {1.0, 2.0}, List.of(), 2, 1, state);

    assertThat(psi).containsExactly(1.0, 2.0);
    assertThat(state).containsExactly(0.5, -0.5, 0.25, 0.125, 7.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void invalidStepsRejected(int steps) {
    assertThatThrownBy(() -> LocalUpdate.adapt(model, new Sgd(0.5), new double[2], batch, steps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Number of local steps must be >= 1, got " + steps + "; use 1 for one step per round");
  }

  @Test
  void negativeMiniBatchSizeRejected() {
    assertThatThrownBy(
            () ->
                LocalUpdate.adapt(model, new Sgd(0.5), new double[2], batch, 1, -1, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Mini-batch size must be >= 0, got -1; use 0 to take the whole batch as one"
                + " mini-batch");
  }

  @Test
  void wrongParameterLengthRejected() {
    assertThatThrownBy(() -> LocalUpdate.adapt(model, new Sgd(0.5), new double[3], batch, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter vector has length 3, expected 2 for model target-localization/2");
  }

  @Test
  void wrongStateLengthRejected() {
    assertThatThrownBy(
            () ->
                LocalUpdate.adapt(
                    model, new StepCounter(), new double[2], batch, 1, 0, new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Optimizer state has length 2, expected 1 for StepCounter and model"
                + " target-localization/2;"
                + " allocate new double[optimizer.stateSize(model.dimension())] per agent");
  }

  @Test
  void shortOverloadRejectsStatefulOptimizer() {
    assertThatThrownBy(
            () -> LocalUpdate.adapt(model, Adam.withStepSize(0.1), new double[2], batch, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Adam{stepSize=0.1, beta1=0.9, beta2=0.999, epsilon=1.0E-8} keeps 5 state values per"
                + " agent for model target-localization/2; call the adapt overload that takes the"
                + " optimizer state");
  }
}
