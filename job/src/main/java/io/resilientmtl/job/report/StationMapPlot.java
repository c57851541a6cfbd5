package io.resilientmtl.job.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG map of measuring stations at (longitude, latitude) in degrees, each normal station filled
 * with a diverging colour for a signed value and Byzantine stations drawn as black crosses. A
 * colour bar on the right maps the colours to values: blue for positive, white for 0, red for
 * negative, symmetric around 0 and saturated at the largest absolute value.
 */
public final class StationMapPlot {

  private static final int CHART_WIDTH = 800;
  private static final int HEIGHT = 700;
  private static final int BAR_WIDTH = 200;
  private static final Color POSITIVE = new Color(0x2166ac);
  private static final Color NEGATIVE = new Color(0xb2182b);

  /**
   * A station on the map.
   *
   * @param id station id
   * @param longitude degrees east
   * @param latitude degrees north
   * @param value the value that sets the colour; ignored for Byzantine stations, NaN draws grey
   * @param byzantine whether to draw the station as a Byzantine cross
   */
  public record Station(
      String id, double longitude, double latitude, double value, boolean byzantine) {}

  private final String title;
  private final String valueLabel;

  /**
   * @param title title above the map
   * @param valueLabel label of the colour bar, with the unit; a line break starts a new line
   */
  public StationMapPlot(String title, String valueLabel) {
    this.title = title;
    this.valueLabel = valueLabel;
  }

  /** Returns the largest absolute finite value of the normal stations, at least 1e-9. */
  static double colourLimit(List<Station> stations) {
    double limit = 1e-9;
    for (Station station : stations) {
      if (!station.byzantine() && Double.isFinite(station.value())) {
        limit = Math.max(limit, Math.abs(station.value()));
      }
    }
    return limit;
  }

  /** Returns the colour of {@code value} on the scale from −limit (red) to +limit (blue). */
  static Color colour(double value, double limit) {
    if (!Double.isFinite(value)) {
      return Color.LIGHT_GRAY;
    }
    double t = Math.max(-1.0, Math.min(1.0, value / limit));
    Color end = t >= 0 ? POSITIVE : NEGATIVE;
    double share = Math.abs(t);
    return new Color(
        (int) Math.round(255 + (end.getRed() - 255) * share),
        (int) Math.round(255 + (end.getGreen() - 255) * share),
        (int) Math.round(255 + (end.getBlue() - 255) * share));
  }

  /** Writes the map with its colour bar as a PNG of 1000 x 700 pixels. */
  public void write(List<Station> stations, Path file) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    double limit = colourLimit(stations);
    XYChart chart =
        new XYChartBuilder()
            .width(CHART_WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("longitude (° east)")
            .yAxisTitle("latitude (° north)")
            .build();
    chart.getStyler().setMarkerSize(14);
    chart.getStyler().setLegendVisible(true);
    boolean byzantineInLegend = false;
    for (Station station : stations) {
      XYSeries series =
          chart.addSeries(
              station.id(), new double[] {station.longitude()}, new double[] {station.latitude()});
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      if (station.byzantine()) {
        series.setMarker(SeriesMarkers.CROSS);
        series.setMarkerColor(Color.BLACK);
        series.setLabel("Byzantine station");
        series.setShowInLegend(!byzantineInLegend);
        byzantineInLegend = true;
      } else {
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(colour(station.value(), limit));
        series.setShowInLegend(false);
      }
    }
    BufferedImage map = BitmapEncoder.getBufferedImage(chart);

    BufferedImage image =
        new BufferedImage(CHART_WIDTH + BAR_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.drawImage(map, 0, 0, null);
    drawColourBar(g, limit);
    g.dispose();

    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", file.toFile());
  }

  /** Draws the vertical colour bar from +limit at the top to −limit at the bottom. */
  private void drawColourBar(Graphics2D g, double limit) {
    int left = CHART_WIDTH + 20;
    int top = 90;
    int barHeight = HEIGHT - 2 * top;
    int barWidth = 24;
    for (int row = 0; row < barHeight; row++) {
      double value = limit * (1.0 - 2.0 * row / (barHeight - 1.0));
      g.setColor(colour(value, limit));
      g.fillRect(left, top + row, barWidth, 1);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(left, top, barWidth, barHeight);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int tick = 0; tick <= 4; tick++) {
      double value = limit * (1.0 - tick / 2.0);
      int y = top + (int) Math.round(tick * barHeight / 4.0);
      g.drawLine(left + barWidth, y, left + barWidth + 5, y);
      g.drawString(String.format(Locale.ROOT, "%+.2f", value), left + barWidth + 8, y + 4);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int y = top - 15 * valueLabel.split("\n").length - 10;
    for (String line : valueLabel.split("\n")) {
      g.drawString(line, left, y);
      y += 15;
    }
  }
}
