package io.resilientmtl.learning.combine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A rule that combines each coordinate separately: it sorts the m values of the members (the agent
 * itself and the valid neighbours), drops the t smallest and the t largest, and averages the m − 2t
 * values in between. The subclass chooses t from m, with 2t < m.
 *
 * <p>No single weight per member reproduces such a w, so the outcomes report each member's share
 * averaged over the d coordinates. In one coordinate, a member whose value is kept has share 1/(m −
 * 2t). When c members have the same value v and k of the kept positions have value v, each of them
 * has share k/(c·(m − 2t)), so the result does not depend on the input order. The shares of a
 * coordinate sum to 1, and so do the reported weights. A valid neighbour with weight 0, one dropped
 * in every coordinate, is FILTERED. The rule keeps no scores and leaves the scores map untouched.
 *
 * <p>Time O(d·m log m) for dimension d, from one sort and one binary search per member in each
 * coordinate, and O(m) extra memory.
 */
abstract class CoordinateWiseRule extends AbstractCombineRule {

  CoordinateWiseRule() {
    super(false);
  }

  /** Returns t, how many values to drop at each end of the m sorted values; 0 <= 2t < m. */
  abstract int trimmedPerSide(int members);

  /** Returns the member outcomes that {@link #combineMembers} computes with w. */
  @Override
  final List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    return combineMembers(input, valid, scores).outcomes();
  }

  @Override
  final MemberCombination combineMembers(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    int members = valid.size() + 1;
    double[][] psi = new double[members][];
    psi[0] = input.ownPsi();
    for (int j = 0; j < valid.size(); j++) {
      psi[j + 1] = valid.get(j).parameters();
    }
    int trimmed = trimmedPerSide(members);
    int first = trimmed;
    int last = members - trimmed - 1;
    int keptCount = last - first + 1;

    int dimension = input.ownPsi().length;
    double[] parameters = new double[dimension];
    // Each member's share summed over the coordinates, in units of 1/keptCount.
    double[] shares = new double[members];
    double[] sorted = new double[members];
    for (int i = 0; i < dimension; i++) {
      for (int j = 0; j < members; j++) {
        sorted[j] = psi[j][i];
      }
      Arrays.sort(sorted);

      // Dividing each term keeps the sum finite for finite values near Double.MAX_VALUE.
      double mean = 0.0;
      for (int p = first; p <= last; p++) {
        mean += sorted[p] / keptCount;
      }
      parameters[i] = mean;

      for (int j = 0; j < members; j++) {
        double value = psi[j][i];
        int from = lowerBound(sorted, value);
        int to = upperBound(sorted, value);
        int keptCopies = Math.min(to, last + 1) - Math.max(from, first);
        if (keptCopies > 0) {
          shares[j] += (double) keptCopies / (to - from);
        }
      }
    }

    double scale = dimension == 0 ? 0.0 : 1.0 / ((double) keptCount * dimension);
    List<NeighbourOutcome> outcomes = new ArrayList<>(members);
    outcomes.add(selfOutcome(input.agentId(), shares[0] * scale, null));
    for (int j = 0; j < valid.size(); j++) {
      outcomes.add(neighbourOutcome(valid.get(j).agentId(), shares[j + 1] * scale, null));
    }
    return new MemberCombination(parameters, outcomes);
  }

  /** Returns the first index whose value is not below {@code value}, in Double.compare order. */
  private static int lowerBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (Double.compare(sorted[middle], value) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Returns the first index whose value is above {@code value}, in Double.compare order. */
  private static int upperBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (Double.compare(sorted[middle], value) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
