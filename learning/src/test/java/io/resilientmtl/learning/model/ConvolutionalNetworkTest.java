package io.resilientmtl.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvolutionalNetworkTest {

  private static final double TOLERANCE = 1e-12;
  private static final double LN3 = Math.log(3.0);

  @Test
  void kindAndDimension() {
    ConvolutionalNetwork model = new ConvolutionalNetwork(28, 28, 4, 10);

    assertThat(model.kind()).isEqualTo("cnn/28x28-3x3x4-10");
    // Kernels 4·9 + 4, pooled features 4·13·13 = 676, dense 10·676 + 10.
    assertThat(model.dimension()).isEqualTo(40 + 6770);
    assertThat(model.height()).isEqualTo(28);
    assertThat(model.width()).isEqualTo(28);
    assertThat(model.channels()).isEqualTo(4);
    assertThat(model.classes()).isEqualTo(10);
    // 5 x 6 image: 3 x 4 convolution, 1 x 2 pooled per channel, and the odd row is unused.
    assertThat(new ConvolutionalNetwork(5, 6, 2, 3).dimension()).isEqualTo(18 + 2 + 3 * 4 + 3);
  }

  /** Returns the 4 x 4 image with pixel (r, q) = 4r + q. */
  private static double[] rampImage() {
    double[] image = new double[16];
    for (int p = 0; p < 16; p++) {
      image[p] = p;
    }
    return image;
  }

  @Test
  void lossAndGradientByHand() {
    ConvolutionalNetwork model = new ConvolutionalNetwork(4, 4, 1, 2);
    // The kernel picks the centre pixel, and β = −9, so z = [5, 6, 9, 10] − 9 = [−4, −3, 0, 1].
    // The one pooling window takes 1 from position 3, so p = [1]. W = [ln 3, 0] and b = 0 give
    // scores [ln 3, 0] and probabilities [3/4, 1/4].
    double[] parameters = new double[model.dimension()];
    parameters[4] = 1.0;
    parameters[9] = -9.0;
    parameters[10] = LN3;
    List<Sample> batch = List.of(Sample.classification(rampImage(), 1));
    double[] gradient = new double[model.dimension()];

    double loss = model.lossAndGradient(parameters, batch, gradient);

    assertThat(model.dimension()).isEqualTo(14);
    assertThat(loss).isCloseTo(Math.log(4.0), within(TOLERANCE));
    assertThat(model.loss(parameters, batch)).isCloseTo(loss, within(TOLERANCE));
    // δ = [3/4, −3/4], so W and b get δ·1. The pooled feature gets Wᵀ·δ = 0.75·ln 3, which
    // flows to z at position 3, whose patch is the 3 x 3 block starting at pixel (1, 1).
    double g = 0.75 * LN3;
    assertThat(gradient)
        .containsExactly(
            new double[] {
              5 * g, 6 * g, 7 * g, 9 * g, 10 * g, 11 * g, 13 * g, 14 * g, 15 * g, g, 0.75, -0.75,
              0.75, -0.75
            },
            within(TOLERANCE));
    assertThat(model.predict(parameters, rampImage())).isZero();
  }

  @Test
  void negativePoolingWindowPassesNoGradient() {
    ConvolutionalNetwork model = new ConvolutionalNetwork(4, 4, 1, 2);
    // β = −20 makes every z negative, so the ReLU outputs 0 and only the dense biases move.
    double[] parameters = new double[model.dimension()];
    parameters[4] = 1.0;
    parameters[9] = -20.0;
    parameters[10] = 1.0;
    double[] gradient = new double[model.dimension()];

    model.lossAndGradient(parameters, List.of(Sample.classification(rampImage(), 0)), gradient);

    double[] expected = new double[14];
    expected[12] = -0.5;
    expected[13] = 0.5;
    assertThat(gradient).containsExactly(expected, within(TOLERANCE));
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(3);
    ConvolutionalNetwork model = new ConvolutionalNetwork(7, 6, 3, 3);
    for (int trial = 0; trial < 4; trial++) {
      double[] parameters = GradientCheck.randomVector(random, model.dimension(), 1.0);
      List<Sample> batch = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        batch.add(
            Sample.classification(GradientCheck.randomVector(random, 42, 1.0), random.nextInt(3)));
      }

      GradientCheck.assertMatchesCentralDifferences(model, parameters, batch, "trial " + trial);
    }
  }

  @Test
  void wrongImageSizeRejected() {
    ConvolutionalNetwork model = new ConvolutionalNetwork(4, 4, 1, 2);
    List<Sample> batch = List.of(Sample.classification(new double[15], 0));

    assertThatThrownBy(() -> model.loss(new double[14], batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sample has 15 features and label 0, expected 16 features and a label in [0, 2) for"
                + " model cnn/4x4-3x3x1-2; filter samples with Model.validate first");
    assertThat(model.validate(batch.get(0))).isEqualTo("features have length 15, expected 16");
  }

  @ParameterizedTest
  @CsvSource({
    "3, 28, 4, 10, 'Image must be at least 4 x 4 for a 3 x 3 convolution and 2 x 2 pooling, got"
        + " 3 x 28'",
    "28, 0, 4, 10, 'Image must be at least 4 x 4 for a 3 x 3 convolution and 2 x 2 pooling, got"
        + " 28 x 0'",
    "28, 28, 0, 10, 'Number of convolution channels must be >= 1, got 0; use a value such as 4'",
    "28, 28, 4, 1, 'Number of classes must be >= 2, got 1; pass the number of distinct labels'",
    "4000, 4000, 1000, 10, 'Convolutional network for 4000 x 4000 images with 1000 channels has"
        + " 39960020010 parameters and 15984004000 convolution outputs per image, more than an int"
        + " can index; use smaller images or fewer channels'",
    "50000, 50000, 2, 2, 'Convolutional network for 50000 x 50000 images with 2 channels has"
        + " 2499800026 parameters and 4999600008 convolution outputs per image, more than an int"
        + " can index; use smaller images or fewer channels'"
  })
  void invalidSizesRejected(int height, int width, int channels, int classes, String message) {
    assertThatThrownBy(() -> new ConvolutionalNetwork(height, width, channels, classes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
