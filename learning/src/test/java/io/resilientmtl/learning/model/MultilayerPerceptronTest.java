package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.optim.Adam;
import io.resilientmtl.learning.optim.LocalUpdate;
import io.resilientmtl.learning.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultilayerPerceptronTest {

  private static final double TOLERANCE = 1e-12;
  private static final double LN3 = Math.log(3.0);

  /** XOR on the corners of [−1, 1]²: class 1 where the signs differ. No line separates it. */
  private static final List<Sample> XOR =
      List.of(
          Sample.classification(new double[] {-1.0, -1.0}, 0),
          Sample.classification(new double[] {1.0, 1.0}, 0),
          Sample.classification(new double[] {-1.0, 1.0}, 1),
          Sample.classification(new double[] {1.0, -1.0}, 1));

  private static final int XOR_PASSES = 300;

  @Test
  void kindAndDimension() {
    MultilayerPerceptron model = new MultilayerPerceptron(784, 64, 10);

    assertThat(model.kind()).isEqualTo("mlp/784-64-10");
    // 784·64 + 64 + 64·10 + 10
    assertThat(model.dimension()).isEqualTo(50_890);
    assertThat(model.features()).isEqualTo(784);
    assertThat(model.classes()).isEqualTo(10);
    assertThat(model.layerSizes()).containsExactly(784, 64, 10);
    // 3·4 + 4 + 4·5 + 5 + 5·2 + 2
    assertThat(new MultilayerPerceptron(3, 4, 5, 2).dimension()).isEqualTo(53);
    assertThat(new MultilayerPerceptron(3, 4, 5, 2).kind()).isEqualTo("mlp/3-4-5-2");
  }

  @Test
  void layerSizesAreCopied() {
    int[] sizes = {2, 3, 2};
    MultilayerPerceptron model = new MultilayerPerceptron(sizes);

    sizes[1] = 100;
    model.layerSizes()[1] = 100;

    assertThat(model.layerSizes()).containsExactly(2, 3, 2);
    assertThat(model.dimension()).isEqualTo(17);
  }

  @Test
  void lossAndGradientByHand() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 2, 2);
    // W_0 = [[1, 0], [0, −1]], b_0 = 0, W_1 = [[1, 2], [−1, 0]], b_1 = [ln 3 − 2, 2].
    double[] parameters = {1.0, 0.0, 0.0, -1.0, 0.0, 0.0, 1.0, 2.0, -1.0, 0.0, LN3 - 2.0, 2.0};
    // x = [2, 1]: z_1 = [2, −1], a_1 = [2, 0], z_2 = [2 + ln 3 − 2, −2 + 2] = [ln 3, 0],
    // so p = [3/4, 1/4] and the loss for label 1 is ln 4.
    List<Sample> batch = List.of(Sample.classification(new double[] {2.0, 1.0}, 1));
    double[] gradient = new double[12];

    double loss = model.lossAndGradient(parameters, batch, gradient);

    assertThat(loss).isCloseTo(Math.log(4.0), within(TOLERANCE));
    assertThat(model.loss(parameters, batch)).isCloseTo(loss, within(TOLERANCE));
    // δ_2 = [3/4, −3/4]; W_1: δ_2·a_1ᵀ, b_1: δ_2.
    // δ_1 = W_1ᵀ·δ_2 ⊙ ReLU'(z_1) = [0.75 + 0.75, 1.5 + 0] ⊙ [1, 0] = [1.5, 0];
    // W_0: δ_1·xᵀ, b_0: δ_1.
    assertThat(gradient)
        .containsExactly(
            new double[] {3.0, 1.5, 0.0, 0.0, 1.5, 0.0, 1.5, 0.0, -1.5, 0.0, 0.75, -0.75},
            within(TOLERANCE));
    assertThat(model.predict(parameters, new double[] {2.0, 1.0})).isZero();
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(5);
    MultilayerPerceptron model = new MultilayerPerceptron(4, 5, 3, 3);
    for (int trial = 0; trial < 5; trial++) {
      double[] parameters = GradientCheck.randomVector(random, model.dimension(), 1.0);
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        batch.add(
            Sample.classification(GradientCheck.randomVector(random, 4, 2.0), random.nextInt(3)));
      }

      GradientCheck.assertMatchesCentralDifferences(model, parameters, batch, "trial " + trial);
    }
  }

  @Test
  void zeroStartMovesOnlyOutputBiases() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 3, 2);
    List<Sample> batch =
        List.of(
            Sample.classification(new double[] {1.0, 2.0}, 0),
            Sample.classification(new double[] {-1.0, 0.5}, 0));
    double[] gradient = new double[model.dimension()];

    model.lossAndGradient(new double[model.dimension()], batch, gradient);

    // p = [1/2, 1/2] for every sample, so the output bias gradient is [−1/2, 1/2]; the hidden
    // activations are 0, so no weight moves.
    double[] expected = new double[model.dimension()];
    expected[15] = -0.5;
    expected[16] = 0.5;
    assertThat(gradient).containsExactly(expected, within(TOLERANCE));
  }

  @Test
  void normalStartLearnsXor() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 8, 2);
    double[] start = ParameterInitializer.normal(0.5, 1L).initialize("a", model.dimension());

    double[] trained = train(model, start, Adam.withStepSize(0.05));

    assertThat(accuracy(model, trained)).isEqualTo(1.0);
    assertThat(model.loss(trained, XOR)).isLessThan(0.05);
  }

  @Test
  void zeroStartCannotLearnXor() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 8, 2);

    double[] trained = train(model, new double[model.dimension()], Adam.withStepSize(0.05));

    // The classes are balanced, so even the output bias gradient is 0 and nothing moves.
    assertThat(trained).containsOnly(0.0);
    assertThat(accuracy(model, trained)).isEqualTo(0.5);
  }

  @Test
  void softmaxRegressionCannotLearnXor() {
    SoftmaxRegression model = new SoftmaxRegression(2, 2);
    double[] start = ParameterInitializer.normal(0.5, 1L).initialize("a", model.dimension());

    double[] trained = train(model, start, Adam.withStepSize(0.05));

    assertThat(accuracy(model, trained)).isLessThanOrEqualTo(0.75);
  }

  @Test
  void wrongSampleShapeRejectedInLoss() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 3, 2);
    List<Sample> batch = List.of(Sample.classification(new double[3], 1));

    assertThatThrownBy(() -> model.loss(new double[model.dimension()], batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sample has 3 features and label 1, expected 2 features and a label in [0, 2) for"
                + " model mlp/2-3-2; filter samples with Model.validate first");
  }

  @Test
  void wrongParameterLengthRejected() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 3, 2);

    assertThatThrownBy(() -> model.predict(new double[16], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter vector has length 16, expected 17 for model mlp/2-3-2");
  }

  @Test
  void validateNamesProblem() {
    MultilayerPerceptron model = new MultilayerPerceptron(2, 3, 2);

    assertThat(model.validate(Sample.classification(new double[2], 1))).isNull();
    assertThat(model.validate(Sample.classification(new double[2], 2)))
        .isEqualTo("label 2 is out of range, expected a label in [0, 2)");
    assertThat(model.validate(Sample.classification(new double[] {0.0, Double.NaN}, 0)))
        .isEqualTo("feature 1 is NaN, expected a finite value");
  }

  static Stream<Arguments> invalidSizes() {
    return Stream.of(
        Arguments.of(
            new int[] {784, 10},
            "Multilayer perceptron needs the sizes of the input, at least one hidden layer and"
                + " the output, got [784, 10]; pass sizes such as 784, 64, 10"),
        Arguments.of(
            new int[] {},
            "Multilayer perceptron needs the sizes of the input, at least one hidden layer and"
                + " the output, got []; pass sizes such as 784, 64, 10"),
        Arguments.of(new int[] {3, 0, 2}, "Layer size 1 must be >= 1, got 0 in [3, 0, 2]"),
        Arguments.of(new int[] {-3, 4, 2}, "Layer size 0 must be >= 1, got -3 in [-3, 4, 2]"),
        Arguments.of(
            new int[] {3, 4, 1},
            "Number of classes (the last layer size) must be >= 2, got 1; pass the number of"
                + " distinct labels"),
        Arguments.of(
            new int[] {50_000, 50_000, 2},
            "Dense layer of 50000 inputs and 50000 outputs has 2500050000 parameters, more than an"
                + " int can index; use smaller layers"),
        Arguments.of(
            new int[] {40_000, 40_000, 40_000, 2},
            "Multilayer perceptron [40000, 40000, 40000, 2] has 3200080000 parameters, more than"
                + " an int can index; use smaller layers"));
  }

  @ParameterizedTest
  @MethodSource("invalidSizes")
  void invalidSizesRejected(int[] sizes, String message) {
    assertThatThrownBy(() -> new MultilayerPerceptron(sizes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static double[] train(Classifier model, double[] start, Optimizer optimizer) {
    double[] state = new double[optimizer.stateSize(model.dimension())];
    return LocalUpdate.adapt(model, optimizer, start, XOR, XOR_PASSES, 0, state);
  }

  private static double accuracy(Classifier model, double[] parameters) {
    int correct = 0;
    for (Sample sample : XOR) {
      if (model.predict(parameters, sample.features()) == sample.label()) {
        correct++;
      }
    }
    return (double) correct / XOR.size();
  }
}
