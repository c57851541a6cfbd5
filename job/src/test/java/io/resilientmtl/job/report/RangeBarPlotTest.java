package io.resilientmtl.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeBarPlotTest {

  @TempDir Path dir;

  @Test
  void writesPngOfStatedSize() throws Exception {
    Path file = dir.resolve("plots/accuracy.png");
    new RangeBarPlot("Accuracy", "rule", "accuracy", List.of("loss-based", "average"))
        .ranges(
            List.of(new RangeBarPlot.Range(0.7, 0.5, 0.9), new RangeBarPlot.Range(0.1, 0.0, 0.2)))
        .write(file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(600);
  }

  @Test
  void rangeCountMustMatchCategories() {
    RangeBarPlot plot = new RangeBarPlot("Accuracy", "rule", "accuracy", List.of("a", "b"));

    assertThatThrownBy(() -> plot.ranges(List.of(new RangeBarPlot.Range(0.5, 0.4, 0.6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 ranges given, expected one per category (2)");
  }
}
