package io.resilientmtl.job.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes the results of a run into one directory, conventionally {@code results/<run name>/}:
 *
 * <ul>
 *   <li>{@value #SUMMARY_FILE}: scenario, seed, config, and per rule the final values, the means
 *       over the evaluation period and the values at checkpoint rounds;
 *   <li>{@code <rule>.csv}: one row per recorded round with the columns {@value #CSV_HEADER};
 *   <li>{@code <metric>.png}: a line plot per rule with a logarithmic y axis, of the MSD when the
 *       run measured it, else of the mean absolute error, else of the mean loss.
 * </ul>
 *
 * <p>Round numbers: CSV rows carry the 0-based round index. Checkpoint keys in the JSON count
 * completed rounds, so {@code "msd_by_round": {"500": ...}} is the MSD after 500 rounds, which is
 * round index 499. Values that were not measured are empty CSV fields and JSON nulls.
 */
public final class SummaryWriter {

  /** Name of the JSON summary file. */
  public static final String SUMMARY_FILE = "summary.json";

  /** Header line of the per-rule CSV files. */
  public static final String CSV_HEADER = "round,msd,mean_loss,mean_abs_error,byzantine_weight";

  /** Completed-round counts reported by default, besides the last round. */
  public static final List<Integer> DEFAULT_CHECKPOINTS = List.of(50, 100, 200, 500);

  private final List<Integer> checkpoints;
  private final MetricPlot plot;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Creates a writer with {@link #DEFAULT_CHECKPOINTS} and 800 × 500 pixel plots. */
  public SummaryWriter() {
    this(DEFAULT_CHECKPOINTS, 800, 500);
  }

  /**
   * Creates a writer.
   *
   * @param checkpoints completed-round counts to report in the {@code *_by_round} maps, each >= 1;
   *     counts beyond the last recorded round are left out
   * @param plotWidth plot width in pixels
   * @param plotHeight plot height in pixels
   */
  public SummaryWriter(List<Integer> checkpoints, int plotWidth, int plotHeight) {
    for (int checkpoint : checkpoints) {
      if (checkpoint < 1) {
        throw new IllegalArgumentException("Checkpoints count rounds from 1, got " + checkpoint);
      }
    }
    this.checkpoints = List.copyOf(new TreeSet<>(checkpoints));
    this.plot = new MetricPlot(plotWidth, plotHeight);
  }

  /**
   * Writes the summary, one CSV per rule and the plot into {@code directory}, creating it if
   * needed, and replacing files of the same names.
   *
   * @return the files written
   */
  public List<Path> write(RunResult result, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();

    Path summary = directory.resolve(SUMMARY_FILE);
    writeSummary(result, summary);
    written.add(summary);

    for (RuleResult rule : result.rules()) {
      Path csv = directory.resolve(rule.rule() + ".csv");
      writeCsv(rule, csv);
      written.add(csv);
    }

    Optional<Metric> plotted = plotMetric(result);
    if (plotted.isPresent()) {
      Path png = directory.resolve(plotted.get().column() + ".png");
      plot.write(result, plotted.get(), png);
      written.add(png);
    }
    return written;
  }

  /** Returns the metric {@link #write} plots: MSD, else mean absolute error, else mean loss. */
  public static Optional<Metric> plotMetric(RunResult result) {
    for (Metric metric : List.of(Metric.MSD, Metric.MEAN_ABS_ERROR, Metric.MEAN_LOSS)) {
      if (MetricPlot.hasPlottableValues(result, metric)) {
        return Optional.of(metric);
      }
    }
    return Optional.empty();
  }

  /** Writes the JSON summary to {@code file}. */
  public void writeSummary(RunResult result, Path file) throws IOException {
    mapper.writeValue(file.toFile(), toJson(result));
  }

  /** Returns the JSON summary as a tree. */
  public JsonNode toJson(RunResult result) {
    ObjectNode root = mapper.createObjectNode();
    root.put("scenario", result.scenario());
    root.put("seed", result.seed());
    root.set("config", mapper.valueToTree(result.config()));
    root.put("evaluation_start_round", result.evaluationStartRound());

    ObjectNode rules = root.putObject("rules");
    for (RuleResult rule : result.rules()) {
      rules.set(rule.rule(), ruleJson(rule, result.evaluationStartRound()));
    }
    return root;
  }

  private ObjectNode ruleJson(RuleResult rule, int evaluationStartRound) {
    ObjectNode node = mapper.createObjectNode();
    node.put("rounds", rule.rounds().size());

    Optional<RoundMetrics> last = rule.last();
    for (Metric metric : Metric.values()) {
      putNumber(node, "final_" + metric.key(), last.map(m -> m.get(metric)).orElse(Double.NaN));
    }
    putNumber(node, "byzantine_weight", rule.mean(Metric.BYZANTINE_WEIGHT, 0));

    ObjectNode evaluation = node.putObject("evaluation");
    for (Metric metric : Metric.values()) {
      putNumber(evaluation, metric.key(), rule.mean(metric, evaluationStartRound));
    }

    List<Integer> counts = checkpointCounts(rule);
    for (Metric metric : Metric.values()) {
      ObjectNode byRound = node.putObject(metric.key() + "_by_round");
      for (int count : counts) {
        Optional<RoundMetrics> metrics = rule.round(count - 1);
        if (metrics.isPresent()) {
          putNumber(byRound, Integer.toString(count), metrics.get().get(metric));
        }
      }
    }
    return node;
  }

  /** Returns the checkpoints within the recorded rounds, plus the count of the last round. */
  private List<Integer> checkpointCounts(RuleResult rule) {
    TreeSet<Integer> counts = new TreeSet<>();
    Optional<RoundMetrics> last = rule.last();
    if (last.isEmpty()) {
      return List.of();
    }
    int lastCount = last.get().round() + 1;
    for (int checkpoint : checkpoints) {
      if (checkpoint <= lastCount) {
        counts.add(checkpoint);
      }
    }
    counts.add(lastCount);
    return List.copyOf(counts);
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  /** Writes one rule's per-round metrics to {@code file} as CSV. */
  public void writeCsv(RuleResult rule, Path file) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(CSV_HEADER);
      writer.write('\n');
      for (RoundMetrics round : rule.rounds()) {
        writer.write(Integer.toString(round.round()));
        for (Metric metric : Metric.values()) {
          writer.write(',');
          writer.write(formatCsv(round.get(metric)));
        }
        writer.write('\n');
      }
    }
  }

  private static String formatCsv(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "";
  }
}
