package io.resilientmtl.learning.combine;

/**
 * Coordinate-wise median: w_{k,i}[c] = median{ psi_{l,i}[c] : l ∈ {k} ∪ V } for every coordinate c,
 * where V is the set of neighbours that arrived valid this round. For an even count the median is
 * the mean of the two middle values.
 *
 * <p>With m = 1 + |V| values per coordinate, fewer than m/2 Byzantine values cannot move the median
 * outside the range of the honest values, and the rule needs no bound F. Outcome weights are each
 * member's share of the middle values, averaged over the coordinates, and members with equal values
 * share equally. Time O(d·m log m) for dimension d.
 */
public final class CoordinateMedianRule extends CoordinateWiseRule {

  /** Configuration name of this rule. */
  public static final String NAME = "median";

  /** Creates the rule; it has no parameters. */
  public CoordinateMedianRule() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns ⌊(m − 1)/2⌋, which keeps the middle value for odd m and the two middle ones for even m.
   */
  @Override
  int trimmedPerSide(int members) {
    return (members - 1) / 2;
  }
}
