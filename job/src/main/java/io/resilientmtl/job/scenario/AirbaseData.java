package io.resilientmtl.job.scenario;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the AirBase PM10 CSV: one row per station and day, with the header {@value #HEADER}.
 *
 * <p>Values are daily means in µg/m³. An empty {@code pm10} field is a missing day, which the
 * returned series leave out. The input may be gzip-compressed, which the reader detects by the gzip
 * magic bytes. The bundled copy is the resource {@value #BUNDLED_RESOURCE}, whose README gives
 * source, licence and attribution.
 */
public final class AirbaseData {

  /** Class-path name of the bundled data set, German rural-background stations, 1998–2009. */
  public static final String BUNDLED_RESOURCE =
      "/datasets/airbase/airbase-de-rural-pm10-daily-1998-2009.csv.gz";

  /** The header line the reader requires. */
  public static final String HEADER = "station_id,station_name,longitude,latitude,date,pm10";

  private static final int FIELDS = 6;
  private static final int MAX_QUOTED_LINE = 120;

  private AirbaseData() {}

  /** Reads the bundled data set from the class path. */
  public static List<StationSeries> readBundled() throws IOException {
    return readResource(BUNDLED_RESOURCE);
  }

  /**
   * Reads a class-path resource, gzip-compressed or not.
   *
   * @param resource an absolute resource name, such as {@value #BUNDLED_RESOURCE}
   * @throws IOException if the resource is not found or cannot be read
   * @throws IllegalArgumentException if a line is malformed
   */
  public static List<StationSeries> readResource(String resource) throws IOException {
    InputStream in = AirbaseData.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Class-path resource " + resource + " not found");
    }
    try (in) {
      return read(in, "resource " + resource);
    }
  }

  /**
   * Reads a file, gzip-compressed or not.
   *
   * @throws IllegalArgumentException if a line is malformed
   */
  public static List<StationSeries> read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    }
  }

  /**
   * Reads a stream, gzip-compressed or not, and leaves it open.
   *
   * @param source a name of the input used in error messages, such as a file name
   * @return one series per station, in the order of each station's first row
   * @throws IllegalArgumentException if a line is malformed: the message names {@code source}, the
   *     line number (the header is line 1) and what was expected
   */
  public static List<StationSeries> read(InputStream in, String source) throws IOException {
    Objects.requireNonNull(source, "source");
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(decompressIfGzip(in), StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null) {
      throw new IllegalArgumentException(source + " is empty; expected the header " + HEADER);
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (!header.strip().equals(HEADER)) {
      throw malformed(source, 1, "the header " + HEADER, header);
    }

    Map<String, StationBuilder> stations = new LinkedHashMap<>();
    int lineNumber = 1;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      parseRow(line, source, lineNumber, stations);
    }

    List<StationSeries> result = new ArrayList<>(stations.size());
    for (StationBuilder station : stations.values()) {
      result.add(
          new StationSeries(station.id, station.longitude, station.latitude, station.values));
    }
    return result;
  }

  private static void parseRow(
      String line, String source, int lineNumber, Map<String, StationBuilder> stations) {
    String[] fields = line.split(",", -1);
    if (fields.length != FIELDS) {
      throw malformed(
          source, lineNumber, FIELDS + " comma-separated fields (" + HEADER + ")", line);
    }
    String id = fields[0].strip();
    if (id.isEmpty()) {
      throw malformed(source, lineNumber, "a non-empty station_id", line);
    }
    double longitude = parseCoordinate(fields[2], "longitude", 180, source, lineNumber, line);
    double latitude = parseCoordinate(fields[3], "latitude", 90, source, lineNumber, line);
    LocalDate date;
    try {
      date = LocalDate.parse(fields[4].strip());
    } catch (DateTimeParseException e) {
      throw malformed(source, lineNumber, "a date as YYYY-MM-DD in column date", line);
    }

    StationBuilder station =
        stations.computeIfAbsent(id, key -> new StationBuilder(key, longitude, latitude));
    if (station.longitude != longitude || station.latitude != latitude) {
      throw malformed(
          source,
          lineNumber,
          "the coordinates of the earlier rows of station "
              + id
              + " ("
              + station.longitude
              + ", "
              + station.latitude
              + ")",
          line);
    }

    String pm10 = fields[5].strip();
    if (pm10.isEmpty()) {
      // An empty field is a missing day, which the series leaves out.
      return;
    }
    double value;
    try {
      value = Double.parseDouble(pm10);
    } catch (NumberFormatException e) {
      throw malformed(
          source, lineNumber, "a decimal number or an empty field in column pm10", line);
    }
    if (!Double.isFinite(value) || value < 0) {
      throw malformed(source, lineNumber, "a finite non-negative pm10 value", line);
    }
    if (station.values.put(date, value) != null) {
      throw malformed(
          source, lineNumber, "one row per station and date, not a repeated " + date, line);
    }
  }

  private static double parseCoordinate(
      String field, String column, double bound, String source, int lineNumber, String line) {
    double value;
    try {
      value = Double.parseDouble(field.strip());
    } catch (NumberFormatException e) {
      throw malformed(source, lineNumber, "decimal degrees in column " + column, line);
    }
    if (!(Math.abs(value) <= bound)) {
      throw malformed(
          source, lineNumber, column + " in [-" + (int) bound + ", " + (int) bound + "]", line);
    }
    return value;
  }

  private static IllegalArgumentException malformed(
      String source, int lineNumber, String expected, String line) {
    String quoted =
        line.length() <= MAX_QUOTED_LINE ? line : line.substring(0, MAX_QUOTED_LINE) + "...";
    return new IllegalArgumentException(
        source + ", line " + lineNumber + ": expected " + expected + ", got '" + quoted + "'");
  }

  private static InputStream decompressIfGzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new GZIPInputStream(buffered);
    }
    return buffered;
  }

  /**
   * Finds the {@code years} consecutive calendar years with the lowest missing share over all
   * stations together, among the years between the first and the last observation.
   *
   * @return the first year of that window; the earliest one on a tie
   * @throws IllegalArgumentException if no station has an observation, or the observations span
   *     fewer than {@code years} years
   */
  public static int mostCompleteYears(List<StationSeries> stations, int years) {
    if (years < 1) {
      throw new IllegalArgumentException("years must be >= 1, got " + years);
    }
    int firstYear = Integer.MAX_VALUE;
    int lastYear = Integer.MIN_VALUE;
    for (StationSeries station : stations) {
      if (!station.values().isEmpty()) {
        firstYear = Math.min(firstYear, station.values().firstKey().getYear());
        lastYear = Math.max(lastYear, station.values().lastKey().getYear());
      }
    }
    if (firstYear == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("No station has an observation");
    }
    if (lastYear - firstYear + 1 < years) {
      throw new IllegalArgumentException(
          "The observations span "
              + firstYear
              + "-"
              + lastYear
              + ", fewer than the "
              + years
              + " years requested");
    }

    int bestStart = firstYear;
    double bestShare = Double.POSITIVE_INFINITY;
    for (int start = firstYear; start + years - 1 <= lastYear; start++) {
      LocalDate from = LocalDate.of(start, 1, 1);
      LocalDate to = LocalDate.of(start + years - 1, 12, 31);
      double share = 0;
      for (StationSeries station : stations) {
        share += station.missingShare(from, to);
      }
      share /= stations.size();
      if (share < bestShare) {
        bestShare = share;
        bestStart = start;
      }
    }
    return bestStart;
  }

  private static final class StationBuilder {
    private final String id;
    private final double longitude;
    private final double latitude;
    private final NavigableMap<LocalDate, Double> values = new TreeMap<>();

    private StationBuilder(String id, double longitude, double latitude) {
      this.id = id;
      this.longitude = longitude;
      this.latitude = latitude;
    }
  }
}
