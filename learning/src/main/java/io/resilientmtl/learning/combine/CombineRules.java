package io.resilientmtl.learning.combine;

import java.util.List;

/** Creates combine rules by their configuration name. */
public final class CombineRules {

  /** The valid rule names, in the order that error messages list them. */
  public static final List<String> NAMES =
      List.of(
          LossBasedRule.NAME,
          NoCooperationRule.NAME,
          AverageRule.NAME,
          DistanceBasedRule.NAME,
          CoordinateMedianRule.NAME,
          TrimmedMeanRule.NAME,
          SubsetSearchRule.NAME);

  private CombineRules() {}

  /**
   * Creates the rule called {@code name} with F = 0, which makes {@code trimmed-mean} the plain
   * average and {@code subset-search} the distance-based rule.
   *
   * @see #create(String, double, double, int)
   */
  public static CombineRule create(String name, double nu, double initialScore) {
    return create(name, nu, initialScore, 0);
  }

  /**
   * Creates the rule called {@code name}.
   *
   * @param name one of {@link #NAMES}
   * @param nu the forgetting factor ν in (0, 1]; used and checked only by {@code distance-based},
   *     {@code loss-based} and {@code subset-search}
   * @param initialScore γ0 of {@code distance-based} and {@code subset-search}, or r0 of {@code
   *     loss-based}, finite and > 0; used and checked only by those rules
   * @param f F, the number of Byzantine in-neighbours to tolerate, >= 0; used and checked only by
   *     {@code trimmed-mean} and {@code subset-search}
   * @throws IllegalArgumentException if the name is unknown or a parameter the rule uses is out of
   *     range; the message names the value
   */
  public static CombineRule create(String name, double nu, double initialScore, int f) {
    if (name == null) {
      throw new IllegalArgumentException(
          "Combine rule name is missing; expected one of " + String.join(", ", NAMES));
    }
    switch (name) {
      case NoCooperationRule.NAME:
        return new NoCooperationRule();
      case AverageRule.NAME:
        return new AverageRule();
      case DistanceBasedRule.NAME:
        return new DistanceBasedRule(nu, initialScore);
      case LossBasedRule.NAME:
        return new LossBasedRule(nu, initialScore);
      case CoordinateMedianRule.NAME:
        return new CoordinateMedianRule();
      case TrimmedMeanRule.NAME:
        return new TrimmedMeanRule(f);
      case SubsetSearchRule.NAME:
        return new SubsetSearchRule(f, nu, initialScore);
      default:
        throw new IllegalArgumentException(
            "Unknown combine rule '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
