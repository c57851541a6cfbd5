package io.resilientmtl.job.attack;

import io.resilientmtl.job.scenario.Seeds;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The information a Byzantine agent has when it builds its model for one round.
 *
 * <p>The attacker is assumed to have the graph, and so its victims and their honest in-neighbours,
 * and to read the latest models the normal agents published. It never reads the samples of other
 * agents.
 *
 * <p>Randomness comes from two seeds instead of a shared generator: {@link #random()} and {@link
 * #attackerRandom()} return a new generator on every call. So {@link Attack#isSilent} and {@link
 * Attack#model} see the same draws, and a result depends only on the seeds, never on what was drawn
 * before or on the order of the calls.
 *
 * @param attackerId id of the Byzantine agent
 * @param round 0-based scenario round
 * @param dimension length of the parameter vector the agent publishes
 * @param victims the attacker's out-neighbours that are normal agents, sorted by id
 * @param honestInNeighbours for each victim, its in-neighbours that are normal agents, sorted by id
 * @param honestModels latest known models of normal agents by id, as the caller passed them; may be
 *     empty, and may miss agents. Attacks read these arrays and must not modify them.
 * @param attackerSeed seed of the draws that stay the same in every round
 * @param roundSeed seed of the draws of this attacker in this round
 */
public record AttackContext(
    String attackerId,
    int round,
    int dimension,
    List<String> victims,
    Map<String, List<String>> honestInNeighbours,
    Map<String, double[]> honestModels,
    long attackerSeed,
    long roundSeed) {

  public AttackContext {
    Objects.requireNonNull(attackerId, "attackerId");
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0, got " + round);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    victims = List.copyOf(victims);
    Map<String, List<String>> neighbours = new TreeMap<>();
    honestInNeighbours.forEach((victim, senders) -> neighbours.put(victim, List.copyOf(senders)));
    honestInNeighbours = Collections.unmodifiableMap(neighbours);
    honestModels = Collections.unmodifiableMap(honestModels);
  }

  /** Returns a new generator seeded with {@link #roundSeed()}: fresh draws for this round. */
  public SplittableRandom random() {
    return new SplittableRandom(roundSeed);
  }

  /** Returns a new generator seeded with {@link #attackerSeed()}: the same draws every round. */
  public SplittableRandom attackerRandom() {
    return new SplittableRandom(attackerSeed);
  }

  /**
   * Returns this context with both seeds mixed with {@code key}, so that an attack that wraps
   * another one draws from streams independent of its own.
   */
  public AttackContext derive(long key) {
    return new AttackContext(
        attackerId,
        round,
        dimension,
        victims,
        honestInNeighbours,
        honestModels,
        Seeds.mix(attackerSeed, key),
        Seeds.mix(roundSeed, key));
  }

  /**
   * Computes the honest model that attacks imitate or distort, as a new array.
   *
   * <p>It is the mean of the known models of the victims' honest in-neighbours, each neighbour
   * counted once even when several victims share it. When none of them has a known model, or the
   * attacker has no victims, it falls back to the mean of every model in {@link #honestModels()}.
   * When that map is empty too, as in the first rounds, it is the zero vector. Sums run in id
   * order, so the result does not depend on the iteration order of the caller's map.
   *
   * @throws IllegalArgumentException if a model used has a length other than {@link #dimension()}
   */
  public double[] honestMean() {
    TreeSet<String> known = new TreeSet<>();
    for (List<String> senders : honestInNeighbours.values()) {
      for (String sender : senders) {
        if (honestModels.containsKey(sender)) {
          known.add(sender);
        }
      }
    }
    if (known.isEmpty()) {
      known.addAll(honestModels.keySet());
    }
    double[] mean = new double[dimension];
    if (known.isEmpty()) {
      return mean;
    }
    for (String agent : known) {
      double[] model = honestModels.get(agent);
      if (model.length != dimension) {
        throw new IllegalArgumentException(
            "Honest model of "
                + agent
                + " has length "
                + model.length
                + ", expected the dimension "
                + dimension);
      }
      for (int p = 0; p < dimension; p++) {
        mean[p] += model[p];
      }
    }
    for (int p = 0; p < dimension; p++) {
      mean[p] /= known.size();
    }
    return mean;
  }
}
