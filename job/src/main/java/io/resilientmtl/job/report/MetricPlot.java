package io.resilientmtl.job.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line plot of one metric over rounds, one line per combine rule, with a logarithmic y axis.
 *
 * <p>Drawing runs headless: if the system property {@code java.awt.headless} is unset, {@link
 * #write} sets it to {@code true} before AWT loads, so no display is needed.
 */
public final class MetricPlot {

  private final int width;
  private final int height;

  /** Creates a plot writer for images of {@code width} × {@code height} pixels. */
  public MetricPlot(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "Plot size must be positive, got " + width + " x " + height);
    }
    this.width = width;
    this.height = height;
  }

  /**
   * Returns whether {@code metric} has at least one finite positive value in some rule, so that a
   * logarithmic plot of it shows something.
   */
  public static boolean hasPlottableValues(RunResult result, Metric metric) {
    for (RuleResult rule : result.rules()) {
      for (RoundMetrics round : rule.rounds()) {
        if (isPlottable(round.get(metric))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Writes the plot of {@code metric} to {@code file} as PNG. A logarithmic axis cannot show zero,
   * negative or non-finite values, so those points are left out, and a rule without any other value
   * gets no line.
   *
   * @throws IllegalArgumentException if no rule has a plottable value of {@code metric}
   */
  public void write(RunResult result, Metric metric, Path file) throws IOException {
    if (!hasPlottableValues(result, metric)) {
      throw new IllegalArgumentException(
          "No rule of "
              + result.scenario()
              + " has a positive finite "
              + metric.column()
              + " to plot on a logarithmic axis");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }

    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(result.scenario() + ": " + metric.label())
            .xAxisTitle("round")
            .yAxisTitle(metric.label())
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    // Round numbers grow to four digits, so leave room between the x-axis labels.
    chart.getStyler().setXAxisTickMarkSpacingHint(90);

    for (RuleResult rule : result.rules()) {
      List<Double> rounds = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (RoundMetrics round : rule.rounds()) {
        double value = round.get(metric);
        if (isPlottable(value)) {
          rounds.add((double) round.round());
          values.add(value);
        }
      }
      if (!values.isEmpty()) {
        chart.addSeries(rule.rule(), rounds, values).setMarker(SeriesMarkers.NONE);
      }
    }

    Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
  }

  private static boolean isPlottable(double value) {
    return value > 0 && Double.isFinite(value);
  }
}
