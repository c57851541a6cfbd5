package io.resilientmtl.learning.combine;

import dev.ludovic.netlib.blas.BLAS;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Resilient diffusion by subset search, a baseline for {@link LossBasedRule}: remove the F
 * neighbours whose removal fits the agent's own data best, and combine the rest with distance-based
 * weights.
 *
 * <p>First the accumulated distances γ of the agent itself and of every valid neighbour are updated
 * exactly as in {@link DistanceBasedRule}, and stored in the scores map. Let E be the valid
 * neighbours whose score is finite and r = min(F, |E|). For every subset S ⊆ E of exactly r
 * neighbours, in lexicographic order of input positions, the candidate
 *
 * <pre>
 *   w_S = Σ_{l ∈ {k} ∪ E∖S} a_l·psi_l,  with a_l = (1/γ_l) / Σ_{p ∈ {k} ∪ E∖S} (1/γ_p)
 * </pre>
 *
 * is scored by its mean training loss {@link Model#loss} on the agent's own batch. The rule keeps
 * the S with the lowest loss, the first in that order on ties, and returns w_S. The agent itself is
 * never removed. Removed neighbours are FILTERED with weight 0 and keep their updated score.
 *
 * <p>Edge cases:
 *
 * <ul>
 *   <li>Empty batch: no loss can be evaluated, so the rule removes the r neighbours of E with the
 *       largest γ after this round's update, the earlier in input order on ties.
 *   <li>A candidate whose loss is NaN or infinite never beats one with a finite loss. When no
 *       candidate has a finite loss, the first subset is removed.
 *   <li>Fewer than F valid neighbours (some missing or rejected): all of E is removed and w is the
 *       agent's own psi. This is why {@link #validateNeighbourhood} requires F <= in-neighbours.
 *   <li>F = 0: no neighbour is removed, and the rule equals {@link DistanceBasedRule}.
 * </ul>
 *
 * <p>Time complexity: O(C(n, r)·(n·d + |B|·c)) per round for n = |E| neighbours, dimension d, batch
 * size |B| and cost c of the training loss on one sample, plus O(n·d) for the distances. That is
 * exponential in F: C(9, 4) = 126 candidates, but C(50, 10) is about 10^10.
 */
public final class SubsetSearchRule extends AbstractCombineRule {

  /** Configuration name of this rule. */
  public static final String NAME = "subset-search";

  private static final BLAS blas = BLAS.getInstance();

  private final int f;
  private final DistanceBasedRule distances;

  /**
   * Creates the rule.
   *
   * @param f F, the number of neighbours to remove each round, >= 0
   * @param nu the forgetting factor ν of the distances, in (0, 1]
   * @param initialScore γ0, the distance score before the first round, finite and > 0
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public SubsetSearchRule(int f, double nu, double initialScore) {
    super(true);
    this.f = checkByzantineBound(f);
    this.distances = new DistanceBasedRule(nu, initialScore);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns F. */
  public int f() {
    return f;
  }

  /** Returns the forgetting factor ν. */
  public double nu() {
    return distances.nu();
  }

  /** Returns γ0. */
  public double initialScore() {
    return distances.initialScore();
  }

  /**
   * Throws unless an agent with {@code inNeighbours} in-neighbours has at least F of them to
   * remove.
   *
   * @throws IllegalArgumentException if inNeighbours < F or inNeighbours < 0
   */
  @Override
  public void validateNeighbourhood(int inNeighbours) {
    checkNeighbourCount(inNeighbours);
    if (inNeighbours < f) {
      throw new IllegalArgumentException(
          "Subset search with F = "
              + f
              + " needs at least F in-neighbours to remove, but an agent has "
              + inNeighbours
              + "; lower F to at most "
              + inNeighbours
              + " or give the agent more in-neighbours");
    }
  }

  @Override
  List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    DistanceBasedRule.Distances scored = distances.accumulateDistances(input, valid, scores);
    int[] eligible = new int[valid.size()];
    int count = 0;
    for (int j = 0; j < valid.size(); j++) {
      if (scored.rejections()[j] == null) {
        eligible[count++] = j;
      }
    }
    eligible = Arrays.copyOf(eligible, count);
    int removals = Math.min(f, eligible.length);

    boolean[] removed = new boolean[valid.size()];
    int[] chosen =
        input.batch().isEmpty()
            ? farthest(eligible, scored, removals)
            : lowestLossSubset(input, valid, eligible, scored, removals);
    for (int position : chosen) {
      removed[eligible[position]] = true;
    }

    double[] weights = remainingWeights(eligible, removed, scored);
    List<NeighbourOutcome> outcomes = new ArrayList<>(valid.size() + 1);
    outcomes.add(selfOutcome(input.agentId(), weights[0], scored.ownScore()));
    int member = 1;
    for (int j = 0; j < valid.size(); j++) {
      String id = valid.get(j).agentId();
      double score = scored.neighbourScores()[j];
      if (scored.rejections()[j] != null) {
        outcomes.add(rejectedOutcome(id, scores.get(id), scored.rejections()[j]));
      } else if (removed[j]) {
        outcomes.add(new NeighbourOutcome(id, NeighbourStatus.FILTERED, 0.0, score, null));
      } else {
        outcomes.add(neighbourOutcome(id, weights[member++], score));
      }
    }
    return outcomes;
  }

  /**
   * Returns the positions in {@code eligible} of the subset of size {@code removals} whose removal
   * gives the candidate with the lowest training loss on the batch.
   */
  private static int[] lowestLossSubset(
      CombineInput input,
      List<NeighbourModel> valid,
      int[] eligible,
      DistanceBasedRule.Distances scored,
      int removals) {
    Model model = input.model();
    List<Sample> batch = input.batch();
    int[] subset = new int[removals];
    for (int p = 0; p < removals; p++) {
      subset[p] = p;
    }
    if (removals == 0) {
      return subset;
    }

    int[] best = subset.clone();
    double bestLoss = Double.POSITIVE_INFINITY;
    double[] candidate = new double[input.ownPsi().length];
    boolean[] removed = new boolean[valid.size()];
    do {
      Arrays.fill(removed, false);
      for (int position : subset) {
        removed[eligible[position]] = true;
      }
      double[] weights = remainingWeights(eligible, removed, scored);
      Arrays.fill(candidate, 0.0);
      blas.daxpy(candidate.length, weights[0], input.ownPsi(), 1, candidate, 1);
      int member = 1;
      for (int j : eligible) {
        if (!removed[j]) {
          blas.daxpy(
              candidate.length, weights[member++], valid.get(j).parameters(), 1, candidate, 1);
        }
      }
      double loss = model.loss(candidate, batch);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = subset.clone();
      }
    } while (nextSubset(subset, eligible.length));
    return best;
  }

  /**
   * Returns the positions in {@code eligible} of the {@code removals} neighbours with the largest
   * score, the earlier position on ties.
   */
  private static int[] farthest(int[] eligible, DistanceBasedRule.Distances scored, int removals) {
    boolean[] alreadyChosen = new boolean[eligible.length];
    int[] chosen = new int[removals];
    for (int r = 0; r < removals; r++) {
      int farthest = -1;
      for (int p = 0; p < eligible.length; p++) {
        boolean larger =
            farthest < 0
                || scored.neighbourScores()[eligible[p]]
                    > scored.neighbourScores()[eligible[farthest]];
        if (!alreadyChosen[p] && larger) {
          farthest = p;
        }
      }
      alreadyChosen[farthest] = true;
      chosen[r] = farthest;
    }
    return chosen;
  }

  /**
   * Returns the distance-based weights of the agent itself (index 0) and of each eligible neighbour
   * that is not removed, in input order.
   */
  private static double[] remainingWeights(
      int[] eligible, boolean[] removed, DistanceBasedRule.Distances scored) {
    double[] memberScores = new double[eligible.length + 1];
    memberScores[0] = scored.ownScore();
    int members = 1;
    for (int j : eligible) {
      if (!removed[j]) {
        memberScores[members++] = scored.neighbourScores()[j];
      }
    }
    return inverseScoreWeights(Arrays.copyOf(memberScores, members));
  }

  /**
   * Advances {@code subset}, increasing positions in [0, n), to the next subset of its size in
   * lexicographic order.
   *
   * @return false if {@code subset} was the last one
   */
  private static boolean nextSubset(int[] subset, int n) {
    int size = subset.length;
    int p = size - 1;
    while (p >= 0 && subset[p] == n - size + p) {
      p--;
    }
    if (p < 0) {
      return false;
    }
    subset[p]++;
    for (int q = p + 1; q < size; q++) {
      subset[q] = subset[q - 1] + 1;
    }
    return true;
  }

  @Override
  public String toString() {
    return "SubsetSearchRule{F=" + f + ", nu=" + nu() + ", gamma0=" + initialScore() + '}';
  }
}
