package io.resilientmtl.learning.combine;

import io.resilientmtl.learning.linalg.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Weights by accumulated distance from the agent's previous model.
 *
 * <p>For the agent k itself and every neighbour l that arrived valid, the score is updated as
 * γ_{l,i} = (1 − ν)·γ_{l,i−1} + ν·‖psi_{l,i} − w_{k,i−1}‖², where γ_{l,i−1} is γ0 when the scores
 * map has no entry for l. The weights are a_l = (1/γ_l) / Σ_p (1/γ_p) over k and those neighbours,
 * so every valid neighbour takes part. Scores of 0 are handled as in {@link LossBasedRule}: the
 * weight is split equally among the members with γ = 0. A MISSING or REJECTED neighbour keeps its
 * stored score. A neighbour whose squared distance overflows to infinity is REJECTED with its score
 * unchanged, and an own distance that overflows leaves the own score unchanged.
 *
 * <p>Unlike {@link LossBasedRule}, this rule needs no batch, but it cannot tell a neighbour that
 * learns a different task from one that learns the same task faster.
 */
public final class DistanceBasedRule extends AbstractCombineRule {

  /** Configuration name of this rule. */
  public static final String NAME = "distance-based";

  private final double nu;
  private final double initialScore;

  /**
   * Creates the rule.
   *
   * @param nu the forgetting factor ν, in (0, 1]
   * @param initialScore γ0, the score before the first round, finite and > 0
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public DistanceBasedRule(double nu, double initialScore) {
    super(true);
    this.nu = checkForgettingFactor(nu);
    this.initialScore = checkInitialScore("gamma0", initialScore);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns the forgetting factor ν. */
  public double nu() {
    return nu;
  }

  /** Returns γ0. */
  public double initialScore() {
    return initialScore;
  }

  @Override
  List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    Distances distances = accumulateDistances(input, valid, scores);

    // Index 0 is the agent itself, then each neighbour that is not rejected, in input order.
    double[] memberScores = new double[valid.size() + 1];
    memberScores[0] = distances.ownScore();
    int members = 1;
    for (int j = 0; j < valid.size(); j++) {
      if (distances.rejections()[j] == null) {
        memberScores[members++] = distances.neighbourScores()[j];
      }
    }

    double[] weights = inverseScoreWeights(Arrays.copyOf(memberScores, members));
    List<NeighbourOutcome> outcomes = new ArrayList<>(valid.size() + 1);
    outcomes.add(selfOutcome(input.agentId(), weights[0], memberScores[0]));
    int member = 1;
    for (int j = 0; j < valid.size(); j++) {
      String id = valid.get(j).agentId();
      if (distances.rejections()[j] != null) {
        outcomes.add(rejectedOutcome(id, scores.get(id), distances.rejections()[j]));
      } else {
        outcomes.add(neighbourOutcome(id, weights[member], memberScores[member]));
        member++;
      }
    }
    return outcomes;
  }

  /**
   * This round's accumulated distances.
   *
   * @param ownScore γ of the agent itself
   * @param neighbourScores γ of each valid neighbour in input order, and 0 where it is rejected
   * @param rejections why each valid neighbour is rejected, or {@code null} where it is not
   */
  record Distances(double ownScore, double[] neighbourScores, String[] rejections) {}

  /**
   * Updates and stores γ of the agent itself and of every valid neighbour. A neighbour whose
   * updated score is not finite is rejected, with its stored score unchanged.
   */
  Distances accumulateDistances(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    double[] previous = input.previous();
    double ownScore =
        update(scores, input.agentId(), Vectors.squaredDistance(input.ownPsi(), previous));
    double[] neighbourScores = new double[valid.size()];
    String[] rejections = new String[valid.size()];
    for (int j = 0; j < valid.size(); j++) {
      NeighbourModel neighbour = valid.get(j);
      double distance = Vectors.squaredDistance(neighbour.parameters(), previous);
      double candidate = accumulate(scores, neighbour.agentId(), distance);
      if (!Double.isFinite(candidate)) {
        rejections[j] = "non-finite squared distance " + distance + " to the previous model";
        continue;
      }
      scores.put(neighbour.agentId(), candidate);
      neighbourScores[j] = candidate;
    }
    return new Distances(ownScore, neighbourScores, rejections);
  }

  /** Returns (1 − ν)·γ_previous + ν·distance, with γ_previous = γ0 when none is stored. */
  private double accumulate(Map<String, Double> scores, String id, double distance) {
    double previousScore = scores.getOrDefault(id, initialScore);
    return (1.0 - nu) * previousScore + nu * distance;
  }

  /** Stores and returns the updated score, or returns the kept one if the update is not finite. */
  private double update(Map<String, Double> scores, String id, double distance) {
    double candidate = accumulate(scores, id, distance);
    if (!Double.isFinite(candidate)) {
      return scores.getOrDefault(id, initialScore);
    }
    scores.put(id, candidate);
    return candidate;
  }

  @Override
  public String toString() {
    return "DistanceBasedRule{nu=" + nu + ", gamma0=" + initialScore + '}';
  }
}
