package io.resilientmtl.job.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG bar plot of a mean per category (such as a combine rule), with the minimum and maximum
 * drawn as black markers over each bar. It shows a spread over agents that a mean alone hides.
 */
public final class RangeBarPlot {

  /** The mean, minimum and maximum of one condition in one category. */
  public record Range(double mean, double min, double max) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final List<Range> ranges = new ArrayList<>();

  /**
   * @param categories the x-axis categories, in order
   */
  public RangeBarPlot(String title, String xLabel, String yLabel, List<String> categories) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
  }

  /**
   * Sets one range per category, in category order.
   *
   * @throws IllegalArgumentException if the number of ranges differs from the number of categories
   */
  public RangeBarPlot ranges(List<Range> values) {
    if (values.size() != categories.size()) {
      throw new IllegalArgumentException(
          values.size() + " ranges given, expected one per category (" + categories.size() + ")");
    }
    ranges.clear();
    ranges.addAll(values);
    return this;
  }

  /** Writes the plot as a PNG of 1000 x 600 pixels. */
  public void write(Path file) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(600)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setOverlapped(true);
    List<Double> means = new ArrayList<>();
    List<Double> mins = new ArrayList<>();
    List<Double> maxes = new ArrayList<>();
    for (Range range : ranges) {
      means.add(range.mean());
      mins.add(range.min());
      maxes.add(range.max());
    }
    CategorySeries mean = chart.addSeries("mean", categories, means);
    mean.setFillColor(new Color(0x4e79a7));
    addMarkers(chart, "min", mins, SeriesMarkers.TRIANGLE_DOWN);
    addMarkers(chart, "max", maxes, SeriesMarkers.TRIANGLE_UP);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
  }

  private void addMarkers(CategoryChart chart, String name, List<Double> values, Marker marker) {
    CategorySeries series = chart.addSeries(name, categories, values);
    series.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
    series.setMarker(marker);
    series.setMarkerColor(Color.BLACK);
  }
}
