package io.resilientmtl.learning.combine;

import java.util.List;

/** Creates combine rules by their configuration name. */
public final class CombineRules {

  /** The valid rule names, in the order that error messages list them. */
  public static final List<String> NAMES =
      List.of(NoCooperationRule.NAME, AverageRule.NAME, DistanceBasedRule.NAME, LossBasedRule.NAME);

  private CombineRules() {}

  /**
   * Creates the rule called {@code name}.
   *
   * @param name one of {@link #NAMES}
   * @param nu the forgetting factor ν in (0, 1]; used and checked only by {@code distance-based}
   *     and {@code loss-based}
   * @param initialScore γ0 of {@code distance-based} or r0 of {@code loss-based}, finite and > 0;
   *     used and checked only by those rules
   * @throws IllegalArgumentException if the name is unknown or a parameter the rule uses is out of
   *     range; the message names the value
   */
  public static CombineRule create(String name, double nu, double initialScore) {
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
      default:
        throw new IllegalArgumentException(
            "Unknown combine rule '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
