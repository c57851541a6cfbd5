package io.resilientmtl.job.scenario;

import io.resilientmtl.job.attack.Attack;
import io.resilientmtl.job.attack.AttackPlan;
import io.resilientmtl.job.attack.AttackSpec;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Classifier;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
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
 * A small synthetic multi-task classification problem, for tests and demos of classifiers.
 *
 * <p>Tasks: agent k (ids {@code a000}, {@code a001}, ...) belongs to task k mod T. Every task has
 * the same C class-conditional Gaussians N(μ, σ² I) over n features, but labels them differently:
 * in task t, class c has the mean r·e_{(c + t) mod C}, where e_j is the j-th unit vector. So
 * neighbours of the same task help, and a model of another task predicts a shifted class on almost
 * every sample. Because tasks t and t + C would coincide, T ≤ C is required, and C ≤ n.
 *
 * <p>With the defaults (r = 3, σ = 1) two class means lie r·√2 ≈ 4.24 apart. The classifier
 * argmax_c x_{(c + t) mod C}, the Bayes classifier of task t, mistakes a class for one given other
 * class with probability Φ(−r/√2) ≈ 0.017, so by the union bound its accuracy is at least about
 * 0.966.
 *
 * <p>Samples: in round i a normal agent k has {@link Config#samplesPerRound()} samples, each with a
 * label uniform in [0, C) and features drawn from that label's Gaussian in its task, all from
 * {@code Seeds.stream(seed, SAMPLES, k, i)}. Sample j of m is stamped at start + i·T + (j + 1)·T /
 * (m + 1), inside the round. Each task also has a held-out test set of {@link
 * Config#testSamplesPerTask()} samples with labels 0, 1, ..., C − 1 in turn, for {@link #accuracy}.
 *
 * <p>Graph: every agent has a uniform random position in [0, 1]², and its in-neighbours are the k
 * nearest other agents, ties going to the lower index. With k ≥ agents − 1, such as {@link
 * Config#COMPLETE_GRAPH}, the graph is complete. Byzantine agents are picked at random, have no
 * samples, and publish what {@link Config#attack()} or an {@link AttackPlan} sets: by default
 * {@value #DEFAULT_ATTACK}, a fresh model from [−20, 20)^d in every round. Their draws come from
 * {@code Seeds.mix(seed, BYZANTINE_MODELS, k)} and {@code Seeds.mix(seed, BYZANTINE_MODELS, k,
 * round)}; see {@link AttackPlan}.
 *
 * <p>The caller chooses the model, such as {@code SoftmaxRegression(n, C)} or {@code
 * MultilayerPerceptron(n, hidden, C)}.
 */
public final class ClassificationScenario implements Scenario {

  /** Scenario name used in file and topic names. */
  public static final String NAME = "synthetic-classification";

  /** Attack spec used when neither {@link Config#attack()} nor a plan is given. */
  public static final String DEFAULT_ATTACK = "box-fresh:-20,20";

  private static final long STREAM_POSITIONS = 1;
  private static final long STREAM_BYZANTINE = 2;
  private static final long STREAM_BYZANTINE_MODELS = 3;
  private static final long STREAM_SAMPLES = 4;
  private static final long STREAM_TEST = 5;

  /**
   * Settings of a classification scenario. Start from {@link #defaults()} and change fields with
   * {@link #toBuilder()}, or build them with {@link #builder()}.
   *
   * @param agents number of agents, Byzantine ones included
   * @param tasks number of tasks T, in [1, classes]
   * @param classes number of classes C, at least 2 and at most {@code features}
   * @param features number of features n
   * @param byzantineAgents number of Byzantine agents; 0 allowed, at least one agent stays normal
   * @param rounds number of rounds
   * @param seed seed of every random draw
   * @param samplesPerRound samples each normal agent has per round: one entry for all agents, or
   *     one per agent in index order (entries of Byzantine agents are ignored); entries >= 0
   * @param neighbours number of nearest in-neighbours; values >= agents − 1 give the complete graph
   * @param meanRadius distance r of every class mean from the origin
   * @param noise standard deviation σ of every feature around its class mean
   * @param testSamplesPerTask size of each task's held-out test set
   * @param attack attack spec of every Byzantine agent (grammar in {@link AttackSpec}), or {@code
   *     null} for {@value ClassificationScenario#DEFAULT_ATTACK}
   * @param startMillis event time of the start of round 0, in milliseconds since the Unix epoch
   * @param roundMillis round length in milliseconds of event time
   */
  public record Config(
      int agents,
      int tasks,
      int classes,
      int features,
      int byzantineAgents,
      int rounds,
      long seed,
      List<Integer> samplesPerRound,
      int neighbours,
      double meanRadius,
      double noise,
      int testSamplesPerTask,
      String attack,
      long startMillis,
      long roundMillis) {

    /** Value of {@link #neighbours()} that gives the complete graph for any number of agents. */
    public static final int COMPLETE_GRAPH = Integer.MAX_VALUE;

    public Config {
      samplesPerRound = List.copyOf(samplesPerRound);
      requireAtLeast("agents", agents, 1);
      requireAtLeast("classes", classes, 2);
      requireAtLeast("features", features, classes);
      if (tasks < 1 || tasks > classes) {
        throw new IllegalArgumentException(
            "tasks must be in [1, classes] = [1, " + classes + "], got " + tasks);
      }
      if (byzantineAgents < 0 || byzantineAgents >= agents) {
        throw new IllegalArgumentException(
            "byzantineAgents must be in [0, agents - 1] = [0, "
                + (agents - 1)
                + "], got "
                + byzantineAgents);
      }
      requireAtLeast("rounds", rounds, 1);
      if (samplesPerRound.size() != 1 && samplesPerRound.size() != agents) {
        throw new IllegalArgumentException(
            "samplesPerRound must have 1 entry or one per agent ("
                + agents
                + "), got "
                + samplesPerRound.size());
      }
      for (int count : samplesPerRound) {
        requireAtLeast("every samplesPerRound entry", count, 0);
      }
      requireAtLeast("neighbours", neighbours, 0);
      requirePositive("meanRadius", meanRadius);
      requirePositive("noise", noise);
      requireAtLeast("testSamplesPerTask", testSamplesPerTask, 1);
      if (attack != null) {
        // Rejects an invalid spec now, with the parser's message, not when the scenario is built.
        AttackSpec.parse(attack);
      }
      requireAtLeast("roundMillis", roundMillis, 1);
    }

    /**
     * Returns 12 agents (2 Byzantine) in 3 tasks, 3 classes, 8 features, 4 samples per agent and
     * round, the complete graph, r = 3, σ = 1, 300 test samples per task, 200 rounds of 1000 ms
     * from 2026-01-01T00:00Z, seed 1 and the default attack.
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
          .tasks(tasks)
          .classes(classes)
          .features(features)
          .byzantineAgents(byzantineAgents)
          .rounds(rounds)
          .seed(seed)
          .samplesPerRound(samplesPerRound)
          .neighbours(neighbours)
          .meanRadius(meanRadius)
          .noise(noise)
          .testSamplesPerTask(testSamplesPerTask)
          .attack(attack)
          .timing(startMillis, roundMillis);
    }

    /** Returns the number of samples agent {@code index} has per round. */
    int samplesPerRound(int index) {
      return samplesPerRound.size() == 1 ? samplesPerRound.get(0) : samplesPerRound.get(index);
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
    private int agents = 12;
    private int tasks = 3;
    private int classes = 3;
    private int features = 8;
    private int byzantineAgents = 2;
    private int rounds = 200;
    private long seed = 1L;
    private List<Integer> samplesPerRound = List.of(4);
    private int neighbours = Config.COMPLETE_GRAPH;
    private double meanRadius = 3.0;
    private double noise = 1.0;
    private int testSamplesPerTask = 300;
    private String attack = null;
    private long startMillis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private long roundMillis = 1000L;

    private Builder() {}

    public Builder agents(int value) {
      agents = value;
      return this;
    }

    public Builder tasks(int value) {
      tasks = value;
      return this;
    }

    public Builder classes(int value) {
      classes = value;
      return this;
    }

    public Builder features(int value) {
      features = value;
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

    /** Sets one count for every agent, or one per agent in index order. */
    public Builder samplesPerRound(List<Integer> value) {
      samplesPerRound = value;
      return this;
    }

    /** Sets the same count for every agent. */
    public Builder samplesPerRound(int value) {
      samplesPerRound = List.of(value);
      return this;
    }

    public Builder neighbours(int value) {
      neighbours = value;
      return this;
    }

    /** Links every agent to every other one. */
    public Builder completeGraph() {
      neighbours = Config.COMPLETE_GRAPH;
      return this;
    }

    public Builder meanRadius(double value) {
      meanRadius = value;
      return this;
    }

    public Builder noise(double value) {
      noise = value;
      return this;
    }

    public Builder testSamplesPerTask(int value) {
      testSamplesPerTask = value;
      return this;
    }

    /** Sets the attack spec of every Byzantine agent; {@code null} restores the default attack. */
    public Builder attack(String spec) {
      attack = spec;
      return this;
    }

    /** Sets the event time of round 0 and the round length, both in milliseconds. */
    public Builder timing(long start, long roundLength) {
      startMillis = start;
      roundMillis = roundLength;
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
          tasks,
          classes,
          features,
          byzantineAgents,
          rounds,
          seed,
          samplesPerRound,
          neighbours,
          meanRadius,
          noise,
          testSamplesPerTask,
          attack,
          startMillis,
          roundMillis);
    }
  }

  private final Config config;
  private final Model model;
  private final List<String> agentIds;
  private final Map<String, Integer> indexById;
  private final List<String> normalAgents;
  private final Set<String> byzantineAgents;
  private final Topology topology;
  private final List<List<Sample>> testSets;
  private final AttackPlan attackPlan;

  /**
   * Creates the scenario; all draws that do not depend on the round happen here.
   *
   * @param model the model every normal agent learns; it must accept the scenario's samples
   * @throws IllegalArgumentException if the model rejects a sample of the scenario, or is a {@link
   *     Classifier} with another number of classes
   */
  public ClassificationScenario(Config config, Model model) {
    this(config, model, null);
  }

  /**
   * Creates the scenario with the attacks of {@code attacks}.
   *
   * <p>The Byzantine agents depend only on {@code config}, so a caller can read them from a
   * scenario built from the same settings and build a plan for them.
   *
   * @param attacks the attack of every Byzantine agent, or {@code null} for {@link Config#attack()}
   *     or the default attack
   * @throws IllegalArgumentException if the model does not fit, the plan's attackers are not
   *     exactly the Byzantine agents, both a plan and {@link Config#attack()} are given, or an
   *     attack does not fit the model's dimension
   */
  public ClassificationScenario(Config config, Model model, AttackPlan attacks) {
    this.config = Objects.requireNonNull(config, "config");
    this.model = Objects.requireNonNull(model, "model");
    this.agentIds = agentIds(config.agents());
    this.indexById = new HashMap<>();
    for (int k = 0; k < agentIds.size(); k++) {
      indexById.put(agentIds.get(k), k);
    }

    Set<String> byzantine = drawByzantineAgents();
    List<String> normal = new ArrayList<>();
    for (String id : agentIds) {
      if (!byzantine.contains(id)) {
        normal.add(id);
      }
    }
    this.normalAgents = List.copyOf(normal);
    this.byzantineAgents = Collections.unmodifiableSet(byzantine);
    this.topology = nearestNeighbours(drawPositions());
    this.testSets = drawTestSets();
    checkModel();
    this.attackPlan = choosePlan(attacks);
    attackPlan.checkDimension(model.dimension());
  }

  private static List<String> agentIds(int agents) {
    int width = Math.max(3, String.valueOf(agents - 1).length());
    List<String> ids = new ArrayList<>(agents);
    for (int k = 0; k < agents; k++) {
      ids.add(String.format(Locale.ROOT, "a%0" + width + "d", k));
    }
    return List.copyOf(ids);
  }

  private Set<String> drawByzantineAgents() {
    List<String> ids = new ArrayList<>(agentIds);
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_BYZANTINE);
    for (int i = ids.size() - 1; i > 0; i--) {
      Collections.swap(ids, i, random.nextInt(i + 1));
    }
    return new LinkedHashSet<>(new TreeSet<>(ids.subList(0, config.byzantineAgents())));
  }

  private double[][] drawPositions() {
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_POSITIONS);
    double[][] positions = new double[config.agents()][];
    for (int k = 0; k < positions.length; k++) {
      positions[k] = new double[] {random.nextDouble(), random.nextDouble()};
    }
    return positions;
  }

  /** Links each agent to its nearest other agents; ties go to the lower index. */
  private Topology nearestNeighbours(double[][] positions) {
    int keep = (int) Math.min(config.neighbours(), (long) config.agents() - 1);
    Map<String, List<String>> inNeighbours = new TreeMap<>();
    for (int k = 0; k < positions.length; k++) {
      double[] own = positions[k];
      List<Integer> others = new ArrayList<>();
      for (int l = 0; l < positions.length; l++) {
        if (l != k) {
          others.add(l);
        }
      }
      others.sort(
          Comparator.comparingDouble(
                  (Integer l) -> Math.hypot(positions[l][0] - own[0], positions[l][1] - own[1]))
              .thenComparing(l -> l));
      List<String> nearest = new ArrayList<>(keep);
      for (int i = 0; i < keep; i++) {
        nearest.add(agentIds.get(others.get(i)));
      }
      inNeighbours.put(agentIds.get(k), nearest);
    }
    return Topology.of(inNeighbours);
  }

  private List<List<Sample>> drawTestSets() {
    List<List<Sample>> sets = new ArrayList<>(config.tasks());
    for (int task = 0; task < config.tasks(); task++) {
      SplittableRandom random = Seeds.stream(config.seed(), STREAM_TEST, task);
      List<Sample> set = new ArrayList<>(config.testSamplesPerTask());
      for (int j = 0; j < config.testSamplesPerTask(); j++) {
        int label = j % config.classes();
        set.add(Sample.classification(drawFeatures(task, label, random), label));
      }
      sets.add(List.copyOf(set));
    }
    return List.copyOf(sets);
  }

  private double[] drawFeatures(int task, int label, SplittableRandom random) {
    double[] features = new double[config.features()];
    for (int i = 0; i < features.length; i++) {
      features[i] = config.noise() * random.nextGaussian();
    }
    features[meanAxis(task, label)] += config.meanRadius();
    return features;
  }

  /** Returns the unit vector index j of the mean r·e_j of {@code label} in {@code task}. */
  private int meanAxis(int task, int label) {
    return (label + task) % config.classes();
  }

  private void checkModel() {
    if (model instanceof Classifier classifier && classifier.classes() != config.classes()) {
      throw new IllegalArgumentException(
          "Model "
              + model.kind()
              + " predicts "
              + classifier.classes()
              + " classes, but the scenario has "
              + config.classes());
    }
    // The largest label, so that a model with too few classes rejects the probe.
    Sample probe = Sample.classification(new double[config.features()], config.classes() - 1);
    String problem = model.validate(probe);
    if (problem != null) {
      throw new IllegalArgumentException(
          "Model " + model.kind() + " rejects the scenario's samples: " + problem);
    }
  }

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
                + byzantineAgents);
      }
      return attacks;
    }
    Attack attack = AttackSpec.parse(config.attack() != null ? config.attack() : DEFAULT_ATTACK);
    Map<String, Attack> uniform = new HashMap<>();
    for (String agent : byzantineAgents) {
      uniform.put(agent, attack);
    }
    return AttackPlan.of(uniform, indexById, config.seed(), STREAM_BYZANTINE_MODELS);
  }

  /** Returns the settings this scenario was created with. */
  public Config config() {
    return config;
  }

  /** Returns the attack of every Byzantine agent. */
  public AttackPlan attackPlan() {
    return attackPlan;
  }

  /**
   * Returns the task of a normal agent, in [0, tasks).
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public int task(String agentId) {
    Integer index = indexById.get(agentId);
    if (index == null) {
      throw new IllegalArgumentException("Unknown agent id '" + agentId + "'");
    }
    if (byzantineAgents.contains(agentId)) {
      throw new IllegalArgumentException("Agent " + agentId + " is Byzantine and has no task");
    }
    return index % config.tasks();
  }

  /** Returns the mean of class {@code label} in {@code task}, r·e_{(label + task) mod C}. */
  public double[] classMean(int task, int label) {
    Objects.checkIndex(task, config.tasks());
    Objects.checkIndex(label, config.classes());
    double[] mean = new double[config.features()];
    mean[meanAxis(task, label)] = config.meanRadius();
    return mean;
  }

  /**
   * Returns the held-out test set of {@code task}: {@link Config#testSamplesPerTask()} samples with
   * labels 0, 1, ..., C − 1 in turn, drawn from {@code Seeds.stream(seed, TEST, task)}.
   */
  public List<Sample> testSet(int task) {
    Objects.checkIndex(task, config.tasks());
    return testSets.get(task);
  }

  /**
   * Returns the share of the test set of the agent's task that {@code classifier} with {@code
   * parameters} labels correctly, in [0, 1].
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine, or the classifier has
   *     another number of classes
   */
  public double accuracy(String agentId, double[] parameters, Classifier classifier) {
    if (classifier.classes() != config.classes()) {
      throw new IllegalArgumentException(
          "Classifier "
              + classifier.kind()
              + " predicts "
              + classifier.classes()
              + " classes, but the scenario has "
              + config.classes());
    }
    List<Sample> test = testSets.get(task(agentId));
    int correct = 0;
    for (Sample sample : test) {
      if (classifier.predict(parameters, sample.features()) == sample.label()) {
        correct++;
      }
    }
    return (double) correct / test.size();
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

  /**
   * Returns the samples of every normal agent in {@code round}, in id order and then in draw order.
   *
   * @throws IllegalArgumentException if {@code round} is outside [0, rounds)
   */
  @Override
  public List<TimedSample> samples(int round) {
    if (round < 0 || round >= config.rounds()) {
      throw new IllegalArgumentException(
          "round must be in [0, " + config.rounds() + "), got " + round);
    }
    long roundStart = config.startMillis() + round * config.roundMillis();
    List<TimedSample> samples = new ArrayList<>();
    for (String agentId : normalAgents) {
      int index = indexById.get(agentId);
      int task = index % config.tasks();
      int count = config.samplesPerRound(index);
      SplittableRandom random = Seeds.stream(config.seed(), STREAM_SAMPLES, index, round);
      for (int j = 0; j < count; j++) {
        int label = random.nextInt(config.classes());
        double[] features = drawFeatures(task, label, random);
        long timestamp = roundStart + (j + 1) * config.roundMillis() / (count + 1);
        samples.add(new TimedSample(agentId, timestamp, Sample.classification(features, label)));
      }
    }
    return samples;
  }

  /**
   * Returns the model a Byzantine agent publishes in {@code round}, or {@code null} when its attack
   * keeps it silent.
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
}
