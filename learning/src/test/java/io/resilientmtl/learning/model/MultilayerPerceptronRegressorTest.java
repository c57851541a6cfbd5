package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.optim.LocalUpdate;
import io.resilientmtl.learning.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultilayerPerceptronRegressorTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void kindAndDimension() {
    MultilayerPerceptronRegressor model = new MultilayerPerceptronRegressor(3, 8, 1);

    assertThat(model.kind()).isEqualTo("mlp-regression/3-8-1");
    // 3·8 + 8 + 8·1 + 1
    assertThat(model.dimension()).isEqualTo(41);
    assertThat(model.features()).isEqualTo(3);
    assertThat(model.outputs()).isEqualTo(1);
    // 2·4 + 4 + 4·3 + 3 + 3·2 + 2
    assertThat(new MultilayerPerceptronRegressor(2, 4, 3, 2).dimension()).isEqualTo(35);
    assertThat(new MultilayerPerceptronRegressor(2, 4, 3, 2).layerSizes())
        .containsExactly(2, 4, 3, 2);
  }

  @Test
  void forwardAndGradientByHand() {
    MultilayerPerceptronRegressor model = new MultilayerPerceptronRegressor(2, 2, 1);
    // W_0 = [[1, 0], [0, −1]], b_0 = [0.5, 0], W_1 = [[2, 3]], b_1 = [−1].
    double[] parameters = {1.0, 0.0, 0.0, -1.0, 0.5, 0.0, 2.0, 3.0, -1.0};
    // x = [2, 1]: z_1 = [2.5, −1], a_1 = [2.5, 0], ŷ = 2·2.5 + 3·0 − 1 = 4.
    double[] prediction = new double[1];
    model.predict(parameters, new double[] {2.0, 1.0}, prediction);
    assertThat(prediction[0]).isCloseTo(4.0, within(TOLERANCE));

    // y = 1: residual 3, loss ½·9 = 4.5.
    List<Sample> batch = List.of(Sample.regression(new double[] {2.0, 1.0}, new double[] {1.0}));
    double[] gradient = new double[model.dimension()];
    double loss = model.lossAndGradient(parameters, batch, gradient);

    assertThat(loss).isCloseTo(4.5, within(TOLERANCE));
    assertThat(model.loss(parameters, batch)).isCloseTo(4.5, within(TOLERANCE));
    // δ_2 = [3]; W_1: δ_2·a_1ᵀ = [7.5, 0], b_1: [3].
    // δ_1 = W_1ᵀ·δ_2 ⊙ ReLU'(z_1) = [6, 9] ⊙ [1, 0] = [6, 0]; W_0: δ_1·xᵀ, b_0: δ_1.
    assertThat(gradient)
        .containsExactly(
            new double[] {12.0, 6.0, 0.0, 0.0, 6.0, 0.0, 7.5, 0.0, 3.0}, within(TOLERANCE));
  }

  @Test
  void lossMatchesLinearRegressionScale() {
    // With one hidden unit that stays active and weights 1, the network is the line w·x + b, so
    // its loss must equal LinearRegression's ½‖y − ŷ‖² on the same data.
    MultilayerPerceptronRegressor network = new MultilayerPerceptronRegressor(1, 1, 1);
    double[] networkParameters = {2.0, 10.0, 1.0, -3.0};
    LinearRegression line = new LinearRegression(1, 1);
    double[] lineParameters = {2.0, 7.0};
    List<Sample> batch =
        List.of(
            Sample.regression(new double[] {0.5}, new double[] {9.0}),
            Sample.regression(new double[] {1.5}, new double[] {8.0}));

    assertThat(network.loss(networkParameters, batch))
        .isCloseTo(line.loss(lineParameters, batch), within(TOLERANCE));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(11);
    MultilayerPerceptronRegressor model = new MultilayerPerceptronRegressor(3, 5, 4, 2);
    for (int trial = 0; trial < 5; trial++) {
      List<Sample> batch = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        batch.add(
            Sample.regression(
                GradientCheck.randomVector(random, 3, 2.0),
                GradientCheck.randomVector(random, 2, 2.0)));
      }
      double[] parameters = GradientCheck.randomVector(random, model.dimension(), 1.0);
      GradientCheck.assertMatchesCentralDifferences(model, parameters, batch, "trial " + trial);
    }
  }

  @Test
  void sgdFitsNonlinearFunction() {
    // y = |x| on [−1, 1] is out of reach of a line (best mean squared error 1/48 ≈ 0.021 on a
    // uniform grid), and two ReLU units represent it exactly.
    List<Sample> batch = new ArrayList<>();
    for (int i = -10; i <= 10; i++) {
      double x = i / 10.0;
      batch.add(Sample.regression(new double[] {x}, new double[] {Math.abs(x)}));
    }
    MultilayerPerceptronRegressor model = new MultilayerPerceptronRegressor(1, 8, 1);
    double[] parameters = ParameterInitializer.normal(1.0, 3).initialize("a", model.dimension());
    parameters = LocalUpdate.adapt(model, new Sgd(0.1), parameters, batch, 2000);

    assertThat(model.loss(parameters, batch)).isLessThan(0.001);
  }

  @Test
  void invalidSizesRejected() {
    assertThatThrownBy(() -> new MultilayerPerceptronRegressor(3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one hidden layer")
        .hasMessageContaining("[3, 1]");
    assertThatThrownBy(() -> new MultilayerPerceptronRegressor(3, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Layer size 1 must be >= 1, got 0");
    assertThatThrownBy(() -> new MultilayerPerceptronRegressor(3, 8, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Layer size 2 must be >= 1, got -2");
    assertThatThrownBy(() -> new MultilayerPerceptronRegressor(100_000, 100_000, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than an int can index");
  }

  @Test
  void wrongShapesRejected() {
    MultilayerPerceptronRegressor model = new MultilayerPerceptronRegressor(2, 3, 1);
    double[] parameters = new double[model.dimension()];

    assertThatThrownBy(() -> model.loss(new double[3], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 13");
    assertThatThrownBy(
            () ->
                model.loss(
                    parameters, List.of(Sample.regression(new double[] {1.0}, new double[] {1.0}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 and 1");
    assertThat(model.validate(Sample.regression(new double[] {1.0, 2.0}, new double[] {1.0})))
        .isNull();
    assertThat(
            model.validate(Sample.regression(new double[] {1.0, Double.NaN}, new double[] {1.0})))
        .contains("feature 1");
  }
}
