package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import io.resilientmtl.job.report.LinePlot;
import io.resilientmtl.learning.combine.CombineInput;
import io.resilientmtl.learning.combine.CombineRule;
import io.resilientmtl.learning.combine.CombineRules;
import io.resilientmtl.learning.combine.NeighbourModel;
import io.resilientmtl.learning.model.LinearRegression;
import io.resilientmtl.learning.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Time of one combine step per agent, the math the learner operator runs per round: the loss-based
 * rule against the number of neighbours, and subset search against F.
 *
 * <p>Measured in process on the combine rules themselves, with a 10-feature linear regression and a
 * batch of 10 samples; each point is the median of repeated timings after a warm-up.
 */
final class TimingExperiment implements Experiment {

  private static final int FEATURES = 10;
  private static final int BATCH = 10;
  private static final int SUBSET_NEIGHBOURS = 12;
  private static final List<Integer> NEIGHBOURS = List.of(2, 4, 8, 16, 32, 64, 128);
  private static final List<Integer> F_VALUES = List.of(0, 1, 2, 3, 4, 5);
  private static final int WARM_UP_CALLS = 3000;
  private static final int REPETITIONS = 301;

  @Override
  public String name() {
    return "timing";
  }

  @Override
  public String claim() {
    return "The loss-based rule's combine time grows linearly with the number of neighbours;"
        + " subset search grows exponentially with F.";
  }

  @Override
  public ExperimentReport run(ExperimentContext context) throws Exception {
    ExperimentReport report = new ExperimentReport(name(), claim());
    report
        .configure("model", "linear regression, " + FEATURES + " features, 1 output")
        .configure("batch", BATCH + " samples per round")
        .configure("subset-search neighbours", SUBSET_NEIGHBOURS)
        .configure("seed", context.seed())
        .configure(
            "timer",
            "System.nanoTime, median of "
                + REPETITIONS
                + " calls after "
                + WARM_UP_CALLS
                + " warm-up calls per point, one thread");
    LinearRegression model = new LinearRegression(FEATURES, 1);
    SplittableRandom random = new SplittableRandom(context.seed());
    List<Sample> batch = batch(random);

    List<Double> neighbourCounts = new ArrayList<>();
    List<Double> lossBasedMicros = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (int n : NEIGHBOURS) {
      double micros =
          medianMicros(CombineRules.create("loss-based", 0.1, 10, 0), model, batch, n, random);
      neighbourCounts.add((double) n);
      lossBasedMicros.add(micros);
      rows.add(List.of("loss-based", "n = " + n, number(micros), number(micros / n)));
    }
    List<Double> fs = new ArrayList<>();
    List<Double> subsetMicros = new ArrayList<>();
    for (int f : F_VALUES) {
      double micros =
          medianMicros(
              CombineRules.create("subset-search", 0.1, 10, f),
              model,
              batch,
              SUBSET_NEIGHBOURS,
              random);
      fs.add((double) f);
      subsetMicros.add(micros);
      rows.add(
          List.of("subset-search", "F = " + f + ", n = " + SUBSET_NEIGHBOURS, number(micros), ""));
    }

    new LinePlot("Loss-based combine time", "in-neighbours", "µs per combine step", false)
        .add("loss-based", neighbourCounts, lossBasedMicros)
        .write(context.output().resolve("loss-based-vs-neighbours.png"));
    new LinePlot("Subset-search combine time", "F", "µs per combine step (log scale)", true)
        .add("subset-search, n = " + SUBSET_NEIGHBOURS, fs, subsetMicros)
        .write(context.output().resolve("subset-search-vs-f.png"));
    writeCsv(context, neighbourCounts, lossBasedMicros, fs, subsetMicros);
    report.file("loss-based-vs-neighbours.png").file("subset-search-vs-f.png").file("timing.csv");
    report.configure(
        "test of the claim",
        "loss-based: time at 128 neighbours at most 8 times the time at 32 (linear: 4 times);"
            + " subset search: time at F = 5 at least 4 times the time at F = 2 (subsets: 12 times)");
    report.section(
        "Combine time",
        ExperimentReport.table(List.of("rule", "case", "µs per step", "µs per neighbour"), rows));

    // Linear: doubling n from 32 to 128 (x4) costs at most about 4x (allow 8x for noise).
    double linearRatio = lossBasedMicros.get(6) / lossBasedMicros.get(4);
    // Exponential in F: C(12,5)/C(12,2) = 12; require at least a 4x growth from F = 2 to 5.
    double subsetRatio = subsetMicros.get(5) / subsetMicros.get(2);
    boolean holds = linearRatio <= 8 && subsetRatio >= 4;
    report.verdict(
        holds,
        String.format(
            "Loss-based: 4 times the neighbours (32 to 128) took %s times as long. Subset search:"
                + " F = 5 took %s times as long as F = 2 (the subset count grows by C(12,5)/C(12,2)"
                + " = 12).",
            number(linearRatio), number(subsetRatio)));
    return report;
  }

  private static void writeCsv(
      ExperimentContext context,
      List<Double> neighbourCounts,
      List<Double> lossBasedMicros,
      List<Double> fs,
      List<Double> subsetMicros)
      throws IOException {
    StringBuilder csv = new StringBuilder("rule,neighbours,f,micros_per_step\n");
    for (int i = 0; i < neighbourCounts.size(); i++) {
      csv.append(
          String.format(
              Locale.ROOT,
              "loss-based,%.0f,,%.3f\n",
              neighbourCounts.get(i),
              lossBasedMicros.get(i)));
    }
    for (int i = 0; i < fs.size(); i++) {
      csv.append(
          String.format(
              "subset-search,%d,%.0f,%.3f\n", SUBSET_NEIGHBOURS, fs.get(i), subsetMicros.get(i)));
    }
    Files.createDirectories(context.output());
    Files.writeString(context.output().resolve("timing.csv"), csv.toString());
  }

  private static List<Sample> batch(SplittableRandom random) {
    List<Sample> batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = random.nextGaussian();
      }
      batch.add(Sample.regression(x, new double[] {random.nextGaussian()}));
    }
    return batch;
  }

  private static double medianMicros(
      CombineRule rule,
      LinearRegression model,
      List<Sample> batch,
      int neighbours,
      SplittableRandom random) {
    int d = model.dimension();
    List<NeighbourModel> models = new ArrayList<>();
    for (int l = 0; l < neighbours; l++) {
      models.add(new NeighbourModel(String.format(Locale.ROOT, "n%03d", l), vector(d, random)));
    }
    CombineInput input =
        new CombineInput("self", vector(d, random), vector(d, random), models, batch, model);
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      rule.combine(input, scores);
    }
    double[] times = new double[REPETITIONS];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      rule.combine(input, scores);
      times[i] = (System.nanoTime() - start) / 1e3;
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }

  private static double[] vector(int d, SplittableRandom random) {
    double[] v = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}
