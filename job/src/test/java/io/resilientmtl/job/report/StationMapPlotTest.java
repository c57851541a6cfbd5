package io.resilientmtl.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationMapPlotTest {

  @TempDir Path dir;

  @Test
  void colourScaleIsDiverging() {
    assertThat(StationMapPlot.colour(0.0, 2.0)).isEqualTo(Color.WHITE);
    assertThat(StationMapPlot.colour(2.0, 2.0)).isEqualTo(new Color(0x2166ac));
    assertThat(StationMapPlot.colour(-2.0, 2.0)).isEqualTo(new Color(0xb2182b));
    // Values beyond the limit saturate.
    assertThat(StationMapPlot.colour(-5.0, 2.0)).isEqualTo(new Color(0xb2182b));
    assertThat(StationMapPlot.colour(Double.NaN, 2.0)).isEqualTo(Color.LIGHT_GRAY);

    Color halfPositive = StationMapPlot.colour(1.0, 2.0);
    assertThat(halfPositive.getBlue()).isGreaterThan(halfPositive.getRed());
    Color halfNegative = StationMapPlot.colour(-1.0, 2.0);
    assertThat(halfNegative.getRed()).isGreaterThan(halfNegative.getBlue());
  }

  @Test
  void colourLimitIgnoresByzantineAndNaN() {
    List<StationMapPlot.Station> stations =
        List.of(
            new StationMapPlot.Station("a", 8.0, 50.0, -1.5, false),
            new StationMapPlot.Station("b", 9.0, 51.0, 0.5, false),
            new StationMapPlot.Station("c", 10.0, 52.0, 7.0, true),
            new StationMapPlot.Station("d", 11.0, 53.0, Double.NaN, false));

    assertThat(StationMapPlot.colourLimit(stations)).isEqualTo(1.5);
  }

  @Test
  void writesMapWithColourBar() throws Exception {
    List<StationMapPlot.Station> stations =
        List.of(
            new StationMapPlot.Station("a", 8.0, 50.0, -1.0, false),
            new StationMapPlot.Station("b", 9.0, 51.0, 1.0, false),
            new StationMapPlot.Station("c", 10.0, 52.0, Double.NaN, true));
    Path file = dir.resolve("map.png");

    new StationMapPlot("test map", "gain (µg/m³)").write(stations, file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(700);
    // Just below its top edge, the colour bar shows the saturated positive colour 0x2166ac.
    Color top = new Color(image.getRGB(832, 92));
    assertThat(top.getRed()).isCloseTo(0x21, within(3));
    assertThat(top.getGreen()).isCloseTo(0x66, within(3));
    assertThat(top.getBlue()).isCloseTo(0xac, within(3));
  }
}
