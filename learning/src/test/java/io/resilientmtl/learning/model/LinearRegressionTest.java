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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LinearRegressionTest {

  private static final double TOLERANCE = 1e-12;
  private static final double GRADIENT_RELATIVE_TOLERANCE = 1e-6;
  private static final double FINITE_DIFFERENCE_STEP = 1e-5;

  @Test
  void kindAndDimension() {
    LinearRegression model = new LinearRegression(3, 1);

    assertThat(model.kind()).isEqualTo("linear-regression/3x1");
    assertThat(model.dimension()).isEqualTo(4);
    assertThat(model.features()).isEqualTo(3);
    assertThat(model.outputs()).isEqualTo(1);
    assertThat(new LinearRegression(2, 3).dimension()).isEqualTo(9);
  }

  @Test
  void lossAndGradientByHand() {
    LinearRegression model = new LinearRegression(2, 1);
    double[] parameters = {1.0, 2.0, 0.5};
    // Predictions: 1 - 2 + 0.5 = -0.5 and 0 + 2 + 0.5 = 2.5, so residuals -0.5 and 1.5.
    List<Sample> batch =
        List.of(
            Sample.regression(new double[] {1.0, -1.0}, new double[] {0.0}),
            Sample.regression(new double[] {0.0, 1.0}, new double[] {1.0}));
    double[] gradient = {99.0, 99.0, 99.0};

    double loss = model.lossAndGradient(parameters, batch, gradient);

    // (0.5 * 0.25 + 0.5 * 2.25) / 2
    assertThat(loss).isCloseTo(0.625, within(TOLERANCE));
    assertThat(model.loss(parameters, batch)).isCloseTo(0.625, within(TOLERANCE));
    // W: (-0.5 * [1, -1] + 1.5 * [0, 1]) / 2, b: (-0.5 + 1.5) / 2
    assertThat(gradient[0]).isCloseTo(-0.25, within(TOLERANCE));
    assertThat(gradient[1]).isCloseTo(1.0, within(TOLERANCE));
    assertThat(gradient[2]).isCloseTo(0.5, within(TOLERANCE));
  }

  @Test
  void layoutIsRowMajorWeightsThenBias() {
    LinearRegression model = new LinearRegression(2, 2);
    // W = [[1, 2], [3, 4]], b = [10, 20]
    double[] parameters = {1.0, 2.0, 3.0, 4.0, 10.0, 20.0};
    double[] prediction = new double[2];

    model.predict(parameters, new double[] {1.0, 1.0}, prediction);

    assertThat(prediction[0]).isCloseTo(13.0, within(TOLERANCE));
    assertThat(prediction[1]).isCloseTo(27.0, within(TOLERANCE));
  }

  @Test
  void multiOutputGradientByHand() {
    LinearRegression model = new LinearRegression(2, 2);
    double[] parameters = {1.0, 2.0, 3.0, 4.0, 10.0, 20.0};
    // Prediction [13, 27] against target [13, 26]: residual [0, 1].
    List<Sample> batch =
        List.of(Sample.regression(new double[] {1.0, 1.0}, new double[] {13.0, 26.0}));
    double[] gradient = new double[6];

    double loss = model.lossAndGradient(parameters, batch, gradient);

    assertThat(loss).isCloseTo(0.5, within(TOLERANCE));
    assertThat(gradient)
        .containsExactly(new double[] {0.0, 0.0, 1.0, 1.0, 0.0, 1.0}, within(TOLERANCE));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(7);
    LinearRegression model = new LinearRegression(3, 2);
    for (int trial = 0; trial < 5; trial++) {
      double[] parameters = randomVector(random, model.dimension());
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        batch.add(Sample.regression(randomVector(random, 3), randomVector(random, 2)));
      }
      double[] gradient = new double[model.dimension()];
      model.lossAndGradient(parameters, batch, gradient);

      for (int i = 0; i < parameters.length; i++) {
        double numeric = centralDifference(model, parameters, batch, i);
        assertThat(gradient[i])
            .as("trial %d, parameter %d", trial, i)
            .isCloseTo(
                numeric, within(GRADIENT_RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(numeric))));
      }
    }
  }

  @Test
  void gradientIsOverwrittenNotAccumulated() {
    LinearRegression model = new LinearRegression(1, 1);
    List<Sample> batch = List.of(Sample.regression(new double[] {2.0}, new double[] {1.0}));
    double[] parameters = {1.0, 0.0};
    double[] first = new double[2];
    double[] second = new double[2];

    model.lossAndGradient(parameters, batch, first);
    second[0] = 5.0;
    second[1] = -5.0;
    model.lossAndGradient(parameters, batch, second);

    assertThat(second).containsExactly(first, within(TOLERANCE));
  }

  @Test
  void emptyBatchRejected() {
    LinearRegression model = new LinearRegression(1, 1);

    assertThatThrownBy(() -> model.loss(new double[2], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty batch");
  }

  @Test
  void wrongParameterLengthRejected() {
    LinearRegression model = new LinearRegression(3, 1);
    List<Sample> batch = List.of(Sample.regression(new double[3], new double[1]));

    assertThatThrownBy(() -> model.loss(new double[3], batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter vector has length 3, expected 4 for model linear-regression/3x1");
  }

  @Test
  void wrongSampleShapeRejectedInLoss() {
    LinearRegression model = new LinearRegression(3, 1);
    List<Sample> batch = List.of(Sample.regression(new double[2], new double[1]));

    assertThatThrownBy(() -> model.loss(new double[4], batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Sample has 2 features and 1 targets, expected 3 and 1");
  }

  static Stream<Arguments> invalidSamples() {
    return Stream.of(
        Arguments.of(
            Sample.regression(new double[] {1.0, 2.0}, new double[] {0.0}),
            "features have length 2, expected 3"),
        Arguments.of(
            Sample.regression(new double[] {1.0, 2.0, 3.0}, new double[] {0.0, 1.0}),
            "targets have length 2, expected 1"),
        Arguments.of(
            Sample.regression(new double[] {1.0, Double.NaN, 3.0}, new double[] {0.0}),
            "feature 1 is NaN, expected a finite value"),
        Arguments.of(
            Sample.regression(
                new double[] {1.0, 2.0, 3.0}, new double[] {Double.POSITIVE_INFINITY}),
            "target 0 is Infinity, expected a finite value"),
        Arguments.of(
            Sample.classification(new double[] {1.0, 2.0, 3.0}, 1),
            "targets have length 0, expected 1"));
  }

  @ParameterizedTest
  @MethodSource("invalidSamples")
  void validateNamesProblem(Sample sample, String expected) {
    assertThat(new LinearRegression(3, 1).validate(sample)).isEqualTo(expected);
  }

  @Test
  void validateAcceptsFiniteSample() {
    Sample sample = Sample.regression(new double[] {1.0, 2.0, 3.0}, new double[] {4.0});

    assertThat(new LinearRegression(3, 1).validate(sample)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "0, 1, 'Number of features must be >= 1, got 0; pass the sample feature length'",
    "-2, 1, 'Number of features must be >= 1, got -2; pass the sample feature length'",
    "3, 0, 'Number of outputs must be >= 1, got 0; pass the sample target length'"
  })
  void invalidSizesRejected(int features, int outputs, String message) {
    assertThatThrownBy(() -> new LinearRegression(features, outputs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static double centralDifference(Model model, double[] parameters, List<Sample> batch, int index) {
    double[] plus = parameters.clone();
    double[] minus = parameters.clone();
    plus[index] += FINITE_DIFFERENCE_STEP;
    minus[index] -= FINITE_DIFFERENCE_STEP;
    return (model.loss(plus, batch) - model.loss(minus, batch)) / (2 * FINITE_DIFFERENCE_STEP);
  }

  static double[] randomVector(SplittableRandom random, int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble(-2.0, 2.0);
    }
    return values;
  }
}
