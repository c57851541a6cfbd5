package io.resilientmtl.learning.combine;

/**
 * Coordinate-wise trimmed mean with bound F: in every coordinate, the values of the agent itself
 * and of the neighbours that arrived valid this round are sorted, the F largest and the F smallest
 * are dropped, and the rest are averaged.
 *
 * <p>With m values in a coordinate, the rule drops t = min(F, ⌊(m − 1)/2⌋) at each end, so at least
 * one value remains. When at least 2F + 1 values arrived, t = F, and at most F Byzantine values
 * leave the result within the range of the honest ones. When fewer arrived this round because
 * neighbours are missing or rejected, fewer values are trimmed and the result is at worst the
 * median. Such a round is not protected against F Byzantine neighbours. F = 0 gives the plain
 * average of {@link AverageRule}.
 *
 * <p>Outcome weights are each member's share of the kept values, averaged over the coordinates, and
 * members with equal values share equally. Time O(d·m log m) for dimension d and m = 1 + the number
 * of valid neighbours.
 */
public final class TrimmedMeanRule extends CoordinateWiseRule {

  /** Configuration name of this rule. */
  public static final String NAME = "trimmed-mean";

  private final int f;

  /**
   * Creates the rule.
   *
   * @param f F, the number of values to drop at each end, >= 0
   * @throws IllegalArgumentException if F < 0
   */
  public TrimmedMeanRule(int f) {
    this.f = checkByzantineBound(f);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns F. */
  public int f() {
    return f;
  }

  /**
   * Throws unless an agent with {@code inNeighbours} in-neighbours has the 2F + 1 values, its own
   * included, that full trimming needs: inNeighbours + 1 >= 2F + 1.
   *
   * @throws IllegalArgumentException if inNeighbours < 2F or inNeighbours < 0
   */
  @Override
  public void validateNeighbourhood(int inNeighbours) {
    checkNeighbourCount(inNeighbours);
    if (inNeighbours < 2 * (long) f) {
      throw new IllegalArgumentException(
          "Trimmed mean with F = "
              + f
              + " needs at least 2F = "
              + 2 * (long) f
              + " in-neighbours, so that 2F + 1 values remain with the agent's own, but an agent"
              + " has "
              + inNeighbours
              + "; lower F to at most "
              + inNeighbours / 2
              + " or give the agent more in-neighbours");
    }
  }

  /** Returns min(F, ⌊(m − 1)/2⌋). */
  @Override
  int trimmedPerSide(int members) {
    return Math.min(f, (members - 1) / 2);
  }

  @Override
  public String toString() {
    return "TrimmedMeanRule{F=" + f + '}';
  }
}
