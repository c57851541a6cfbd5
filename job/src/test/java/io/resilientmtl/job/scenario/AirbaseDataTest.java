package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirbaseDataTest {

  private static final double TOLERANCE = 1e-12;

  private static final String CSV =
      """
      station_id,station_name,longitude,latitude,date,pm10
      DEAA001,,9.5,53.5,2004-01-01,12.5
      DEAA001,,9.5,53.5,2004-01-02,
      DEAA001,,9.5,53.5,2004-01-03,30
      DEBB002,,13.25,52.75,2004-01-01,
      DEBB002,,13.25,52.75,2004-01-02,0.0
      """;

  @Test
  void readsStationsInFileOrder() throws IOException {
    List<StationSeries> stations = AirbaseData.read(stream(CSV), "test.csv");

    assertThat(stations).extracting(StationSeries::id).containsExactly("DEAA001", "DEBB002");
    StationSeries first = stations.get(0);
    assertThat(first.longitude()).isEqualTo(9.5);
    assertThat(first.latitude()).isEqualTo(53.5);
    assertThat(first.values())
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(LocalDate.of(2004, 1, 1), 12.5, LocalDate.of(2004, 1, 3), 30.0)));
    assertThat(stations.get(1).values())
        .containsExactlyEntriesOf(Map.of(LocalDate.of(2004, 1, 2), 0.0));
  }

  @Test
  void emptyPm10IsMissingDay() throws IOException {
    StationSeries station = AirbaseData.read(stream(CSV), "test.csv").get(0);

    assertThat(station.value(LocalDate.of(2004, 1, 2))).isNull();
    assertThat(station.values()).doesNotContainKey(LocalDate.of(2004, 1, 2));
  }

  @Test
  void readsGzipLikePlainText() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(CSV.getBytes(StandardCharsets.UTF_8));
    }

    List<StationSeries> fromGzip =
        AirbaseData.read(new ByteArrayInputStream(bytes.toByteArray()), "test.csv.gz");

    assertThat(fromGzip).isEqualTo(AirbaseData.read(stream(CSV), "test.csv"));
  }

  @Test
  void readsFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("pm10.csv");
    Files.writeString(file, CSV);

    assertThat(AirbaseData.read(file)).hasSize(2);
  }

  @Test
  void malformedLineNamesSourceAndLine() {
    String csv = CSV + "DEBB002,,13.25,52.75,2004-01-03\n";

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "test.csv, line 7: expected 6 comma-separated fields"
                + " (station_id,station_name,longitude,latitude,date,pm10),"
                + " got 'DEBB002,,13.25,52.75,2004-01-03'");
  }

  @Test
  void invalidPm10Rejected() {
    String csv = CSV.replace("2004-01-03,30", "2004-01-03,thirty");

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "test.csv, line 4: expected a decimal number or an empty field in column pm10");
  }

  @Test
  void negativePm10Rejected() {
    String csv = CSV.replace("2004-01-03,30", "2004-01-03,-1");

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test.csv, line 4: expected a finite non-negative pm10 value");
  }

  @Test
  void invalidDateRejected() {
    String csv = CSV.replace("2004-01-03", "2004-13-03");

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test.csv, line 4: expected a date as YYYY-MM-DD in column date");
  }

  @Test
  void changedCoordinatesRejected() {
    String csv = CSV.replace("DEAA001,,9.5,53.5,2004-01-03", "DEAA001,,9.6,53.5,2004-01-03");

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "test.csv, line 4: expected the coordinates of the earlier rows of station DEAA001");
  }

  @Test
  void repeatedDateRejected() {
    String csv = CSV + "DEAA001,,9.5,53.5,2004-01-01,13\n";

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "test.csv, line 7: expected one row per station and date, not a repeated 2004-01-01");
  }

  @Test
  void wrongHeaderRejected() {
    String csv = CSV.replace("station_id,", "station,");

    assertThatThrownBy(() -> AirbaseData.read(stream(csv), "test.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "test.csv, line 1: expected the header"
                + " station_id,station_name,longitude,latitude,date,pm10");
  }

  @Test
  void emptyInputRejected() {
    assertThatThrownBy(() -> AirbaseData.read(stream(""), "empty.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("empty.csv is empty");
  }

  @Test
  void missingResourceReported() {
    assertThatThrownBy(() -> AirbaseData.readResource("/no/such.csv"))
        .isInstanceOf(IOException.class)
        .hasMessage("Class-path resource /no/such.csv not found");
  }

  @Test
  void missingShareCountsAbsentDays() throws IOException {
    StationSeries station = AirbaseData.read(stream(CSV), "test.csv").get(0);

    // 2 of 3 days observed; over 4 days (one past the data) 2 of 4.
    assertThat(station.missingShare(LocalDate.of(2004, 1, 1), LocalDate.of(2004, 1, 3)))
        .isCloseTo(1.0 / 3, within(TOLERANCE));
    assertThat(station.missingShare(LocalDate.of(2004, 1, 1), LocalDate.of(2004, 1, 4)))
        .isCloseTo(0.5, within(TOLERANCE));
  }

  /** One degree of latitude on a sphere of radius 6371 km is 2π · 6371 / 360 = 111.195 km. */
  @Test
  void greatCircleDistanceOfOneDegree() {
    assertThat(StationSeries.greatCircleKm(50, 10, 51, 10)).isCloseTo(111.195, within(0.001));
    assertThat(StationSeries.greatCircleKm(0, 10, 0, 11)).isCloseTo(111.195, within(0.001));
  }

  @Test
  void mostCompleteYearsPicksDensestWindow() {
    // Station A observes all of 2001 and 2002 and nothing of 2000 or 2003.
    Map<LocalDate, Double> values = new TreeMap<>();
    for (LocalDate day = LocalDate.of(2001, 1, 1); day.getYear() <= 2002; day = day.plusDays(1)) {
      values.put(day, 10.0);
    }
    values.put(LocalDate.of(2000, 6, 1), 10.0);
    values.put(LocalDate.of(2003, 6, 1), 10.0);
    StationSeries station = new StationSeries("A", 10, 50, new TreeMap<>(values));

    assertThat(AirbaseData.mostCompleteYears(List.of(station), 2)).isEqualTo(2001);
    assertThat(AirbaseData.mostCompleteYears(List.of(station), 1)).isEqualTo(2001);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
