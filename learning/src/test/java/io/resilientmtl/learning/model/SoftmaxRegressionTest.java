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

class SoftmaxRegressionTest {

  private static final double TOLERANCE = 1e-12;
  private static final double LN3 = Math.log(3.0);

  @Test
  void kindAndDimension() {
    SoftmaxRegression model = new SoftmaxRegression(784, 10);

    assertThat(model.kind()).isEqualTo("softmax-regression/784x10");
    assertThat(model.dimension()).isEqualTo(7850);
    assertThat(model.features()).isEqualTo(784);
    assertThat(model.classes()).isEqualTo(10);
  }

  @Test
  void lossAndGradientByHand() {
    SoftmaxRegression model = new SoftmaxRegression(1, 2);
    // W = [ln 3, 0], b = [0, 0]. x = 1 gives scores [ln 3, 0], so p = [3/4, 1/4];
    // x = 2 gives [2 ln 3, 0], so p = [9/10, 1/10].
    double[] parameters = {LN3, 0.0, 0.0, 0.0};
    List<Sample> batch =
        List.of(
            Sample.classification(new double[] {1.0}, 0),
            Sample.classification(new double[] {2.0}, 1));
    double[] gradient = {99.0, 99.0, 99.0, 99.0};

    double loss = model.lossAndGradient(parameters, batch, gradient);

    // (−ln(3/4) − ln(1/10)) / 2
    assertThat(loss).isCloseTo(Math.log(40.0 / 3.0) / 2, within(TOLERANCE));
    assertThat(model.loss(parameters, batch)).isCloseTo(loss, within(TOLERANCE));
    // δ = p − e_y: [−1/4, 1/4] for x = 1 and [9/10, −9/10] for x = 2.
    // W: (1·δ_1 + 2·δ_2) / 2, b: (δ_1 + δ_2) / 2.
    assertThat(gradient)
        .containsExactly(new double[] {0.775, -0.775, 0.325, -0.325}, within(TOLERANCE));
  }

  @Test
  void layoutIsRowMajorWeightsThenBias() {
    SoftmaxRegression model = new SoftmaxRegression(2, 3);
    // W = [[1, 0], [0, 1], [1, 1]], b = [0, 0.5, −3]
    double[] parameters = {1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.5, -3.0};

    // Scores [2, 1.5, 0], [0, 1.5, −2] and [3, 3.5, 3].
    assertThat(model.predict(parameters, new double[] {2.0, 1.0})).isZero();
    assertThat(model.predict(parameters, new double[] {0.0, 1.0})).isEqualTo(1);
    assertThat(model.predict(parameters, new double[] {3.0, 3.0})).isEqualTo(1);
    // Scores [3, 1.5, 1].
    assertThat(model.predict(parameters, new double[] {3.0, 0.0})).isZero();
    // Scores [10, 10.5, 17].
    assertThat(model.predict(parameters, new double[] {10.0, 10.0})).isEqualTo(2);
  }

  @Test
  void predictTiesGoToLowestClass() {
    SoftmaxRegression model = new SoftmaxRegression(2, 3);

    assertThat(model.predict(new double[9], new double[] {1.0, 1.0})).isZero();
  }

  @Test
  void largeScoresDoNotOverflow() {
    SoftmaxRegression model = new SoftmaxRegression(1, 2);
    // Scores [1000, 0]: exp(1000) overflows, but the log-sum-exp is 1000 + log(1 + e^−1000).
    double[] parameters = {1000.0, 0.0, 0.0, 0.0};
    List<Sample> wrong = List.of(Sample.classification(new double[] {1.0}, 1));
    List<Sample> right = List.of(Sample.classification(new double[] {1.0}, 0));
    double[] gradient = new double[4];

    assertThat(model.loss(parameters, wrong)).isCloseTo(1000.0, within(TOLERANCE));
    assertThat(model.loss(parameters, right)).isCloseTo(0.0, within(TOLERANCE));
    model.lossAndGradient(parameters, wrong, gradient);
    assertThat(gradient).containsExactly(new double[] {1.0, -1.0, 1.0, -1.0}, within(TOLERANCE));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    SoftmaxRegression model = new SoftmaxRegression(4, 3);
    for (int trial = 0; trial < 5; trial++) {
      double[] parameters = GradientCheck.randomVector(random, model.dimension(), 2.0);
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(
            Sample.classification(GradientCheck.randomVector(random, 4, 2.0), random.nextInt(3)));
      }

      GradientCheck.assertMatchesCentralDifferences(model, parameters, batch, "trial " + trial);
    }
  }

  @Test
  void gradientIsOverwrittenNotAccumulated() {
    SoftmaxRegression model = new SoftmaxRegression(1, 2);
    List<Sample> batch = List.of(Sample.classification(new double[] {2.0}, 1));
    double[] parameters = {0.5, -0.5, 0.0, 1.0};
    double[] first = new double[4];
    double[] second = {5.0, -5.0, 5.0, -5.0};

    model.lossAndGradient(parameters, batch, first);
    model.lossAndGradient(parameters, batch, second);

    assertThat(second).containsExactly(first, within(TOLERANCE));
  }

  @Test
  void wrongSampleShapeRejectedInLoss() {
    SoftmaxRegression model = new SoftmaxRegression(2, 3);
    List<Sample> batch = List.of(Sample.classification(new double[2], 3));

    assertThatThrownBy(() -> model.loss(new double[9], batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sample has 2 features and label 3, expected 2 features and a label in [0, 3) for"
                + " model softmax-regression/2x3; filter samples with Model.validate first");
  }

  @Test
  void wrongFeatureLengthRejectedInPredict() {
    SoftmaxRegression model = new SoftmaxRegression(2, 3);

    assertThatThrownBy(() -> model.predict(new double[9], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Feature vector has length 3, expected 2");
  }

  static Stream<Arguments> invalidSamples() {
    return Stream.of(
        Arguments.of(
            Sample.classification(new double[] {1.0}, 0), "features have length 1, expected 2"),
        Arguments.of(
            Sample.classification(new double[] {1.0, 2.0}, 3),
            "label 3 is out of range, expected a label in [0, 3)"),
        Arguments.of(
            Sample.regression(new double[] {1.0, 2.0}, new double[] {1.0}),
            "regression sample has no class label, expected a label in [0, 3)"),
        Arguments.of(
            Sample.classification(new double[] {Double.NaN, 2.0}, 1),
            "feature 0 is NaN, expected a finite value"));
  }

  @ParameterizedTest
  @MethodSource("invalidSamples")
  void validateNamesProblem(Sample sample, String expected) {
    assertThat(new SoftmaxRegression(2, 3).validate(sample)).isEqualTo(expected);
  }

  @Test
  void validateAcceptsFiniteSample() {
    assertThat(new SoftmaxRegression(2, 3).validate(Sample.classification(new double[2], 2)))
        .isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "0, 3, 'Number of features must be >= 1, got 0; pass the sample feature length'",
    "2, 1, 'Number of classes must be >= 2, got 1; pass the number of distinct labels'",
    "2, -4, 'Number of classes must be >= 2, got -4; pass the number of distinct labels'",
    "100000, 100000, 'Dense layer of 100000 inputs and 100000 outputs has 10000100000"
        + " parameters, more than an int can index; use smaller layers'"
  })
  void invalidSizesRejected(int features, int classes, String message) {
    assertThatThrownBy(() -> new SoftmaxRegression(features, classes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
