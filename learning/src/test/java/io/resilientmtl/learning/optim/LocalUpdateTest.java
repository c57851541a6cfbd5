package io.resilientmtl.learning.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.TargetLocalization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalUpdateTest {

  private static final double TOLERANCE = 1e-12;

  private final TargetLocalization model = new TargetLocalization();

  /** Fixes (3, 4) and (3, 0), so mean(q) = (3, 2). */
  private final List<Sample> batch =
      List.of(
          TargetLocalization.observation(new double[] {0.0, 0.0}, new double[] {0.6, 0.8}, 5.0),
          TargetLocalization.observation(new double[] {1.0, 0.0}, new double[] {1.0, 0.0}, 2.0));

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
  void emptyBatchReturnsCopy() {
    double[] w = {1.0, 2.0};

    double[] psi = LocalUpdate.adapt(model, new Sgd(0.5), w, List.of(), 3);

    assertThat(psi).containsExactly(1.0, 2.0);
    assertThat(psi).isNotSameAs(w);
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
  void wrongParameterLengthRejected() {
    assertThatThrownBy(() -> LocalUpdate.adapt(model, new Sgd(0.5), new double[3], batch, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter vector has length 3, expected 2 for model target-localization/2");
  }
}
