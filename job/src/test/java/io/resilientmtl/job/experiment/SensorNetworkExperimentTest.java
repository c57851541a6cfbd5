package io.resilientmtl.job.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.demo.LocalFlinkCluster;
import io.resilientmtl.job.scenario.AirbaseData;
import io.resilientmtl.job.scenario.AirbaseScenario;
import io.resilientmtl.job.scenario.StationSeries;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor-network experiment reduced to 8 AirBase stations, 2 of them Byzantine with the box
 * attack, 45 days and the linear model, through the streaming job on an embedded broker and a Flink
 * MiniCluster.
 */
class SensorNetworkExperimentTest {

  private static final int DAYS = 45;
  private static final int BURN_IN = 10;

  private static EmbeddedKafkaBroker broker;
  private static LocalFlinkCluster cluster;

  @TempDir static Path output;

  @BeforeAll
  static void startBrokerAndCluster() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    cluster = LocalFlinkCluster.start(2);
  }

  @AfterAll
  static void stopBrokerAndCluster() throws Exception {
    cluster.close();
    broker.close();
  }

  private static SensorNetworkExperiment.Plan reducedPlan() throws Exception {
    List<StationSeries> stations =
        AirbaseScenario.selectStations(
                AirbaseData.readBundled(),
                LocalDate.of(2002, 1, 1),
                LocalDate.of(2004, 12, 31),
                0.35)
            .subList(0, 8);
    AirbaseScenario.Config config =
        new AirbaseScenario.Config(2002, 2004, 0.35, 3, 3, 2, 1L, 50.0, 20.0);
    return new SensorNetworkExperiment.Plan(
        stations,
        config,
        DAYS,
        BURN_IN,
        List.of(SensorNetworkExperiment.LINEAR),
        List.of("box-fresh"),
        List.of("loss-based", "average"),
        List.of(),
        "box-fresh");
  }

  @Test
  void reducedRunWritesReportAndFiles() throws Exception {
    ExperimentContext context =
        new ExperimentContext(broker.bootstrapServers(), cluster, output, 2, 1L);

    ExperimentReport report = new SensorNetworkExperiment(reducedPlan()).run(context);
    report.write(output);

    JsonNode summary =
        new ObjectMapper().readTree(output.resolve(SensorNetworkOutput.SUMMARY_JSON).toFile());
    JsonNode linear = summary.get("models").get(SensorNetworkExperiment.LINEAR);
    // 6 stations are normal under attack; a station without samples after the warm-up has no
    // error and is left out of the comparison.
    List<String> compared = new ArrayList<>();
    summary.get("compared_station_ids").forEach(id -> compared.add(id.asText()));
    assertThat(compared).hasSize(summary.get("compared_stations").asInt());
    assertThat(compared.size()).isBetween(4, 6);

    for (String condition : List.of("no-attack", "box-fresh")) {
      for (String rule : List.of("loss-based", "average")) {
        JsonNode byStation = linear.get(condition).get(rule).get("mae_by_station");
        for (String station : compared) {
          assertThat(byStation.get(station).asDouble())
              .as("%s %s error of %s", condition, rule, station)
              .isFinite()
              .isPositive();
        }
      }
    }
    assertThat(linear.get("no-attack").get("no-cooperation").get("mean_mae").asDouble())
        .isBetween(1.0, 100.0);

    // Under the box attack, averaging takes in models from [−20, 20)^4 and its error explodes,
    // while the loss-based rule drops the attackers.
    double lossBased = linear.get("box-fresh").get("loss-based").get("mean_mae").asDouble();
    double average = linear.get("box-fresh").get("average").get("mean_mae").asDouble();
    assertThat(lossBased).isLessThan(average / 2);
    double lossBasedClean = linear.get("no-attack").get("loss-based").get("mean_mae").asDouble();
    assertThat(lossBased).isLessThan(lossBasedClean * 1.5);

    String markdown = Files.readString(output.resolve("report.md"));
    assertThat(markdown).containsPattern("(?m)^Claim holds: (yes|no)$");
    assertThat(markdown).contains("| loss-based better |");
    assertThat(Files.readAllLines(output.resolve(SensorNetworkOutput.STATION_CSV)))
        .as("header, 3 runs of 8 stations without attack, 2 runs of 6 normal ones under attack")
        .hasSize(1 + 3 * 8 + 2 * 6);

    BufferedImage map = ImageIO.read(output.resolve("map-linear-regression.png").toFile());
    assertThat(map.getWidth()).isEqualTo(1000);
    assertThat(map.getHeight()).isEqualTo(700);
    assertThat(output.resolve("mae-by-week-linear-regression-box-fresh.png")).isNotEmptyFile();
    assertThat(output.resolve("mae-by-week-linear-regression-no-attack.png")).isNotEmptyFile();
  }
}
