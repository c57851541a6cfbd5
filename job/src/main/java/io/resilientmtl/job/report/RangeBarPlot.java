package io.resilientmtl.job.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG bar plot of a mean per category (such as a combine rule) for a few conditions side by side,
 * with the minimum and maximum of each condition drawn as markers over its bar. It shows a spread
 * over agents that a mean alone hides.
 */
public final class RangeBarPlot {

  /** The mean, minimum and maximum of one condition in one category. */
  public record Range(double mean, double min, double max) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final Map<String, List<Range>> conditions = new LinkedHashMap<>();

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
   * Adds a condition with one range per category, in category order.
   *
   * @throws IllegalArgumentException if the number of ranges differs from the number of categories
   */
  public RangeBarPlot add(String condition, List<Range> ranges) {
    if (ranges.size() != categories.size()) {
      throw new IllegalArgumentException(
          "Condition "
              + condition
              + " has "
              + ranges.size()
              + " ranges, expected one per category ("
              + categories.size()
              + ")");
    }
    conditions.put(condition, List.copyOf(ranges));
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
    for (Map.Entry<String, List<Range>> entry : conditions.entrySet()) {
      List<Double> means = new ArrayList<>();
      List<Double> mins = new ArrayList<>();
      List<Double> maxes = new ArrayList<>();
      for (Range range : entry.getValue()) {
        means.add(range.mean());
        mins.add(range.min());
        maxes.add(range.max());
      }
      chart.addSeries(entry.getKey() + ", mean", categories, means);
      CategorySeries min = chart.addSeries(entry.getKey() + ", min", categories, mins);
      min.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
      min.setMarker(SeriesMarkers.TRIANGLE_DOWN);
      CategorySeries max = chart.addSeries(entry.getKey() + ", max", categories, maxes);
      max.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
      max.setMarker(SeriesMarkers.TRIANGLE_UP);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
  }
}
