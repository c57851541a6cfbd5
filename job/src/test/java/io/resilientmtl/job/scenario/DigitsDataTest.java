package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.resilientmtl.learning.model.Sample;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The bundled digit files load with the counts their README states. */
class DigitsDataTest {

  @Test
  void mnistHasTenThousandSortedImages() throws IOException {
    LabeledImages mnist =
        IdxReader.readResources(
            DigitsScenario.MNIST_IMAGES_RESOURCE, DigitsScenario.MNIST_LABELS_RESOURCE);

    assertThat(mnist.size()).isEqualTo(10_000);
    assertThat(mnist.height()).isEqualTo(28);
    assertThat(mnist.width()).isEqualTo(28);
    assertThat(mnist.classCounts(10))
        .containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
    // Sorted by class: the 1s start at index 1001 and the 9s at 9022.
    assertThat(mnist.samples().get(1000).label()).isZero();
    assertThat(mnist.samples().get(1001).label()).isEqualTo(1);
    assertThat(mnist.samples().get(9021).label()).isEqualTo(8);
    assertThat(mnist.samples().get(9022).label()).isEqualTo(9);
    double max = 0;
    for (Sample sample : mnist.samples()) {
      for (double pixel : sample.features()) {
        assertThat(pixel).isBetween(0.0, 1.0);
        max = Math.max(max, pixel);
      }
    }
    assertThat(max).isEqualTo(1.0);
  }

  @Test
  void sklearnHas1797Images() throws IOException {
    LabeledImages digits = SklearnDigitsReader.readResource(DigitsScenario.SKLEARN_RESOURCE);

    assertThat(digits.size()).isEqualTo(1797);
    assertThat(digits.height()).isEqualTo(8);
    assertThat(digits.width()).isEqualTo(8);
    assertThat(digits.classCounts(10))
        .containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    // First data line: 0,0,5,13,9,1,0,0,... with label 0.
    assertThat(digits.samples().get(0).label()).isZero();
    assertThat(digits.samples().get(0).features()[2]).isEqualTo(5 / 16.0);
    assertThat(digits.samples().get(0).features()[3]).isEqualTo(13 / 16.0);
  }
}
