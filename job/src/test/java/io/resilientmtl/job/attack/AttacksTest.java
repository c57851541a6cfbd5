package io.resilientmtl.job.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What each attack publishes for one hand-built context.
 *
 * <p>Attacker b has victims v1 and v2. The honest in-neighbours of v1 are h1 and h2, those of v2
 * are h2 and h3, so the honest mean is over h1 = (1, 2), h2 = (3, 4) and h3 = (5, 12), each once:
 * (9 / 3, 18 / 3) = (3, 6). The model of x, no in-neighbour of a victim, is left out.
 */
class AttacksTest {

  private static final double TOLERANCE = 1e-12;
  private static final long ATTACKER_SEED = 11;
  private static final long ROUND_SEED = 22;

  private static final AttackContext CONTEXT = context(3, ROUND_SEED);

  static AttackContext context(int round, long roundSeed) {
    return new AttackContext(
        "b",
        round,
        2,
        List.of("v1", "v2"),
        Map.of("v1", List.of("h1", "h2"), "v2", List.of("h2", "h3")),
        Map.of(
            "h1", new double[] {1, 2},
            "h2", new double[] {3, 4},
            "h3", new double[] {5, 12},
            "x", new double[] {100, 100}),
        ATTACKER_SEED,
        roundSeed);
  }

  @Test
  void boxConstantDrawsFromAttackerSeed() {
    BoxAttack attack = new BoxAttack(15, 16, BoxAttack.Draw.CONSTANT);
    SplittableRandom expected = new SplittableRandom(ATTACKER_SEED);
    double x = expected.nextDouble(15, 16);
    double y = expected.nextDouble(15, 16);

    assertThat(attack.model(CONTEXT)).containsExactly(x, y);
    assertThat(attack.model(context(9, 99))).containsExactly(x, y);
    assertThat(x).isGreaterThanOrEqualTo(15).isLessThan(16);
    assertThat(y).isGreaterThanOrEqualTo(15).isLessThan(16);
    assertThat(attack.isSilent(CONTEXT)).isFalse();
  }

  @Test
  void boxFreshDrawsFromRoundSeed() {
    BoxAttack attack = new BoxAttack(-20, 20, BoxAttack.Draw.FRESH);
    SplittableRandom expected = new SplittableRandom(ROUND_SEED);

    assertThat(attack.model(CONTEXT))
        .containsExactly(expected.nextDouble(-20, 20), expected.nextDouble(-20, 20));
    assertThat(attack.model(context(4, 23))).isNotEqualTo(attack.model(CONTEXT));
  }

  @Test
  void boxRejectsEmptyRange() {
    assertThatThrownBy(() -> new BoxAttack(2, 2, BoxAttack.Draw.FRESH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Box bounds must be finite with low < high, got [2.0, 2.0)");
  }

  @Test
  void fixedModelPublishesCopies() {
    FixedModelAttack attack = new FixedModelAttack(new double[] {7, -8});

    double[] first = attack.model(CONTEXT);
    first[0] = 0;

    assertThat(attack.model(CONTEXT)).containsExactly(7, -8);
  }

  @Test
  void fixedModelOfOtherDimensionRejected() {
    FixedModelAttack attack = new FixedModelAttack(new double[] {1, 2, 3});

    assertThatThrownBy(() -> attack.model(CONTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fixed model has 3 parameters, but the scenario's model has dimension 2");
  }

  @Test
  void perturbationWithoutNoiseCopiesHonestMean() {
    assertThat(new PerturbationAttack(0).model(CONTEXT)).containsExactly(3, 6);
  }

  @Test
  void perturbationAddsScaledGaussians() {
    SplittableRandom expected = new SplittableRandom(ROUND_SEED);
    double first = expected.nextGaussian();
    double second = expected.nextGaussian();

    assertThat(new PerturbationAttack(0.5).model(CONTEXT))
        .containsExactly(new double[] {3 + 0.5 * first, 6 + 0.5 * second}, within(TOLERANCE));
  }

  @Test
  void perturbationRejectsNegativeSigma() {
    assertThatThrownBy(() -> new PerturbationAttack(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Noise standard deviation must be finite and >= 0, got -0.1");
  }

  @Test
  void silentNeverPublishes() {
    SilentAttack attack = new SilentAttack();

    assertThat(attack.model(CONTEXT)).isNull();
    assertThat(attack.isSilent(CONTEXT)).isTrue();
  }

  @Test
  void intermittentFollowsCoin() {
    IntermittentAttack attack = IntermittentAttack.copyingHonestMean(0.5);
    int silentRounds = 0;

    for (long seed = 0; seed < 40; seed++) {
      AttackContext round = context(3, seed);
      boolean expectedSilent = new SplittableRandom(seed).nextDouble() < 0.5;

      assertThat(attack.isSilent(round)).as("seed %d", seed).isEqualTo(expectedSilent);
      if (expectedSilent) {
        silentRounds++;
        assertThat(attack.model(round)).as("seed %d", seed).isNull();
      } else {
        assertThat(attack.model(round)).as("seed %d", seed).containsExactly(3, 6);
      }
    }
    // Both branches ran.
    assertThat(silentRounds).isBetween(1, 39);
  }

  @Test
  void intermittentExtremesNeverOrAlwaysSilent() {
    assertThat(IntermittentAttack.copyingHonestMean(0).model(CONTEXT)).containsExactly(3, 6);
    assertThat(IntermittentAttack.copyingHonestMean(1).model(CONTEXT)).isNull();
    assertThat(IntermittentAttack.copyingHonestMean(1).isSilent(CONTEXT)).isTrue();
  }

  @Test
  void intermittentGivesActiveAttackDerivedStream() {
    IntermittentAttack attack =
        new IntermittentAttack(0, new BoxAttack(0, 1, BoxAttack.Draw.FRESH));
    SplittableRandom expected = new SplittableRandom(CONTEXT.derive(1).roundSeed());

    assertThat(attack.model(CONTEXT)).containsExactly(expected.nextDouble(), expected.nextDouble());
  }

  @Test
  void intermittentSilentWhenActiveSilent() {
    IntermittentAttack attack = new IntermittentAttack(0, new SilentAttack());

    assertThat(attack.isSilent(CONTEXT)).isTrue();
    assertThat(attack.model(CONTEXT)).isNull();
  }

  @Test
  void intermittentRejectsProbabilityAboveOne() {
    assertThatThrownBy(() -> IntermittentAttack.copyingHonestMean(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Silence probability must be in [0, 1], got 1.5");
  }

  @Test
  void signFlipNegatesHonestMean() {
    assertThat(new SignFlipAttack().model(CONTEXT)).containsExactly(-3, -6);
  }

  @Test
  void scalingMultipliesHonestMean() {
    assertThat(new ScalingAttack(-3).model(CONTEXT)).containsExactly(-9, -18);
  }

  @Test
  void randomScalingUsesOneFreshFactor() {
    double factor = new SplittableRandom(ROUND_SEED).nextDouble() * 0.1;

    double[] published = new RandomScalingAttack(0.1).model(CONTEXT);

    assertThat(factor).isGreaterThanOrEqualTo(0).isLessThan(0.1);
    assertThat(published).containsExactly(3 * factor, 6 * factor);
    assertThat(new RandomScalingAttack(0.1).model(context(3, 23))).isNotEqualTo(published);
  }

  /** From (3, 6) towards (15.5, 15.5): 5 % of (12.5, 9.5) is (0.625, 0.475). */
  @Test
  void modelAwareMovesFractionTowardsTarget() {
    ModelAwareAttack attack = ModelAwareAttack.fraction(new double[] {15.5, 15.5}, 0.05);

    assertThat(attack.model(CONTEXT))
        .containsExactly(new double[] {3.625, 6.475}, within(TOLERANCE));
  }

  /** From (3, 6) towards (6, 10), 5 away: a step of 1 is (0.6, 0.8). */
  @Test
  void modelAwareStepIsBounded() {
    ModelAwareAttack attack = ModelAwareAttack.boundedStep(new double[] {6, 10}, 1);

    assertThat(attack.model(CONTEXT)).containsExactly(new double[] {3.6, 6.8}, within(TOLERANCE));
  }

  @Test
  void modelAwareStepStopsAtTarget() {
    ModelAwareAttack attack = ModelAwareAttack.boundedStep(new double[] {6, 10}, 10);

    assertThat(attack.model(CONTEXT)).containsExactly(6, 10);
  }

  @Test
  void modelAwareStepAtTargetStays() {
    ModelAwareAttack attack = ModelAwareAttack.boundedStep(new double[] {3, 6}, 1);

    assertThat(attack.model(CONTEXT)).containsExactly(3, 6);
  }

  @Test
  void modelAwareWithoutHonestModelsStartsFromZero() {
    AttackContext empty =
        new AttackContext("b", 0, 2, List.of("v1"), Map.of("v1", List.of("h1")), Map.of(), 1, 2);

    assertThat(ModelAwareAttack.fraction(new double[] {10, 20}, 0.5).model(empty))
        .containsExactly(5, 10);
  }

  @Test
  void modelAwareRejectsFractionAboveOne() {
    assertThatThrownBy(() -> ModelAwareAttack.fraction(new double[] {1}, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fraction α must be in (0, 1], got 1.5");
  }

  @Test
  void attacksLeaveHonestModelsUnchanged() {
    List<Attack> attacks =
        List.of(
            new PerturbationAttack(0),
            new PerturbationAttack(1),
            new SignFlipAttack(),
            new ScalingAttack(2),
            new RandomScalingAttack(2),
            ModelAwareAttack.fraction(new double[] {1, 1}, 1));

    for (Attack attack : attacks) {
      attack.model(CONTEXT);
    }

    assertThat(CONTEXT.honestModels().get("h1")).containsExactly(1, 2);
    assertThat(CONTEXT.honestModels().get("h2")).containsExactly(3, 4);
    assertThat(CONTEXT.honestModels().get("h3")).containsExactly(5, 12);
  }
}
