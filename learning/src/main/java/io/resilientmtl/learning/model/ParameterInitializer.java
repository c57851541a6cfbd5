package io.resilientmtl.learning.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Starting parameters w_{k,−1} of each agent: all zeros, or uniform in [low, high).
 *
 * <p>Uniform values depend only on the seed, the agent id and the dimension, so a restarted job and
 * every replica of it start each agent from the same vector. Each agent gets its own random stream,
 * seeded from the seed and a 64-bit FNV-1a hash of the id's UTF-8 bytes. String.hashCode would also
 * be stable, but it has only 32 bits and short ids such as "Aa" and "BB" collide.
 */
public final class ParameterInitializer {

  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final boolean zeros;
  private final double low;
  private final double high;
  private final long seed;

  private ParameterInitializer(boolean zeros, double low, double high, long seed) {
    this.zeros = zeros;
    this.low = low;
    this.high = high;
    this.seed = seed;
  }

  /** Creates an initializer that starts every agent at the zero vector. */
  public static ParameterInitializer zeros() {
    return new ParameterInitializer(true, 0.0, 0.0, 0L);
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
    return new ParameterInitializer(false, low, high, seed);
  }

  /**
   * Returns new starting parameters for {@code agentId}.
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
    if (zeros) {
      return parameters;
    }
    SplittableRandom random =
        new SplittableRandom(new SplittableRandom(seed).nextLong() ^ hash(agentId));
    for (int i = 0; i < dimension; i++) {
      parameters[i] = random.nextDouble(low, high);
    }
    return parameters;
  }

  @Override
  public String toString() {
    return zeros
        ? "ParameterInitializer{zeros}"
        : "ParameterInitializer{uniform [" + low + ", " + high + "), seed=" + seed + '}';
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
