package io.resilientmtl.job.scenario;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from one scenario seed.
 *
 * <p>A scenario draws each concern (positions, noise levels, one agent's noise in one round) from
 * its own {@link SplittableRandom}, seeded with {@link #mix} of the scenario seed and the keys that
 * name the concern. A draw then depends only on its keys, not on what else was drawn before it, so
 * rounds can be generated in any order and changing one setting leaves the unrelated draws alone.
 */
public final class Seeds {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * Hashes {@code seed} and {@code keys} into one 64-bit seed.
   *
   * <p>Each key is folded in with the SplitMix64 finalizer, so the result changes with every key
   * and with the order of the keys.
   */
  public static long mix(long seed, long... keys) {
    long hash = finalizeSplitMix64(seed + GOLDEN_GAMMA);
    for (long key : keys) {
      hash = finalizeSplitMix64(hash + GOLDEN_GAMMA * (key + 1));
    }
    return hash;
  }

  /** Returns a generator seeded with {@code mix(seed, keys)}. */
  public static SplittableRandom stream(long seed, long... keys) {
    return new SplittableRandom(mix(seed, keys));
  }

  private static long finalizeSplitMix64(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
