package io.resilientmtl.job.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A PNG line plot of named series over a numeric x axis, for experiment sweeps (final MSD against
 * the number of attackers, time against the neighbour count). Non-positive values are left out on a
 * logarithmic axis.
 */
public final class LinePlot {

  /**
   * Series colours, one hue each, so that neighbouring entries such as yellow and orange in the
   * default theme do not look alike.
   */
  private static final Color[] SERIES_COLORS = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final Map<String, double[][]> series = new LinkedHashMap<>();

  public LinePlot(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  /** Adds a series of points (x[i], y[i]). */
  public LinePlot add(String name, List<Double> x, List<Double> y) {
    double[][] points = new double[2][];
    points[0] = x.stream().mapToDouble(Double::doubleValue).toArray();
    points[1] = y.stream().mapToDouble(Double::doubleValue).toArray();
    series.put(name, points);
    return this;
  }

  /** Writes the plot as a PNG of 900 x 600 pixels. */
  public void write(Path file) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setSeriesColors(SERIES_COLORS);
    chart.getStyler().setYAxisLogarithmic(logY);
    // Label the ticks between powers of ten too: errors often span less than one decade.
    chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
    series.forEach(
        (name, points) -> {
          double[] x = points[0];
          double[] y = points[1];
          int kept = 0;
          for (double value : y) {
            kept += usable(value) ? 1 : 0;
          }
          double[] keptX = new double[kept];
          double[] keptY = new double[kept];
          int j = 0;
          for (int i = 0; i < y.length; i++) {
            if (usable(y[i])) {
              keptX[j] = x[i];
              keptY[j] = y[i];
              j++;
            }
          }
          if (kept > 0) {
            chart.addSeries(name, keptX, keptY);
          }
        });
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
  }

  private boolean usable(double value) {
    return Double.isFinite(value) && (!logY || value > 0);
  }
}
