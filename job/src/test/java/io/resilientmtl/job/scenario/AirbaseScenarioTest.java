package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.learning.model.Sample;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AirbaseScenarioTest {

  private static final double TOLERANCE = 1e-12;
  private static final LocalDate S1_GAP = LocalDate.of(2004, 3, 10);

  /**
   * Five stations on the parallel 50° N at longitudes 10.0, 10.1, 10.3, 10.7 and 11.0, with a value
   * every day from 2002-12-01 to 2004-12-31, except that S1 misses {@link #S1_GAP}. Station SX
   * observes only January 2003, so it misses more than 35 % of 2003–2004. The value of station
   * number n on a day is 10·n + the day of the month, so every sample can be computed by hand.
   */
  private static final List<StationSeries> STATIONS =
      List.of(
          station("S3", 3, 10.3),
          station("S1", 1, 10.0),
          station("SX", 6, 10.05),
          station("S5", 5, 11.0),
          station("S2", 2, 10.1),
          station("S4", 4, 10.7));

  /** Replays 2003–2004 with L = 3, k = 2 and scale 10. */
  private static AirbaseScenario.Config config(int byzantine) {
    return new AirbaseScenario.Config(2003, 2004, 0.35, 3, 2, byzantine, 1L, 10.0, 20.0);
  }

  private static List<StationSeries> bundled;

  @BeforeAll
  static void readBundled() throws IOException {
    bundled = AirbaseData.readBundled();
  }

  @Test
  void lagSampleUsesPreviousDays() {
    StationSeries series = eightDays();

    Optional<Sample> sample = AirbaseScenario.lagSample(series, LocalDate.of(2004, 1, 4), 2, 10.0);

    assertThat(sample).isPresent();
    assertThat(sample.get().features()).containsExactly(new double[] {2.0, 3.0}, within(TOLERANCE));
    assertThat(sample.get().targets()).containsExactly(new double[] {4.0}, within(TOLERANCE));
  }

  /** Day 5 is missing, so days 5 (no target), 6 and 7 (a missing lag) have no sample. */
  @Test
  void lagSampleSkipsMissingDays() {
    StationSeries series = eightDays();
    List<Integer> daysWithSample = new ArrayList<>();

    for (int dayOfMonth = 1; dayOfMonth <= 8; dayOfMonth++) {
      LocalDate day = LocalDate.of(2004, 1, dayOfMonth);
      if (AirbaseScenario.lagSample(series, day, 2, 10.0).isPresent()) {
        daysWithSample.add(dayOfMonth);
      }
    }

    // Days 1 and 2 lack lags before the series starts.
    assertThat(daysWithSample).containsExactly(3, 4, 8);
    Sample last = AirbaseScenario.lagSample(series, LocalDate.of(2004, 1, 8), 2, 10.0).get();
    assertThat(last.features()).containsExactly(new double[] {6.0, 7.0}, within(TOLERANCE));
    assertThat(last.targets()).containsExactly(new double[] {8.0}, within(TOLERANCE));
  }

  @Test
  void selectionDropsSparseStationsAndSortsById() {
    List<StationSeries> selected =
        AirbaseScenario.selectStations(
            STATIONS, LocalDate.of(2003, 1, 1), LocalDate.of(2004, 12, 31), 0.35);

    assertThat(selected)
        .extracting(StationSeries::id)
        .containsExactly("S1", "S2", "S3", "S4", "S5");
  }

  @Test
  void neighboursAreNearestStations() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));

    assertThat(scenario.topology().asMap())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "S1", List.of("S2", "S3"),
                    "S2", List.of("S1", "S3"),
                    "S3", List.of("S1", "S2"),
                    "S4", List.of("S3", "S5"),
                    "S5", List.of("S3", "S4"))));
  }

  @Test
  void roundsCoverReplayedYears() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));

    // 2003 has 365 days and 2004 has 366.
    assertThat(scenario.rounds()).isEqualTo(731);
    assertThat(scenario.evaluationStartRound()).isEqualTo(365);
    assertThat(scenario.day(365)).isEqualTo(LocalDate.of(2004, 1, 1));
    assertThat(scenario.startMillis())
        .isEqualTo(Instant.parse("2003-01-01T00:00:00Z").toEpochMilli());
    assertThat(scenario.roundMillis()).isEqualTo(86_400_000L);
  }

  @Test
  void samplesStampedAtNoon() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));

    List<TimedSample> samples = scenario.samples(4);

    assertThat(samples)
        .extracting(TimedSample::agentId)
        .containsExactly("S1", "S2", "S3", "S4", "S5");
    assertThat(samples)
        .extracting(TimedSample::timestamp)
        .containsOnly(Instant.parse("2003-01-05T12:00:00Z").toEpochMilli());
  }

  /** Round 4 is 2003-01-05: S2 (n = 2) has features (22, 23, 24) / 10 and target 25 / 10. */
  @Test
  void sampleValuesScaled() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));

    Sample sample = scenario.samples(4).get(1).sample();

    assertThat(sample.features()).containsExactly(new double[] {2.2, 2.3, 2.4}, within(TOLERANCE));
    assertThat(sample.targets()).containsExactly(new double[] {2.5}, within(TOLERANCE));
  }

  @Test
  void firstRoundUsesLagsBeforeWindow() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));

    // 2003-01-01 takes its lags from 2002-12-29 to 2002-12-31.
    Sample sample = scenario.samples(0).get(0).sample();

    assertThat(sample.features()).containsExactly(new double[] {3.9, 4.0, 4.1}, within(TOLERANCE));
    assertThat(sample.targets()).containsExactly(new double[] {1.1}, within(TOLERANCE));
  }

  @Test
  void missingDaySkipsFourRounds() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(0));
    int gapRound = 365 + 31 + 29 + 9;
    assertThat(scenario.day(gapRound)).isEqualTo(S1_GAP);

    for (int round = gapRound - 1; round <= gapRound + 4; round++) {
      boolean hasSample =
          scenario.samples(round).stream().anyMatch(sample -> sample.agentId().equals("S1"));
      boolean expected = round < gapRound || round > gapRound + 3;
      assertThat(hasSample).as("S1 has a sample on %s", scenario.day(round)).isEqualTo(expected);
    }
  }

  @Test
  void byzantineStationsHaveNoSamples() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(2));

    assertThat(scenario.byzantineAgents()).hasSize(2);
    assertThat(scenario.normalAgents())
        .hasSize(3)
        .doesNotContainAnyElementsOf(scenario.byzantineAgents());
    assertThat(scenario.samples(10))
        .extracting(TimedSample::agentId)
        .containsExactlyElementsOf(scenario.normalAgents());
  }

  @Test
  void byzantineModelsDrawnPerRoundInBox() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(1));
    AirbaseScenario replay = new AirbaseScenario(STATIONS, config(1));
    String byzantine = scenario.byzantineAgents().iterator().next();

    double[] round7 = scenario.byzantineModel(byzantine, 7, Map.of());
    double[] round3 = scenario.byzantineModel(byzantine, 3, Map.of());

    assertThat(round7).hasSize(4);
    for (double value : round7) {
      assertThat(value).isBetween(-20.0, 20.0);
    }
    assertThat(round3).isNotEqualTo(round7);
    assertThat(replay.byzantineModel(byzantine, 3, Map.of())).containsExactly(round3);
    assertThat(replay.byzantineModel(byzantine, 7, Map.of())).containsExactly(round7);
  }

  @Test
  void byzantineModelOfNormalStationRejected() {
    AirbaseScenario scenario = new AirbaseScenario(STATIONS, config(1));
    String normal = scenario.normalAgents().get(0);

    assertThatThrownBy(() -> scenario.byzantineModel(normal, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Station " + normal + " is not a Byzantine station");
  }

  @Test
  void tooFewStationsRejected() {
    AirbaseScenario.Config sixNeighbours =
        new AirbaseScenario.Config(2003, 2004, 0.35, 3, 5, 0, 1L, 10.0, 20.0);

    assertThatThrownBy(() -> new AirbaseScenario(STATIONS, sixNeighbours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "5 stations have a missing share below 0.35 in 2003-2004, fewer than neighbours + 1 = 6");
  }

  @Test
  void bundledDataHasSeventyStations() {
    assertThat(bundled).hasSize(70);
    assertThat(bundled.get(0).id()).isEqualTo("DESH001");
  }

  /** Missing shares of all stations by year: 2002 36.2 %, 2003 31.0 %, 2004 35.0 %, 2005 38.3 %. */
  @Test
  void defaultYearsAreMostComplete() {
    AirbaseScenario.Config defaults = AirbaseScenario.Config.defaults();

    assertThat(AirbaseData.mostCompleteYears(bundled, 3)).isEqualTo(defaults.firstYear());
    assertThat(defaults.lastYear()).isEqualTo(defaults.firstYear() + 2);
  }

  @Test
  void defaultReplayOfBundledData() {
    AirbaseScenario scenario = new AirbaseScenario(bundled, AirbaseScenario.Config.defaults());

    assertThat(scenario.stations()).hasSize(42);
    assertThat(scenario.normalAgents()).hasSize(32);
    assertThat(scenario.byzantineAgents()).hasSize(10);
    // 2002 and 2003 have 365 days and 2004 has 366.
    assertThat(scenario.rounds()).isEqualTo(1096);
    assertThat(scenario.evaluationStartRound()).isEqualTo(730);
    assertThat(scenario.model().dimension()).isEqualTo(4);
    for (String agent : scenario.topology().agents()) {
      assertThat(scenario.topology().inNeighbours(agent)).hasSize(4);
    }
  }

  /** Days 1 to 8 of January 2004 with values 10, 20, ..., 80, except day 5, which is missing. */
  private static StationSeries eightDays() {
    TreeMap<LocalDate, Double> values = new TreeMap<>();
    for (int dayOfMonth = 1; dayOfMonth <= 8; dayOfMonth++) {
      if (dayOfMonth != 5) {
        values.put(LocalDate.of(2004, 1, dayOfMonth), 10.0 * dayOfMonth);
      }
    }
    return new StationSeries("E", 10, 50, values);
  }

  private static StationSeries station(String id, int number, double longitude) {
    TreeMap<LocalDate, Double> values = new TreeMap<>();
    LocalDate last = id.equals("SX") ? LocalDate.of(2003, 1, 31) : LocalDate.of(2004, 12, 31);
    for (LocalDate day = LocalDate.of(2002, 12, 1); !day.isAfter(last); day = day.plusDays(1)) {
      if (!(id.equals("S1") && day.equals(S1_GAP))) {
        values.put(day, 10.0 * number + day.getDayOfMonth());
      }
    }
    return new StationSeries(id, longitude, 50.0, values);
  }
}
