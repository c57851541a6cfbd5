package io.resilientmtl.job.scenario;

import io.resilientmtl.job.attack.Attack;
import io.resilientmtl.job.attack.AttackPlan;
import io.resilientmtl.job.attack.AttackSpec;
import io.resilientmtl.job.attack.FixedModelAttack;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.model.TargetLocalization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Multi-target localization: agents on a plane each estimate the position of one of several targets
 * from noisy direction and range readings, the case study of Li, Abbas and Koutsoukos, "Byzantine
 * Resilient Distributed Multi-Task Learning", NeurIPS 2020.
 *
 * <p>With the default {@link Config}, 100 agents {@code a000}..{@code a099} sit at uniform random
 * positions x_k in [0, 3]². Four targets sit at (10, 10), (10, 20), (20, 10) and (20, 20), and each
 * is assigned to 25 agents picked at random, so neighbours often track different targets. An
 * agent's in-neighbours are the other agents within Euclidean distance 1, at most the 9 nearest.
 *
 * <p>Every round each normal agent k observes, for its target w°:
 *
 * <ul>
 *   <li>u = (w° − x_k) / ‖w° − x_k‖ + v_u, with v_u ~ N(0, σ_u² I) drawn per component;
 *   <li>d = u · (w° − x_k) + v_d, with v_d ~ N(0, σ_d²), using the noisy u;
 *   <li>the position fix q = x_k + d · u.
 * </ul>
 *
 * <p>σ_u is uniform in [0.01, 0.02) per agent, except for a few random normal agents (5 by default)
 * whose σ_u is 0.1. σ_d is uniform in [0.1, 0.2) per agent. A sample has features [u_x, u_y, x_x,
 * x_y] and targets [q_x, q_y, d], the layout {@link TargetLocalization} expects. Each normal agent
 * has one sample per round, at the middle of the round. Byzantine agents are picked at random among
 * all agents and each publishes one constant model, drawn uniformly from [15, 16]², in every round.
 * {@link Config#attack()} or an {@link AttackPlan} replaces that attack.
 *
 * <p>Byzantine placement: the agents are shuffled with the seed, and the first {@code
 * byzantineAgents} of that order turn Byzantine. {@link Config#minByzantineInNeighbours()} names
 * agents that must stay normal and have at least k Byzantine in-neighbours each. For each of them,
 * in id order, the scenario turns its in-neighbours Byzantine in the shuffled order, skipping the
 * named agents, until it has k. The remaining Byzantine agents come from the shuffled order as
 * before. Positions, graph and targets stay the same; which normal agents get the high direction
 * noise may change.
 *
 * <p>The authors' code (github.com/JianiLi/resilientDistributedMTL, {@code
 * TargetLocalization/multi_task.py}) differs in three details: it moves each target by a uniform
 * offset in [0, 1)², it adds one scalar noise value to both components of u, and it keeps 9 random
 * agents, not the 9 nearest, when more than 9 are within range.
 *
 * <p>Randomness: every concern draws from its own stream {@code Seeds.stream(seed, concern, ...)}
 * (see {@link Seeds}). The noise of agent k in round i comes from {@code Seeds.stream(seed,
 * OBSERVATIONS, k, i)}, where k is the agent's index, so {@link #samples(int)} returns the same
 * samples whatever order rounds are requested in.
 */
public final class TargetLocalizationScenario implements Scenario, HasTrueModels {

  /** Scenario name used in file and topic names. */
  public static final String NAME = "target-localization";

  private static final long STREAM_POSITIONS = 1;
  private static final long STREAM_TARGETS = 2;
  private static final long STREAM_BYZANTINE = 3;
  private static final long STREAM_NOISE_LEVELS = 4;
  private static final long STREAM_NOISY_AGENTS = 5;
  private static final long STREAM_BYZANTINE_MODELS = 6;
  private static final long STREAM_OBSERVATIONS = 7;

  private static final double MIN_DIRECTION_NOISE = 0.01;
  private static final double MAX_DIRECTION_NOISE = 0.02;
  private static final double HIGH_DIRECTION_NOISE = 0.1;
  private static final double MIN_RANGE_NOISE = 0.1;
  private static final double MAX_RANGE_NOISE = 0.2;

  /** A point on the plane. */
  public record Point(double x, double y) {

    /** Returns the Euclidean distance to {@code other}. */
    public double distanceTo(Point other) {
      return Math.hypot(x - other.x, y - other.y);
    }
  }

  /**
   * Settings of a target-localization scenario. Start from {@link #defaults()} and change fields
   * with {@link #toBuilder()}, or build them with {@link #builder()}.
   *
   * @param agents number of agents, Byzantine ones included
   * @param targets target positions; agents are spread over them in equal shares (up to one)
   * @param byzantineAgents number of Byzantine agents; 0 allowed, at least one agent stays normal
   * @param rounds number of rounds
   * @param seed seed of every random draw
   * @param areaSide side length of the square [0, areaSide]² the agents are placed in
   * @param neighbourRadius maximum Euclidean distance of an in-neighbour
   * @param maxInNeighbours maximum number of in-neighbours, the agent itself not counted
   * @param noisyDirectionAgents number of normal agents whose direction noise σ_u is 0.1
   * @param byzantineLow lower bound of each coordinate of a Byzantine model of the default attack
   * @param byzantineHigh upper bound (exclusive) of each coordinate of a Byzantine model of the
   *     default attack
   * @param startMillis event time of the start of round 0, in milliseconds since the Unix epoch
   * @param roundMillis round length in milliseconds of event time
   * @param attack attack spec of every Byzantine agent (grammar in {@link AttackSpec}), or {@code
   *     null} for the default: one constant model per agent from [byzantineLow, byzantineHigh)²,
   *     drawn as described in {@link TargetLocalizationScenario#byzantineModel}
   * @param minByzantineInNeighbours agents that must be normal and have at least the given number
   *     of Byzantine in-neighbours, by id; empty by default. See {@link TargetLocalizationScenario}
   *     for how the Byzantine agents are then placed.
   * @param noisyDirectionIndices the indices of the agents whose direction noise σ_u is 0.1, or
   *     empty (the default) to draw {@code noisyDirectionAgents} of them at random among the normal
   *     agents. When given, the list must have {@code noisyDirectionAgents} entries, each a normal
   *     agent, so the same agents stay noisy whatever the number of Byzantine agents.
   */
  public record Config(
      int agents,
      List<Point> targets,
      int byzantineAgents,
      int rounds,
      long seed,
      double areaSide,
      double neighbourRadius,
      int maxInNeighbours,
      int noisyDirectionAgents,
      double byzantineLow,
      double byzantineHigh,
      long startMillis,
      long roundMillis,
      String attack,
      Map<String, Integer> minByzantineInNeighbours,
      List<Integer> noisyDirectionIndices) {

    public Config {
      noisyDirectionIndices = List.copyOf(noisyDirectionIndices);
      targets = List.copyOf(targets);
      Objects.requireNonNull(minByzantineInNeighbours, "minByzantineInNeighbours");
      minByzantineInNeighbours =
          Collections.unmodifiableMap(new TreeMap<>(minByzantineInNeighbours));
      requireAtLeast("agents", agents, 1);
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("targets must not be empty");
      }
      if (byzantineAgents < 0 || byzantineAgents >= agents) {
        throw new IllegalArgumentException(
            "byzantineAgents must be in [0, agents - 1] = [0, "
                + (agents - 1)
                + "], got "
                + byzantineAgents);
      }
      requireAtLeast("rounds", rounds, 1);
      requirePositive("areaSide", areaSide);
      requirePositive("neighbourRadius", neighbourRadius);
      requireAtLeast("maxInNeighbours", maxInNeighbours, 0);
      int normal = agents - byzantineAgents;
      if (noisyDirectionAgents < 0 || noisyDirectionAgents > normal) {
        throw new IllegalArgumentException(
            "noisyDirectionAgents must be in [0, number of normal agents] = [0, "
                + normal
                + "], got "
                + noisyDirectionAgents);
      }
      if (!noisyDirectionIndices.isEmpty()
          && (noisyDirectionIndices.size() != noisyDirectionAgents
              || noisyDirectionIndices.stream().distinct().count() != noisyDirectionAgents
              || noisyDirectionIndices.stream().anyMatch(k -> k < 0 || k >= agents))) {
        throw new IllegalArgumentException(
            "noisyDirectionIndices must hold noisyDirectionAgents = "
                + noisyDirectionAgents
                + " distinct agent indices in [0, "
                + (agents - 1)
                + "], got "
                + noisyDirectionIndices);
      }
      if (!(byzantineLow < byzantineHigh)) {
        throw new IllegalArgumentException(
            "byzantineLow must be below byzantineHigh, got ["
                + byzantineLow
                + ", "
                + byzantineHigh
                + ")");
      }
      requireAtLeast("roundMillis", roundMillis, 1);
      if (attack != null) {
        // Rejects an invalid spec now, with the parser's message, not when the scenario is built.
        AttackSpec.parse(attack);
      }
      minByzantineInNeighbours.forEach(
          (agent, minimum) -> {
            if (minimum < 1 || minimum > maxInNeighbours) {
              throw new IllegalArgumentException(
                  "minByzantineInNeighbours of "
                      + agent
                      + " must be in [1, maxInNeighbours] = [1, "
                      + maxInNeighbours
                      + "], got "
                      + minimum);
            }
          });
    }

    /**
     * Creates the settings with the default attack and no minimum of Byzantine in-neighbours, the
     * fields that existed before attacks were configurable.
     */
    public Config(
        int agents,
        List<Point> targets,
        int byzantineAgents,
        int rounds,
        long seed,
        double areaSide,
        double neighbourRadius,
        int maxInNeighbours,
        int noisyDirectionAgents,
        double byzantineLow,
        double byzantineHigh,
        long startMillis,
        long roundMillis) {
      this(
          agents,
          targets,
          byzantineAgents,
          rounds,
          seed,
          areaSide,
          neighbourRadius,
          maxInNeighbours,
          noisyDirectionAgents,
          byzantineLow,
          byzantineHigh,
          startMillis,
          roundMillis,
          null,
          Map.of(),
          List.of());
    }

    /**
     * Returns the settings of the case study: 100 agents, targets (10, 10), (10, 20), (20, 10) and
     * (20, 20), 20 Byzantine agents, 500 rounds of 1000 ms from 2026-01-01T00:00Z, seed 1.
     */
    public static Config defaults() {
      return builder().build();
    }

    /** Returns a builder that starts from {@link #defaults()}. */
    public static Builder builder() {
      return new Builder();
    }

    /** Returns a builder that starts from these settings. */
    public Builder toBuilder() {
      return new Builder()
          .agents(agents)
          .targets(targets)
          .byzantineAgents(byzantineAgents)
          .rounds(rounds)
          .seed(seed)
          .areaSide(areaSide)
          .neighbourRadius(neighbourRadius)
          .maxInNeighbours(maxInNeighbours)
          .noisyDirectionAgents(noisyDirectionAgents)
          .byzantineBox(byzantineLow, byzantineHigh)
          .timing(startMillis, roundMillis)
          .attack(attack)
          .minByzantineInNeighbours(minByzantineInNeighbours)
          .noisyDirectionIndices(noisyDirectionIndices);
    }

    private static void requireAtLeast(String name, long value, long minimum) {
      if (value < minimum) {
        throw new IllegalArgumentException(name + " must be >= " + minimum + ", got " + value);
      }
    }

    private static void requirePositive(String name, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
      }
    }
  }

  /** Builder of {@link Config}; every field starts at its default. */
  public static final class Builder {
    private int agents = 100;
    private List<Point> targets =
        List.of(new Point(10, 10), new Point(10, 20), new Point(20, 10), new Point(20, 20));
    private int byzantineAgents = 20;
    private int rounds = 500;
    private long seed = 1L;
    private double areaSide = 3.0;
    private double neighbourRadius = 1.0;
    private int maxInNeighbours = 9;
    private int noisyDirectionAgents = 5;
    private double byzantineLow = 15.0;
    private double byzantineHigh = 16.0;
    private long startMillis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private long roundMillis = 1000L;
    private String attack = null;
    private Map<String, Integer> minByzantineInNeighbours = Map.of();
    private List<Integer> noisyDirectionIndices = List.of();

    private Builder() {}

    public Builder agents(int value) {
      agents = value;
      return this;
    }

    public Builder targets(List<Point> value) {
      targets = value;
      return this;
    }

    public Builder byzantineAgents(int value) {
      byzantineAgents = value;
      return this;
    }

    public Builder rounds(int value) {
      rounds = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder areaSide(double value) {
      areaSide = value;
      return this;
    }

    public Builder neighbourRadius(double value) {
      neighbourRadius = value;
      return this;
    }

    public Builder maxInNeighbours(int value) {
      maxInNeighbours = value;
      return this;
    }

    public Builder noisyDirectionAgents(int value) {
      noisyDirectionAgents = value;
      return this;
    }

    /** Sets the box [low, high)² that Byzantine models are drawn from. */
    public Builder byzantineBox(double low, double high) {
      byzantineLow = low;
      byzantineHigh = high;
      return this;
    }

    /** Sets the event time of round 0 and the round length, both in milliseconds. */
    public Builder timing(long start, long roundLength) {
      startMillis = start;
      roundMillis = roundLength;
      return this;
    }

    /** Sets the attack spec of every Byzantine agent; {@code null} restores the default attack. */
    public Builder attack(String spec) {
      attack = spec;
      return this;
    }

    /** Sets the agents that must be normal and their minimum numbers of Byzantine in-neighbours. */
    public Builder minByzantineInNeighbours(Map<String, Integer> value) {
      minByzantineInNeighbours = value;
      return this;
    }

    /**
     * Sets the agents with high direction noise by index, and their number; an empty list restores
     * the random choice among the normal agents.
     */
    public Builder noisyDirectionIndices(List<Integer> value) {
      noisyDirectionIndices = value;
      if (!value.isEmpty()) {
        noisyDirectionAgents = value.size();
      }
      return this;
    }

    /**
     * Creates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range; the message names the field
     */
    public Config build() {
      return new Config(
          agents,
          targets,
          byzantineAgents,
          rounds,
          seed,
          areaSide,
          neighbourRadius,
          maxInNeighbours,
          noisyDirectionAgents,
          byzantineLow,
          byzantineHigh,
          startMillis,
          roundMillis,
          attack,
          minByzantineInNeighbours,
          noisyDirectionIndices);
    }
  }

  /** Per-agent constants drawn once from the seed. */
  private record AgentSetup(
      Point position, Point target, double directionNoise, double rangeNoise) {}

  private final Config config;
  private final TargetLocalization model = new TargetLocalization();
  private final List<String> agentIds;
  private final Map<String, Integer> indexById;
  private final List<AgentSetup> setups;
  private final List<String> normalAgents;
  private final Set<String> byzantineAgents;
  private final Topology topology;
  private final AttackPlan attackPlan;

  /**
   * Creates the scenario of {@code config}; all draws that do not depend on the round happen here.
   *
   * @throws IllegalArgumentException if {@link Config#minByzantineInNeighbours()} names an unknown
   *     agent or cannot be met. The message names the requirement and the reason.
   */
  public TargetLocalizationScenario(Config config) {
    this(config, null);
  }

  /**
   * Creates the scenario of {@code config} with the attacks of {@code attacks}.
   *
   * <p>The Byzantine agents depend only on {@code config}, so a caller can read them from a
   * scenario built from the same settings and build a plan for them, such as one attack per agent.
   *
   * @param attacks the attack of every Byzantine agent, or {@code null} for {@link Config#attack()}
   *     or the default attack
   * @throws IllegalArgumentException if the plan's attackers are not exactly the Byzantine agents,
   *     if both a plan and {@link Config#attack()} are given, or if an attack does not fit the
   *     two-parameter model
   */
  public TargetLocalizationScenario(Config config, AttackPlan attacks) {
    this.config = Objects.requireNonNull(config, "config");
    int agents = config.agents();
    this.agentIds = agentIds(agents);
    this.indexById = new HashMap<>();
    for (int k = 0; k < agents; k++) {
      indexById.put(agentIds.get(k), k);
    }

    List<Point> positions = drawPositions();
    this.topology = buildTopology(positions);
    int[] targetIndex = assignTargets();
    Set<Integer> byzantineIndices = drawByzantineIndices();

    List<String> normal = new ArrayList<>();
    Set<String> byzantine = new LinkedHashSet<>();
    for (int k = 0; k < agents; k++) {
      if (byzantineIndices.contains(k)) {
        byzantine.add(agentIds.get(k));
      } else {
        normal.add(agentIds.get(k));
      }
    }
    this.normalAgents = List.copyOf(normal);
    this.byzantineAgents = Collections.unmodifiableSet(byzantine);

    this.setups = drawSetups(positions, targetIndex, byzantineIndices);
    this.attackPlan = choosePlan(attacks);
    attackPlan.checkDimension(model.dimension());
  }

  /** Creates the scenario with {@link Config#defaults()}. */
  public static TargetLocalizationScenario withDefaults() {
    return new TargetLocalizationScenario(Config.defaults());
  }

  private static List<String> agentIds(int agents) {
    int width = Math.max(3, String.valueOf(agents - 1).length());
    List<String> ids = new ArrayList<>(agents);
    for (int k = 0; k < agents; k++) {
      ids.add(String.format(Locale.ROOT, "a%0" + width + "d", k));
    }
    return List.copyOf(ids);
  }

  private List<Point> drawPositions() {
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_POSITIONS);
    List<Point> positions = new ArrayList<>(config.agents());
    for (int k = 0; k < config.agents(); k++) {
      double x = random.nextDouble(0, config.areaSide());
      double y = random.nextDouble(0, config.areaSide());
      positions.add(new Point(x, y));
    }
    return positions;
  }

  /** Spreads the agents over the targets in equal shares, in random order. */
  private int[] assignTargets() {
    int[] order = shuffledIndices(config.agents(), Seeds.stream(config.seed(), STREAM_TARGETS));
    int[] targetIndex = new int[config.agents()];
    for (int position = 0; position < order.length; position++) {
      targetIndex[order[position]] = position % config.targets().size();
    }
    return targetIndex;
  }

  /** Picks the Byzantine agents as the class comment describes under Byzantine placement. */
  private Set<Integer> drawByzantineIndices() {
    int[] order = shuffledIndices(config.agents(), Seeds.stream(config.seed(), STREAM_BYZANTINE));
    Map<Integer, Integer> minimums = minimumsByIndex();
    Set<Integer> indices = new LinkedHashSet<>();
    if (!minimums.isEmpty()) {
      int[] rank = new int[order.length];
      for (int position = 0; position < order.length; position++) {
        rank[order[position]] = position;
      }
      minimums.forEach((agent, minimum) -> placeNear(agent, minimum, rank, minimums, indices));
      if (indices.size() > config.byzantineAgents()) {
        // NOTE: The greedy choice may use more Byzantine agents than the fewest that would do.
        throw new IllegalArgumentException(
            "minByzantineInNeighbours needs "
                + indices.size()
                + " Byzantine agents with this seed, more than byzantineAgents = "
                + config.byzantineAgents()
                + "; raise byzantineAgents or lower the minimums");
      }
    }
    for (int position = 0;
        position < order.length && indices.size() < config.byzantineAgents();
        position++) {
      if (!minimums.containsKey(order[position])) {
        indices.add(order[position]);
      }
    }
    if (indices.size() < config.byzantineAgents()) {
      throw new IllegalArgumentException(
          "Only "
              + indices.size()
              + " agents are left to turn Byzantine once the "
              + minimums.size()
              + " agents of minByzantineInNeighbours stay normal, fewer than byzantineAgents = "
              + config.byzantineAgents());
    }
    return indices;
  }

  /**
   * Returns the in-neighbour minimums keyed by agent index, sorted by index (which is id order).
   */
  private Map<Integer, Integer> minimumsByIndex() {
    Map<Integer, Integer> minimums = new TreeMap<>();
    config
        .minByzantineInNeighbours()
        .forEach(
            (agent, minimum) -> {
              Integer index = indexById.get(agent);
              if (index == null) {
                throw new IllegalArgumentException(
                    "minByzantineInNeighbours names unknown agent '"
                        + agent
                        + "'; ids run from "
                        + agentIds.get(0)
                        + " to "
                        + agentIds.get(agentIds.size() - 1));
              }
              minimums.put(index, minimum);
            });
    return minimums;
  }

  /** Adds in-neighbours of {@code agent} to {@code byzantine} until it has {@code minimum}. */
  private void placeNear(
      int agent, int minimum, int[] rank, Map<Integer, Integer> required, Set<Integer> byzantine) {
    List<Integer> candidates = new ArrayList<>();
    for (String neighbour : topology.inNeighbours(agentIds.get(agent))) {
      int index = indexById.get(neighbour);
      if (!required.containsKey(index)) {
        candidates.add(index);
      }
    }
    if (candidates.size() < minimum) {
      throw new IllegalArgumentException(
          "Agent "
              + agentIds.get(agent)
              + " has "
              + candidates.size()
              + " in-neighbours outside minByzantineInNeighbours, fewer than its minimum of "
              + minimum
              + " Byzantine in-neighbours; choose another agent or raise neighbourRadius");
    }
    candidates.sort(Comparator.comparingInt(index -> rank[index]));
    int have = 0;
    for (int candidate : candidates) {
      if (byzantine.contains(candidate)) {
        have++;
      }
    }
    for (int i = 0; i < candidates.size() && have < minimum; i++) {
      if (byzantine.add(candidates.get(i))) {
        have++;
      }
    }
  }

  private List<AgentSetup> drawSetups(
      List<Point> positions, int[] targetIndex, Set<Integer> byzantineIndices) {
    // Noise levels are drawn for every agent, Byzantine ones included, so that the levels of the
    // normal agents do not change with the Byzantine count.
    SplittableRandom levels = Seeds.stream(config.seed(), STREAM_NOISE_LEVELS);
    double[] directionNoise = new double[config.agents()];
    double[] rangeNoise = new double[config.agents()];
    for (int k = 0; k < config.agents(); k++) {
      directionNoise[k] = levels.nextDouble(MIN_DIRECTION_NOISE, MAX_DIRECTION_NOISE);
      rangeNoise[k] = levels.nextDouble(MIN_RANGE_NOISE, MAX_RANGE_NOISE);
    }

    List<Integer> normalIndices = new ArrayList<>();
    for (int k = 0; k < config.agents(); k++) {
      if (!byzantineIndices.contains(k)) {
        normalIndices.add(k);
      }
    }
    if (config.noisyDirectionIndices().isEmpty()) {
      int[] noisyOrder =
          shuffledIndices(normalIndices.size(), Seeds.stream(config.seed(), STREAM_NOISY_AGENTS));
      for (int i = 0; i < config.noisyDirectionAgents(); i++) {
        directionNoise[normalIndices.get(noisyOrder[i])] = HIGH_DIRECTION_NOISE;
      }
    } else {
      for (int k : config.noisyDirectionIndices()) {
        if (byzantineIndices.contains(k)) {
          throw new IllegalArgumentException(
              "Agent "
                  + k
                  + " in noisyDirectionIndices turned Byzantine; name only agents that stay"
                  + " normal");
        }
        directionNoise[k] = HIGH_DIRECTION_NOISE;
      }
    }

    List<AgentSetup> result = new ArrayList<>(config.agents());
    for (int k = 0; k < config.agents(); k++) {
      Point target = config.targets().get(targetIndex[k]);
      if (target.distanceTo(positions.get(k)) == 0) {
        throw new IllegalArgumentException(
            "Agent " + agentIds.get(k) + " sits exactly on its target " + target);
      }
      result.add(new AgentSetup(positions.get(k), target, directionNoise[k], rangeNoise[k]));
    }
    return List.copyOf(result);
  }

  /**
   * Returns the plan given, the plan of {@link Config#attack()} or the default plan, in that order
   * of preference, after checking that only one was given.
   */
  private AttackPlan choosePlan(AttackPlan attacks) {
    if (attacks != null) {
      if (config.attack() != null) {
        throw new IllegalArgumentException(
            "Both an attack plan and the attack spec '"
                + config.attack()
                + "' were given; set only one");
      }
      if (!attacks.attackers().equals(byzantineAgents)) {
        throw new IllegalArgumentException(
            "The attack plan covers "
                + attacks.attackers()
                + ", but the Byzantine agents are "
                + new TreeSet<>(byzantineAgents));
      }
      return attacks;
    }
    if (config.attack() != null) {
      Attack attack = AttackSpec.parse(config.attack());
      Map<String, Attack> uniform = new HashMap<>();
      for (String agent : byzantineAgents) {
        uniform.put(agent, attack);
      }
      return AttackPlan.of(uniform, indexById, config.seed(), STREAM_BYZANTINE_MODELS);
    }
    Map<String, FixedModelAttack> fixed = new HashMap<>();
    drawByzantineModels().forEach((agent, model) -> fixed.put(agent, new FixedModelAttack(model)));
    return AttackPlan.of(fixed, indexById, config.seed(), STREAM_BYZANTINE_MODELS);
  }

  private Map<String, double[]> drawByzantineModels() {
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_BYZANTINE_MODELS);
    Map<String, double[]> models = new HashMap<>();
    // Draw in id order, not in selection order, so that each model depends only on the seed.
    for (String id : agentIds) {
      double x = random.nextDouble(config.byzantineLow(), config.byzantineHigh());
      double y = random.nextDouble(config.byzantineLow(), config.byzantineHigh());
      if (byzantineAgents.contains(id)) {
        models.put(id, new double[] {x, y});
      }
    }
    return models;
  }

  /** Links each agent to the other agents within the radius, keeping the nearest ones. */
  private Topology buildTopology(List<Point> positions) {
    Map<String, List<String>> inNeighbours = new TreeMap<>();
    for (int k = 0; k < config.agents(); k++) {
      Point own = positions.get(k);
      List<Integer> candidates = new ArrayList<>();
      for (int l = 0; l < config.agents(); l++) {
        if (l != k && own.distanceTo(positions.get(l)) <= config.neighbourRadius()) {
          candidates.add(l);
        }
      }
      candidates.sort(
          Comparator.comparingDouble((Integer l) -> own.distanceTo(positions.get(l)))
              .thenComparing(l -> l));
      List<String> nearest = new ArrayList<>();
      for (int i = 0; i < Math.min(candidates.size(), config.maxInNeighbours()); i++) {
        nearest.add(agentIds.get(candidates.get(i)));
      }
      inNeighbours.put(agentIds.get(k), nearest);
    }
    return Topology.of(inNeighbours);
  }

  private static int[] shuffledIndices(int size, SplittableRandom random) {
    int[] indices = new int[size];
    for (int i = 0; i < size; i++) {
      indices[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
    }
    return indices;
  }

  /** Returns the settings this scenario was created with. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public List<String> normalAgents() {
    return normalAgents;
  }

  @Override
  public Set<String> byzantineAgents() {
    return byzantineAgents;
  }

  @Override
  public long startMillis() {
    return config.startMillis();
  }

  @Override
  public long roundMillis() {
    return config.roundMillis();
  }

  @Override
  public int rounds() {
    return config.rounds();
  }

  /** Returns the position x_k of any agent, Byzantine ones included. */
  public Point position(String agentId) {
    return setups.get(indexOf(agentId)).position();
  }

  /** Returns the direction noise σ_u of any agent; it is only used for normal agents. */
  public double directionNoise(String agentId) {
    return setups.get(indexOf(agentId)).directionNoise();
  }

  /** Returns the range noise σ_d of any agent; it is only used for normal agents. */
  public double rangeNoise(String agentId) {
    return setups.get(indexOf(agentId)).rangeNoise();
  }

  /** Returns the position of the target that a normal agent localizes. */
  @Override
  public double[] trueModel(String agentId) {
    requireNormal(agentId);
    Point target = setups.get(indexOf(agentId)).target();
    return new double[] {target.x(), target.y()};
  }

  /**
   * Returns one sample per normal agent, in id order, stamped at the middle of the round.
   *
   * @throws IllegalArgumentException if {@code round} is outside [0, rounds)
   */
  @Override
  public List<TimedSample> samples(int round) {
    if (round < 0 || round >= config.rounds()) {
      throw new IllegalArgumentException(
          "round must be in [0, " + config.rounds() + "), got " + round);
    }
    long timestamp = config.startMillis() + round * config.roundMillis() + config.roundMillis() / 2;
    List<TimedSample> samples = new ArrayList<>(normalAgents.size());
    for (String agentId : normalAgents) {
      samples.add(new TimedSample(agentId, timestamp, observe(indexById.get(agentId), round)));
    }
    return samples;
  }

  private Sample observe(int agentIndex, int round) {
    AgentSetup setup = setups.get(agentIndex);
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_OBSERVATIONS, agentIndex, round);
    double x = setup.position().x();
    double y = setup.position().y();
    double dx = setup.target().x() - x;
    double dy = setup.target().y() - y;
    double distance = Math.hypot(dx, dy);

    double ux = dx / distance + setup.directionNoise() * random.nextGaussian();
    double uy = dy / distance + setup.directionNoise() * random.nextGaussian();
    double d = ux * dx + uy * dy + setup.rangeNoise() * random.nextGaussian();
    return TargetLocalization.observation(new double[] {x, y}, new double[] {ux, uy}, d);
  }

  /** Returns the attack of every Byzantine agent. */
  public AttackPlan attackPlan() {
    return attackPlan;
  }

  /**
   * Returns the model a Byzantine agent publishes in {@code round}, as a new array, or {@code null}
   * when its attack keeps it silent.
   *
   * <p>The default attack publishes a constant model in every round and ignores {@code
   * honestModels}. The models of all agents, Byzantine or not, are drawn in id order from the one
   * stream {@code Seeds.stream(seed, 6)}, two coordinates per agent, so each model depends only on
   * the seed. An attack spec or plan draws from {@code Seeds.mix(seed, 6, k)} and {@code
   * Seeds.mix(seed, 6, k, round)} instead, where k is the agent's index (see {@link AttackPlan}).
   * So {@code box-constant:15,16} follows the default's distribution but not its values.
   *
   * @throws IllegalArgumentException if {@code agentId} is not Byzantine or {@code round} is
   *     negative
   */
  @Override
  public double[] byzantineModel(String agentId, int round, Map<String, double[]> honestModels) {
    if (!byzantineAgents.contains(agentId)) {
      throw new IllegalArgumentException("Agent " + agentId + " is not a Byzantine agent");
    }
    return attackPlan.model(agentId, round, topology, model.dimension(), honestModels);
  }

  @Override
  public Set<String> silentAttackers(int round) {
    return attackPlan.silentAttackers(round);
  }

  private int indexOf(String agentId) {
    Integer index = indexById.get(agentId);
    if (index == null) {
      throw new IllegalArgumentException("Unknown agent id '" + agentId + "'");
    }
    return index;
  }

  private void requireNormal(String agentId) {
    indexOf(agentId);
    if (byzantineAgents.contains(agentId)) {
      throw new IllegalArgumentException(
          "Agent " + agentId + " is Byzantine and has no true model");
    }
  }
}
