package io.resilientmtl.job.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-round metrics of one run with one combine rule.
 *
 * <p>Rounds are sorted by index and unique. Gaps are allowed, because a streaming run may report
 * only some rounds.
 *
 * @param rule the combine rule's name, such as {@code loss-based}; it names the rule's CSV file, so
 *     it may contain only letters, digits, '.', '_' and '-'
 * @param rounds metrics per round, sorted by round
 */
public record RuleResult(String rule, List<RoundMetrics> rounds) {

  private static final Pattern FILE_SAFE = Pattern.compile("[A-Za-z0-9._-]+");

  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    if (!FILE_SAFE.matcher(rule).matches()) {
      throw new IllegalArgumentException(
          "Rule name must contain only letters, digits, '.', '_' and '-', got '" + rule + "'");
    }
    List<RoundMetrics> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingInt(RoundMetrics::round));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).round() == sorted.get(i - 1).round()) {
        throw new IllegalArgumentException(
            "Rule " + rule + " has two entries for round " + sorted.get(i).round());
      }
    }
    rounds = List.copyOf(sorted);
  }

  /** Creates a result from metrics in any order. */
  public static RuleResult of(String rule, Collection<RoundMetrics> rounds) {
    return new RuleResult(rule, List.copyOf(rounds));
  }

  /** Returns the metrics of {@code round}, if recorded. */
  public Optional<RoundMetrics> round(int round) {
    for (RoundMetrics metrics : rounds) {
      if (metrics.round() == round) {
        return Optional.of(metrics);
      }
    }
    return Optional.empty();
  }

  /** Returns the metrics of the last recorded round, if any. */
  public Optional<RoundMetrics> last() {
    return rounds.isEmpty() ? Optional.empty() : Optional.of(rounds.get(rounds.size() - 1));
  }

  /**
   * Returns the mean of {@code metric} over the recorded rounds from {@code fromRound} on, skipping
   * rounds where it was not measured; NaN when no round has a value.
   */
  public double mean(Metric metric, int fromRound) {
    double sum = 0;
    int count = 0;
    for (RoundMetrics metrics : rounds) {
      double value = metrics.get(metric);
      if (metrics.round() >= fromRound && !Double.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
