package io.resilientmtl.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {

  private static final double TOLERANCE = 1e-12;

  /**
   * 500 rounds where round r has MSD 1 / (r + 1), loss 2 / (r + 1), no absolute error, and a
   * Byzantine weight of 0.5 in rounds 0 to 99 and 0 afterwards.
   */
  private static RuleResult lossBased() {
    List<RoundMetrics> rounds = new ArrayList<>();
    for (int round = 0; round < 500; round++) {
      rounds.add(
          new RoundMetrics(
              round, 1.0 / (round + 1), 2.0 / (round + 1), Double.NaN, round < 100 ? 0.5 : 0.0));
    }
    return new RuleResult("loss-based", rounds);
  }

  /** Three rounds with constant metrics, recorded out of order. */
  private static RuleResult average() {
    return RuleResult.of(
        "average",
        List.of(
            new RoundMetrics(2, 40.0, 20.0, Double.NaN, 0.25),
            new RoundMetrics(0, 50.0, 30.0, Double.NaN, 0.25),
            new RoundMetrics(1, 45.0, 25.0, Double.NaN, 0.25)));
  }

  private static RunResult run(int evaluationStartRound) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("step_size", 0.1);
    config.put("agents", 100);
    return new RunResult(
        "target-localization", 7L, config, evaluationStartRound, List.of(lossBased(), average()));
  }

  @Test
  void summaryHasScenarioSeedAndConfig() {
    JsonNode json = new SummaryWriter().toJson(run(0));

    assertThat(json.get("scenario").asText()).isEqualTo("target-localization");
    assertThat(json.get("seed").asLong()).isEqualTo(7L);
    assertThat(json.get("config").get("step_size").asDouble()).isEqualTo(0.1);
    assertThat(json.get("config").get("agents").asInt()).isEqualTo(100);
    assertThat(json.get("evaluation_start_round").asInt()).isZero();
    assertThat(json.get("rules").fieldNames())
        .toIterable()
        .containsExactly("loss-based", "average");
  }

  @Test
  void summaryHasFinalValuesAndMeans() {
    JsonNode rule = new SummaryWriter().toJson(run(0)).get("rules").get("loss-based");

    assertThat(rule.get("rounds").asInt()).isEqualTo(500);
    assertThat(rule.get("final_msd").asDouble()).isCloseTo(1.0 / 500, within(TOLERANCE));
    assertThat(rule.get("final_loss").asDouble()).isCloseTo(2.0 / 500, within(TOLERANCE));
    assertThat(rule.get("final_abs_error").isNull()).isTrue();
    assertThat(rule.get("final_byzantine_weight").asDouble()).isZero();
    // 100 rounds of 0.5 out of 500
    assertThat(rule.get("byzantine_weight").asDouble()).isCloseTo(0.1, within(TOLERANCE));
  }

  @Test
  void checkpointsCountCompletedRounds() {
    JsonNode rule = new SummaryWriter().toJson(run(0)).get("rules").get("loss-based");

    JsonNode msd = rule.get("msd_by_round");
    assertThat(msd.fieldNames()).toIterable().containsExactly("50", "100", "200", "500");
    // After 50 rounds means round index 49, whose MSD is 1 / 50.
    assertThat(msd.get("50").asDouble()).isCloseTo(0.02, within(TOLERANCE));
    assertThat(msd.get("500").asDouble()).isCloseTo(0.002, within(TOLERANCE));
    assertThat(rule.get("loss_by_round").get("100").asDouble()).isCloseTo(0.02, within(TOLERANCE));
    assertThat(rule.get("byzantine_weight_by_round").get("100").asDouble()).isEqualTo(0.5);
    assertThat(rule.get("byzantine_weight_by_round").get("200").asDouble()).isZero();
    assertThat(rule.get("abs_error_by_round").get("50").isNull()).isTrue();
  }

  @Test
  void shortRunReportsOnlyItsLastRound() {
    JsonNode rule = new SummaryWriter().toJson(run(0)).get("rules").get("average");

    assertThat(rule.get("msd_by_round").fieldNames()).toIterable().containsExactly("3");
    assertThat(rule.get("msd_by_round").get("3").asDouble()).isEqualTo(40.0);
    assertThat(rule.get("final_msd").asDouble()).isEqualTo(40.0);
  }

  @Test
  void evaluationAveragesFromStartRound() {
    JsonNode rule = new SummaryWriter().toJson(run(1)).get("rules").get("average");

    // Rounds 1 and 2: MSD (45 + 40) / 2, loss (25 + 20) / 2.
    assertThat(rule.get("evaluation").get("msd").asDouble()).isCloseTo(42.5, within(TOLERANCE));
    assertThat(rule.get("evaluation").get("loss").asDouble()).isCloseTo(22.5, within(TOLERANCE));
    assertThat(rule.get("evaluation").get("abs_error").isNull()).isTrue();
  }

  @Test
  void writesSummaryCsvAndPlot(@TempDir Path directory) throws IOException {
    Path out = directory.resolve("results").resolve("demo");

    List<Path> written = new SummaryWriter(List.of(50, 100), 640, 400).write(run(0), out);

    assertThat(written)
        .containsExactly(
            out.resolve("summary.json"),
            out.resolve("loss-based.csv"),
            out.resolve("average.csv"),
            out.resolve("msd.png"));
    JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(json.get("rules").get("loss-based").get("msd_by_round").fieldNames())
        .toIterable()
        .containsExactly("50", "100", "500");
  }

  @Test
  void csvHasOneRowPerRound(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("average.csv");

    new SummaryWriter().writeCsv(average(), file);

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "round,msd,mean_loss,mean_abs_error,byzantine_weight",
            "0,50.0,30.0,,0.25",
            "1,45.0,25.0,,0.25",
            "2,40.0,20.0,,0.25");
  }

  @Test
  void plotIsPngOfRequestedSize(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("msd.png");

    new MetricPlot(640, 400).write(run(0), Metric.MSD, file);

    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(400);
  }

  @Test
  void plotFallsBackToAbsoluteError(@TempDir Path directory) throws IOException {
    RuleResult withoutMsd =
        new RuleResult(
            "no-cooperation",
            List.of(
                new RoundMetrics(0, Double.NaN, 0.5, 0.8, 0.0),
                new RoundMetrics(1, Double.NaN, 0.4, 0.7, 0.0)));
    RunResult result = new RunResult("airbase-pm10", 1L, Map.of(), 0, List.of(withoutMsd));

    List<Path> written = new SummaryWriter().write(result, directory);

    assertThat(SummaryWriter.plotMetric(result)).contains(Metric.MEAN_ABS_ERROR);
    assertThat(written).contains(directory.resolve("mean_abs_error.png"));
    assertThat(directory.resolve("msd.png")).doesNotExist();
  }

  @Test
  void plotWithoutPositiveValuesRejected(@TempDir Path directory) {
    RuleResult zeros = new RuleResult("average", List.of(new RoundMetrics(0, 0.0, 0.0, 0.0, 0.0)));
    RunResult result = new RunResult("test", 1L, Map.of(), 0, List.of(zeros));

    assertThatThrownBy(
            () -> new MetricPlot(100, 100).write(result, Metric.MSD, directory.resolve("x.png")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No rule of test has a positive finite msd to plot on a logarithmic axis");
  }

  @Test
  void duplicateRoundRejected() {
    List<RoundMetrics> rounds =
        List.of(new RoundMetrics(3, 1, 1, 1, 0), new RoundMetrics(3, 2, 2, 2, 0));

    assertThatThrownBy(() -> RuleResult.of("average", rounds))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Rule average has two entries for round 3");
  }

  @Test
  void ruleNameUnfitForFileRejected() {
    assertThatThrownBy(() -> new RuleResult("../evil", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Rule name must contain only letters, digits, '.', '_' and '-', got '../evil'");
  }

  @Test
  void duplicateRuleRejected() {
    assertThatThrownBy(() -> new RunResult("test", 1L, Map.of(), 0, List.of(average(), average())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Rule average appears twice");
  }
}
