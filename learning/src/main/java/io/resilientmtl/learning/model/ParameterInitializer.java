package io.resilientmtl.learning.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Starting parameters w_{k,−1} of each agent: all zeros, uniform in [low, high), or normal with
 * mean 0 and a given standard deviation.
 *
 * <p>Random values depend only on the seed, the agent id and the dimension, so a restarted job and
 * every replica of it start each agent from the same vector. Each agent gets its own random stream,
 * seeded from the seed and a 64-bit FNV-1a hash of the id's UTF-8 bytes. String.hashCode would also
 * be stable, but it has only 32 bits and short ids such as "Aa" and "BB" collide.
 *
 * <p>{@link #sharedByAllAgents()} gives every agent the same random start instead, which networks
 * with hidden layers need before they combine. Their hidden units can be permuted without changing
 * what the network computes. So two networks trained from different random starts keep related
 * features at unrelated positions, and their weighted mean mixes unrelated units. From one common
 * start, agents with related tasks keep their units aligned, which is why federated averaging
 * starts every client from the same model.
 */
public final class ParameterInitializer {

  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** The distribution of the entries. */
  private enum Distribution {
    ZEROS,
    UNIFORM,
    NORMAL
  }

  private final Distribution distribution;
  private final double low;
  private final double high;
  private final double standardDeviation;
  private final long seed;
  private final boolean shared;

  private ParameterInitializer(
      Distribution distribution,
      double low,
      double high,
      double standardDeviation,
      long seed,
      boolean shared) {
    this.distribution = distribution;
    this.low = low;
    this.high = high;
    this.standardDeviation = standardDeviation;
    this.seed = seed;
    this.shared = shared;
  }

  /** Creates an initializer that starts every agent at the zero vector. */
  public static ParameterInitializer zeros() {
    return new ParameterInitializer(Distribution.ZEROS, 0.0, 0.0, 0.0, 0L, false);
  }

  /**
   * Creates an initializer that draws each entry uniformly from [low, high).
   *
   * @throws IllegalArgumentException unless low and high are finite and low < high
   */
  public static ParameterInitializer uniform(double low, double high, long seed) {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
      throw new IllegalArgumentException(
          "Uniform initialization needs finite bounds with low < high, got low="
              + low
              + " and high="
              + high);
    }
    if (!Double.isFinite(high - low)) {
      // SplittableRandom.nextDouble(origin, bound) rejects ranges whose width overflows.
      throw new IllegalArgumentException(
          "Uniform initialization range [" + low + ", " + high + ") is too wide; narrow it");
    }
    return new ParameterInitializer(Distribution.UNIFORM, low, high, 0.0, seed, false);
  }

  /**
   * Creates an initializer that draws each entry from the normal distribution with mean 0 and
   * standard deviation {@code standardDeviation}, biases included. Networks with ReLU layers need
   * such a random start, because from all zeros their hidden units never activate. √(2 / inputs) of
   * the first layer, such as 0.05 for 784 inputs, is a common choice.
   *
   * @throws IllegalArgumentException unless {@code standardDeviation} is finite and > 0
   */
  public static ParameterInitializer normal(double standardDeviation, long seed) {
    if (!(standardDeviation > 0.0) || !Double.isFinite(standardDeviation)) {
      throw new IllegalArgumentException(
          "Normal initialization needs a finite standard deviation > 0, got "
              + standardDeviation
              + "; use a value such as 0.05");
    }
    return new ParameterInitializer(Distribution.NORMAL, 0.0, 0.0, standardDeviation, seed, false);
  }

  /**
   * Returns this initializer with one random stream for all agents, so that every agent starts from
   * the same vector, drawn from the seed alone.
   */
  public ParameterInitializer sharedByAllAgents() {
    return new ParameterInitializer(distribution, low, high, standardDeviation, seed, true);
  }

  /** Returns whether every agent starts from the same vector. */
  public boolean isShared() {
    return shared;
  }

  /**
   * Returns new starting parameters for {@code agentId}, or the common ones if {@link
   * #sharedByAllAgents()} made this initializer.
   *
   * @throws IllegalArgumentException if {@code dimension} < 1
   */
  public double[] initialize(String agentId, int dimension) {
    Objects.requireNonNull(agentId, "agentId");
    if (dimension < 1) {
      throw new IllegalArgumentException(
          "Dimension must be >= 1, got " + dimension + "; pass Model.dimension()");
    }
    double[] parameters = new double[dimension];
    if (distribution == Distribution.ZEROS) {
      return parameters;
    }
    long stream = new SplittableRandom(seed).nextLong();
    SplittableRandom random = new SplittableRandom(shared ? stream : stream ^ hash(agentId));
    for (int i = 0; i < dimension; i++) {
      parameters[i] =
          distribution == Distribution.UNIFORM
              ? random.nextDouble(low, high)
              : standardDeviation * random.nextGaussian();
    }
    return parameters;
  }

  @Override
  public String toString() {
    String description =
        switch (distribution) {
          case ZEROS -> "ParameterInitializer{zeros}";
          case UNIFORM ->
              "ParameterInitializer{uniform [" + low + ", " + high + "), seed=" + seed + '}';
          case NORMAL ->
              "ParameterInitializer{normal, standard deviation "
                  + standardDeviation
                  + ", seed="
                  + seed
                  + '}';
        };
    return shared
        ? description.substring(0, description.length() - 1) + ", shared by all agents}"
        : description;
  }

  /** Returns the 64-bit FNV-1a hash of the UTF-8 bytes of {@code id}. */
  static long hash(String id) {
    long hash = FNV_OFFSET_BASIS;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
