package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetLocalizationTest {

  private static final double TOLERANCE = 1e-12;
  private static final double GRADIENT_RELATIVE_TOLERANCE = 1e-6;

  private final TargetLocalization model = new TargetLocalization();

  /** Reading at (0, 0) along (0.6, 0.8) with range 5: the fix is (3, 4). */
  private static final Sample DIAGONAL =
      TargetLocalization.observation(new double[] {0.0, 0.0}, new double[] {0.6, 0.8}, 5.0);

  /** Reading at (1, 0) along (1, 0) with range 2: the fix is (3, 0). */
  private static final Sample HORIZONTAL =
      TargetLocalization.observation(new double[] {1.0, 0.0}, new double[] {1.0, 0.0}, 2.0);

  @Test
  void kindAndSizes() {
    assertThat(model.kind()).isEqualTo("target-localization/2");
    assertThat(model.dimension()).isEqualTo(2);
    assertThat(model.outputs()).isEqualTo(2);
  }

  @Test
  void observationLayout() {
    assertThat(DIAGONAL.features()).containsExactly(0.6, 0.8, 0.0, 0.0);
    assertThat(DIAGONAL.targets()).containsExactly(new double[] {3.0, 4.0, 5.0}, within(TOLERANCE));
    assertThat(model.validate(DIAGONAL)).isNull();
  }

  @Test
  void trainingLossAndGradientByHand() {
    double[] w = {1.0, 2.0};
    double[] gradient = new double[2];

    double loss = model.lossAndGradient(w, List.of(DIAGONAL, HORIZONTAL), gradient);

    // 0.5 * ((3-1)^2 + (4-2)^2) = 4 and 0.5 * ((3-1)^2 + (0-2)^2) = 4
    assertThat(loss).isCloseTo(4.0, within(TOLERANCE));
    assertThat(model.loss(w, List.of(DIAGONAL, HORIZONTAL))).isCloseTo(4.0, within(TOLERANCE));
    // w - mean(q) = [1, 2] - [3, 2]
    assertThat(gradient).containsExactly(new double[] {-2.0, 0.0}, within(TOLERANCE));
  }

  @Test
  void weightingLossIsRangeResidual() {
    double[] w = {1.0, 2.0};

    // (5 - (0.6 * 1 + 0.8 * 2))^2 = 2.8^2 = 7.84 and (2 - 1 * 0)^2 = 4
    assertThat(model.weightingLoss(w, List.of(DIAGONAL))).isCloseTo(7.84, within(TOLERANCE));
    assertThat(model.weightingLoss(w, List.of(HORIZONTAL))).isCloseTo(4.0, within(TOLERANCE));
    assertThat(model.weightingLoss(w, List.of(DIAGONAL, HORIZONTAL)))
        .isCloseTo(5.92, within(TOLERANCE));
  }

  @Test
  void weightingLossIgnoresSidewaysError() {
    // The range residual only measures error along u, so moving w across the line of sight
    // leaves it unchanged while the training loss grows.
    double[] onTarget = {3.0, 0.0};
    double[] sideways = {3.0, 1.5};

    assertThat(model.weightingLoss(sideways, List.of(HORIZONTAL)))
        .isCloseTo(model.weightingLoss(onTarget, List.of(HORIZONTAL)), within(TOLERANCE));
    assertThat(model.loss(sideways, List.of(HORIZONTAL)))
        .isGreaterThan(model.loss(onTarget, List.of(HORIZONTAL)));
  }

  @Test
  void predictionIsEstimate() {
    double[] prediction = new double[2];

    model.predict(new double[] {4.0, -1.0}, DIAGONAL.features(), prediction);

    assertThat(prediction).containsExactly(4.0, -1.0);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 5; trial++) {
      double[] w = LinearRegressionTest.randomVector(random, 2);
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        double angle = random.nextDouble(0.0, 2 * Math.PI);
        batch.add(
            TargetLocalization.observation(
                LinearRegressionTest.randomVector(random, 2),
                new double[] {Math.cos(angle), Math.sin(angle)},
                random.nextDouble(0.5, 5.0)));
      }
      double[] gradient = new double[2];
      model.lossAndGradient(w, batch, gradient);

      for (int i = 0; i < 2; i++) {
        double numeric = LinearRegressionTest.centralDifference(model, w, batch, i);
        assertThat(gradient[i])
            .as("trial %d, parameter %d", trial, i)
            .isCloseTo(
                numeric, within(GRADIENT_RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(numeric))));
      }
    }
  }

  @Test
  void emptyBatchRejected() {
    assertThatThrownBy(() -> model.weightingLoss(new double[2], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty batch");
  }

  static Stream<Arguments> invalidSamples() {
    return Stream.of(
        Arguments.of(
            Sample.regression(new double[] {1.0, 0.0, 0.0}, new double[] {1.0, 0.0, 1.0}),
            "features have length 3, expected 4"),
        Arguments.of(
            Sample.regression(new double[] {1.0, 0.0, 0.0, 0.0}, new double[] {1.0, 0.0}),
            "targets have length 2, expected 3"),
        Arguments.of(
            Sample.regression(
                new double[] {1.0, 0.0, Double.NEGATIVE_INFINITY, 0.0},
                new double[] {1.0, 0.0, 1.0}),
            "feature 2 is -Infinity, expected a finite value"),
        Arguments.of(
            Sample.regression(
                new double[] {1.0, 0.0, 0.0, 0.0}, new double[] {1.0, 0.0, Double.NaN}),
            "target 2 is NaN, expected a finite value"));
  }

  @ParameterizedTest
  @MethodSource("invalidSamples")
  void validateNamesProblem(Sample sample, String expected) {
    assertThat(model.validate(sample)).isEqualTo(expected);
  }

  @Test
  void observationRejectsWrongLengths() {
    assertThatThrownBy(
            () -> TargetLocalization.observation(new double[3], new double[] {1.0, 0.0}, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Position and direction must have length 2, got 3 and 2");
  }
}
