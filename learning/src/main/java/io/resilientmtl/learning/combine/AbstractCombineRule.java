package io.resilientmtl.learning.combine;

import dev.ludovic.netlib.blas.BLAS;
import io.resilientmtl.learning.linalg.Vectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validation and summation shared by every combine rule.
 *
 * <p>{@link #combine} first screens the neighbours. One that did not arrive is MISSING, and one
 * whose parameters differ in length from ownPsi or contain NaN or an infinity is REJECTED, both
 * with weight 0. The subclass then weighs the agent itself and the remaining valid neighbours, and
 * this class sums w = Σ a_l·psi_l with BLAS daxpy into a new array. Coordinate-wise rules override
 * {@link #combineMembers} to compute w themselves.
 */
abstract class AbstractCombineRule implements CombineRule {

  private static final BLAS blas = BLAS.getInstance();

  private final boolean keepsScores;

  /**
   * @param keepsScores whether the rule stores scores, so that MISSING and REJECTED outcomes report
   *     the stored score instead of {@code null}
   */
  AbstractCombineRule(boolean keepsScores) {
    this.keepsScores = keepsScores;
  }

  /**
   * Weighs the agent itself and its valid neighbours.
   *
   * @param valid the neighbours that arrived with parameters of the right length and finite values,
   *     in input order
   * @return the SELF outcome first, then one outcome per entry of {@code valid} in the same order;
   *     every weight is >= 0, and the weights of SELF and ACCEPTED outcomes sum to 1
   */
  abstract List<NeighbourOutcome> weigh(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores);

  /**
   * w_{k,i} and the outcomes of the agent itself and its valid neighbours.
   *
   * @param parameters w_{k,i}, a new array
   * @param outcomes the SELF outcome first, then one outcome per valid neighbour in input order
   */
  record MemberCombination(double[] parameters, List<NeighbourOutcome> outcomes) {}

  /**
   * Weighs the agent itself and its valid neighbours, and computes w_{k,i} from them. The default
   * takes the outcomes of {@link #weigh} and sums w = Σ a_l·psi_l with BLAS daxpy, in input order.
   * Coordinate-wise rules override it because they combine each coordinate separately, so no single
   * weight per member reproduces their w.
   */
  MemberCombination combineMembers(
      CombineInput input, List<NeighbourModel> valid, Map<String, Double> scores) {
    List<NeighbourOutcome> outcomes = weigh(input, valid, scores);
    checkMemberOutcomes(outcomes, valid);
    double[] parameters = new double[input.ownPsi().length];
    addWeighted(outcomes.get(0), input.ownPsi(), parameters);
    for (int j = 0; j < valid.size(); j++) {
      addWeighted(outcomes.get(j + 1), valid.get(j).parameters(), parameters);
    }
    return new MemberCombination(parameters, outcomes);
  }

  /**
   * Combines one round. ownPsi itself is not screened, so a non-finite own model is combined like
   * any other and can make the result non-finite.
   *
   * @throws IllegalArgumentException if ownPsi or previous does not have the model's dimension, or
   *     a neighbour id appears twice or equals the agent's own id
   */
  @Override
  public final Combination combine(CombineInput input, Map<String, Double> scores) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(scores, "scores");
    checkInput(input);

    List<NeighbourModel> neighbours = input.neighbours();
    int expected = input.ownPsi().length;
    NeighbourOutcome[] screened = new NeighbourOutcome[neighbours.size()];
    List<NeighbourModel> valid = new ArrayList<>();
    for (int j = 0; j < neighbours.size(); j++) {
      NeighbourModel neighbour = neighbours.get(j);
      screened[j] = screen(neighbour, expected, scores);
      if (screened[j] == null) {
        valid.add(neighbour);
      }
    }

    MemberCombination members = combineMembers(input, valid, scores);
    List<NeighbourOutcome> memberOutcomes = members.outcomes();
    checkMemberOutcomes(memberOutcomes, valid);

    List<NeighbourOutcome> outcomes = new ArrayList<>(neighbours.size() + 1);
    outcomes.add(memberOutcomes.get(0));
    int next = 1;
    for (int j = 0; j < neighbours.size(); j++) {
      NeighbourOutcome outcome = screened[j];
      if (outcome == null) {
        outcome = memberOutcomes.get(next++);
      }
      outcomes.add(outcome);
    }
    return new Combination(members.parameters(), List.copyOf(outcomes));
  }

  /**
   * Throws if {@code inNeighbours} < 0, for the rules that override {@link
   * CombineRule#validateNeighbourhood}.
   */
  static void checkNeighbourCount(int inNeighbours) {
    if (inNeighbours < 0) {
      throw new IllegalArgumentException(
          "Number of in-neighbours must be >= 0, got "
              + inNeighbours
              + "; pass the length of the agent's in-neighbour list");
    }
  }

  /** Returns the score stored for {@code agentId}, or {@code null} if this rule keeps none. */
  final Double storedScore(Map<String, Double> scores, String agentId) {
    return keepsScores ? scores.get(agentId) : null;
  }

  /**
   * Returns {@code nu} if it lies in (0, 1].
   *
   * @throws IllegalArgumentException otherwise, naming the value
   */
  static double checkForgettingFactor(double nu) {
    if (!(nu > 0.0 && nu <= 1.0)) {
      throw new IllegalArgumentException(
          "Forgetting factor nu must be in (0, 1], got " + nu + "; use a value such as 0.1");
    }
    return nu;
  }

  /**
   * Returns {@code value} if it is finite and > 0.
   *
   * @param parameter the name of the initial score in messages, such as {@code r0}
   * @throws IllegalArgumentException otherwise, naming the parameter and the value
   */
  static double checkInitialScore(String parameter, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "Initial score "
              + parameter
              + " must be finite and > 0, got "
              + value
              + "; use a value such as 1.0");
    }
    return value;
  }

  /**
   * Returns {@code f} if it is >= 0.
   *
   * @throws IllegalArgumentException otherwise, naming the value
   */
  static int checkByzantineBound(int f) {
    if (f < 0) {
      throw new IllegalArgumentException(
          "F, the number of Byzantine in-neighbours to tolerate, must be >= 0, got "
              + f
              + "; use a value such as 1");
    }
    return f;
  }

  /** Returns the outcome of the agent itself. */
  static NeighbourOutcome selfOutcome(String agentId, double weight, Double score) {
    return new NeighbourOutcome(agentId, NeighbourStatus.SELF, weight, score, null);
  }

  /** Returns ACCEPTED for a positive weight and FILTERED with weight 0 otherwise. */
  static NeighbourOutcome neighbourOutcome(String agentId, double weight, Double score) {
    return weight > 0.0
        ? new NeighbourOutcome(agentId, NeighbourStatus.ACCEPTED, weight, score, null)
        : new NeighbourOutcome(agentId, NeighbourStatus.FILTERED, 0.0, score, null);
  }

  /** Returns a REJECTED outcome with weight 0. */
  static NeighbourOutcome rejectedOutcome(String agentId, Double score, String reason) {
    return new NeighbourOutcome(agentId, NeighbourStatus.REJECTED, 0.0, score, reason);
  }

  /**
   * Returns weights proportional to 1/score that sum to 1.
   *
   * <p>When some scores are 0 (a perfect fit), 1/score is unbounded, so the weight is split equally
   * among the zero scores and the others get 0, which is the limit of the 1/score weights as those
   * scores go to 0. Otherwise the weights are computed as min/score, which lies in (0, 1], so no
   * reciprocal of a tiny score overflows.
   *
   * @param scores finite values >= 0, at least one
   */
  static double[] inverseScoreWeights(double[] scores) {
    double min = Double.POSITIVE_INFINITY;
    for (double score : scores) {
      min = Math.min(min, score);
    }
    double[] weights = new double[scores.length];
    if (min == 0.0) {
      int zeros = 0;
      for (double score : scores) {
        if (score == 0.0) {
          zeros++;
        }
      }
      for (int i = 0; i < scores.length; i++) {
        weights[i] = scores[i] == 0.0 ? 1.0 / zeros : 0.0;
      }
      return weights;
    }
    double sum = 0.0;
    for (int i = 0; i < scores.length; i++) {
      weights[i] = min / scores[i];
      sum += weights[i];
    }
    blas.dscal(weights.length, 1.0 / sum, weights, 1);
    return weights;
  }

  /** Returns the MISSING or REJECTED outcome of {@code neighbour}, or {@code null} if valid. */
  private NeighbourOutcome screen(
      NeighbourModel neighbour, int expected, Map<String, Double> scores) {
    String id = neighbour.agentId();
    if (!neighbour.arrived()) {
      return new NeighbourOutcome(id, NeighbourStatus.MISSING, 0.0, storedScore(scores, id), null);
    }
    double[] parameters = neighbour.parameters();
    if (parameters.length != expected) {
      return rejectedOutcome(
          id, storedScore(scores, id), "dimension " + parameters.length + ", expected " + expected);
    }
    int nonFinite = Vectors.firstNonFinite(parameters);
    if (nonFinite >= 0) {
      return rejectedOutcome(
          id, storedScore(scores, id), "non-finite parameter at index " + nonFinite);
    }
    return null;
  }

  private void checkMemberOutcomes(List<NeighbourOutcome> outcomes, List<NeighbourModel> valid) {
    if (outcomes.size() != valid.size() + 1 || outcomes.get(0).status() != NeighbourStatus.SELF) {
      throw new IllegalStateException(
          name()
              + " rule returned "
              + outcomes.size()
              + " outcomes for "
              + valid.size()
              + " valid neighbours; expected SELF first and one per valid neighbour");
    }
  }

  private static void addWeighted(NeighbourOutcome outcome, double[] psi, double[] target) {
    if (outcome.weight() > 0.0) {
      blas.daxpy(target.length, outcome.weight(), psi, 1, target, 1);
    }
  }

  private static void checkInput(CombineInput input) {
    int dimension = input.model().dimension();
    if (input.ownPsi().length != dimension) {
      throw new IllegalArgumentException(
          "ownPsi of agent "
              + input.agentId()
              + " has length "
              + input.ownPsi().length
              + ", expected "
              + dimension
              + " for model "
              + input.model().kind());
    }
    if (input.previous().length != dimension) {
      throw new IllegalArgumentException(
          "Previous model of agent "
              + input.agentId()
              + " has length "
              + input.previous().length
              + ", expected "
              + dimension
              + " for model "
              + input.model().kind());
    }
    Set<String> seen = new HashSet<>();
    for (NeighbourModel neighbour : input.neighbours()) {
      String id = neighbour.agentId();
      if (id.equals(input.agentId())) {
        throw new IllegalArgumentException(
            "Neighbour list of agent " + id + " contains the agent itself; list only other agents");
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException(
            "Neighbour "
                + id
                + " appears twice in the input of agent "
                + input.agentId()
                + "; pass each in-neighbour once");
      }
    }
  }
}
