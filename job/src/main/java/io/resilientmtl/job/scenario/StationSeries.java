package io.resilientmtl.job.scenario;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The daily series of one measuring station.
 *
 * @param id station code, such as {@code DESH001}
 * @param longitude decimal degrees east, WGS84
 * @param latitude decimal degrees north, WGS84
 * @param values observed value per day; a day without an observation has no entry. The map is an
 *     unmodifiable sorted copy.
 */
public record StationSeries(
    String id, double longitude, double latitude, NavigableMap<LocalDate, Double> values) {

  public StationSeries {
    Objects.requireNonNull(id, "id");
    values = Collections.unmodifiableNavigableMap(new TreeMap<>(values));
  }

  /** Returns the value observed on {@code day}, or {@code null} when the day is missing. */
  public Double value(LocalDate day) {
    return values.get(day);
  }

  /**
   * Returns the share of days in [{@code first}, {@code last}] without an observation, in [0, 1].
   *
   * @throws IllegalArgumentException if {@code last} is before {@code first}
   */
  public double missingShare(LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "last day " + last + " must not be before first day " + first);
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    int observed = values.subMap(first, true, last, true).size();
    return (days - observed) / (double) days;
  }

  /**
   * Returns the great-circle distance to {@code other} in kilometres, on a sphere of radius 6371.
   */
  public double distanceKm(StationSeries other) {
    return greatCircleKm(latitude, longitude, other.latitude, other.longitude);
  }

  /**
   * Returns the great-circle distance between two points given in decimal degrees, by the haversine
   * formula on a sphere of radius 6371 km (the mean Earth radius).
   */
  public static double greatCircleKm(
      double latitude1, double longitude1, double latitude2, double longitude2) {
    double phi1 = Math.toRadians(latitude1);
    double phi2 = Math.toRadians(latitude2);
    double deltaPhi = phi2 - phi1;
    double deltaLambda = Math.toRadians(longitude2 - longitude1);
    double sinHalfPhi = Math.sin(deltaPhi / 2);
    double sinHalfLambda = Math.sin(deltaLambda / 2);
    double h =
        sinHalfPhi * sinHalfPhi + Math.cos(phi1) * Math.cos(phi2) * sinHalfLambda * sinHalfLambda;
    return 2 * 6371.0 * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }
}
