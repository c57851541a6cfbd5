package io.resilientmtl.job.attack;

import io.resilientmtl.job.scenario.Seeds;
import io.resilientmtl.job.topology.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The attack of every Byzantine agent of a scenario, and the seeds of their random draws.
 *
 * <p>Each attacker has one {@link Attack} and an index. Its draws come from two seeds, so they do
 * not depend on the order of the calls: {@code Seeds.mix(seed, stream, index)} for the draws that
 * stay the same in every round and {@code Seeds.mix(seed, stream, index, round)} for the draws of
 * one round (see {@link Seeds}). The short factories index the attackers in id order and use stream
 * 0. Scenarios pass their own agent indices and stream, so that a plan can reproduce the draws the
 * scenario made before attacks were configurable.
 *
 * <p>Instances are immutable.
 */
public final class AttackPlan {

  /** Stream used by the factories that take no stream. */
  public static final long DEFAULT_STREAM = 0;

  /** Dimension of the contexts that {@link #silentAttackers} builds, which silence ignores. */
  private static final int SILENCE_QUERY_DIMENSION = 1;

  private final Map<String, Attack> attacks;
  private final Map<String, Integer> indices;
  private final long seed;
  private final long stream;

  private AttackPlan(
      Map<String, Attack> attacks, Map<String, Integer> indices, long seed, long stream) {
    this.attacks = attacks;
    this.indices = indices;
    this.seed = seed;
    this.stream = stream;
  }

  /**
   * Creates a plan that gives every attacker the attack of {@code spec}; see {@link AttackSpec} for
   * the grammar.
   *
   * @throws IllegalArgumentException if the spec is invalid or an attacker id is blank
   */
  public static AttackPlan uniform(String spec, Collection<String> attackers, long seed) {
    return uniform(AttackSpec.parse(spec), attackers, seed);
  }

  /** Creates a plan that gives every attacker {@code attack}. */
  public static AttackPlan uniform(Attack attack, Collection<String> attackers, long seed) {
    Objects.requireNonNull(attack, "attack");
    Map<String, Attack> attacks = new LinkedHashMap<>();
    for (String attacker : attackers) {
      attacks.put(attacker, attack);
    }
    return of(attacks, seed);
  }

  /**
   * Creates a plan with one attack per attacker, indexed in id order with stream {@link
   * #DEFAULT_STREAM}.
   *
   * @throws IllegalArgumentException if an attacker id is blank
   */
  public static AttackPlan of(Map<String, ? extends Attack> attacks, long seed) {
    Map<String, Integer> indices = new HashMap<>();
    int index = 0;
    for (String attacker : new TreeSet<>(attacks.keySet())) {
      indices.put(attacker, index++);
    }
    return of(attacks, indices, seed, DEFAULT_STREAM);
  }

  /**
   * Creates a plan with one attack per attacker and the given indices and stream.
   *
   * @param indices index of each attacker in the seeds; entries of other agents are ignored
   * @throws IllegalArgumentException if an attacker id is blank or has no index, or two attackers
   *     share an index
   */
  public static AttackPlan of(
      Map<String, ? extends Attack> attacks, Map<String, Integer> indices, long seed, long stream) {
    Map<String, Attack> sortedAttacks = new TreeMap<>();
    Map<String, Integer> attackerIndices = new HashMap<>();
    Set<Integer> used = new HashSet<>();
    attacks.forEach(
        (attacker, attack) -> {
          if (attacker == null || attacker.isBlank()) {
            throw new IllegalArgumentException(
                "Attacker ids must be non-blank, got '" + attacker + "'");
          }
          Objects.requireNonNull(attack, () -> "attack of " + attacker);
          Integer index = indices.get(attacker);
          if (index == null) {
            throw new IllegalArgumentException("Attacker " + attacker + " has no index");
          }
          if (!used.add(index)) {
            throw new IllegalArgumentException(
                "Attacker " + attacker + " shares index " + index + " with another attacker");
          }
          sortedAttacks.put(attacker, attack);
          attackerIndices.put(attacker, index);
        });
    return new AttackPlan(
        Collections.unmodifiableMap(sortedAttacks),
        Collections.unmodifiableMap(attackerIndices),
        seed,
        stream);
  }

  /** Returns the attackers, sorted by id. */
  public Set<String> attackers() {
    return attacks.keySet();
  }

  /**
   * Returns the attack of {@code attackerId}.
   *
   * @throws IllegalArgumentException if it is not an attacker of this plan
   */
  public Attack attack(String attackerId) {
    Attack attack = attacks.get(attackerId);
    if (attack == null) {
      throw new IllegalArgumentException(
          "Agent " + attackerId + " is not an attacker of this plan");
    }
    return attack;
  }

  /** Returns the attacks by attacker id, sorted by id. */
  public Map<String, Attack> attacks() {
    return attacks;
  }

  /**
   * Checks that every attack can publish models of {@code dimension} parameters.
   *
   * @throws IllegalArgumentException naming the first attacker whose attack cannot
   */
  public void checkDimension(int dimension) {
    attacks.forEach(
        (attacker, attack) -> {
          try {
            attack.checkDimension(dimension);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "Attack of " + attacker + " does not fit the model: " + e.getMessage(), e);
          }
        });
  }

  /**
   * Builds the context of {@code attackerId} in {@code round}. Its victims are its out-neighbours
   * in {@code topology} that are not attackers of this plan, and their honest in-neighbours are
   * their in-neighbours that are not attackers either.
   *
   * @param honestModels latest known models of normal agents, kept as given, not copied
   * @throws IllegalArgumentException if the agent is not an attacker of this plan or {@code round}
   *     is negative
   */
  public AttackContext context(
      String attackerId,
      int round,
      Topology topology,
      int dimension,
      Map<String, double[]> honestModels) {
    attack(attackerId);
    List<String> victims = new ArrayList<>();
    Map<String, List<String>> honestInNeighbours = new TreeMap<>();
    for (String receiver : topology.outNeighbours(attackerId)) {
      if (attacks.containsKey(receiver)) {
        continue;
      }
      victims.add(receiver);
      List<String> honest = new ArrayList<>();
      for (String sender : topology.inNeighbours(receiver)) {
        if (!attacks.containsKey(sender)) {
          honest.add(sender);
        }
      }
      honestInNeighbours.put(receiver, honest);
    }
    int index = indices.get(attackerId);
    return new AttackContext(
        attackerId,
        round,
        dimension,
        victims,
        honestInNeighbours,
        honestModels,
        Seeds.mix(seed, stream, index),
        Seeds.mix(seed, stream, index, round));
  }

  /**
   * Returns the model {@code attackerId} publishes in {@code round}, or {@code null} when it is
   * silent. {@link #context} describes what the attack reads.
   *
   * @throws IllegalArgumentException if the agent is not an attacker of this plan or {@code round}
   *     is negative
   * @throws IllegalStateException if the attack breaks its contract: a result whose nullness
   *     disagrees with {@link Attack#isSilent}, or of the wrong length
   */
  public double[] model(
      String attackerId,
      int round,
      Topology topology,
      int dimension,
      Map<String, double[]> honestModels) {
    AttackContext context = context(attackerId, round, topology, dimension, honestModels);
    Attack attack = attacks.get(attackerId);
    boolean silent = attack.isSilent(context);
    double[] parameters = attack.model(context);
    if ((parameters == null) != silent) {
      throw new IllegalStateException(
          "Attack "
              + attack
              + " of "
              + attackerId
              + " in round "
              + round
              + (silent
                  ? " reports silence but published a model"
                  : " published no model but does not report silence"));
    }
    if (parameters != null && parameters.length != dimension) {
      throw new IllegalStateException(
          "Attack "
              + attack
              + " of "
              + attackerId
              + " published "
              + parameters.length
              + " parameters, expected "
              + dimension);
    }
    return parameters;
  }

  /**
   * Returns the attackers whose {@link #model} returns {@code null} in {@code round}, sorted by id.
   * It needs neither the graph nor the honest models, so a caller can ask before the round starts.
   *
   * @throws IllegalArgumentException if {@code round} is negative
   */
  public Set<String> silentAttackers(int round) {
    TreeSet<String> silent = new TreeSet<>();
    for (Map.Entry<String, Attack> entry : attacks.entrySet()) {
      String attacker = entry.getKey();
      int index = indices.get(attacker);
      AttackContext context =
          new AttackContext(
              attacker,
              round,
              SILENCE_QUERY_DIMENSION,
              List.of(),
              Map.of(),
              Map.of(),
              Seeds.mix(seed, stream, index),
              Seeds.mix(seed, stream, index, round));
      if (entry.getValue().isSilent(context)) {
        silent.add(attacker);
      }
    }
    return Collections.unmodifiableSet(silent);
  }

  @Override
  public String toString() {
    return "AttackPlan{seed=" + seed + ", stream=" + stream + ", attacks=" + attacks + '}';
  }
}
