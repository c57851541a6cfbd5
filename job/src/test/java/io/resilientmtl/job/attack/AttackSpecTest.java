package io.resilientmtl.job.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttackSpecTest {

  @Test
  void parsesEveryKind() {
    assertThat(AttackSpec.parse("box-constant:15,16"))
        .isEqualTo(new BoxAttack(15, 16, BoxAttack.Draw.CONSTANT));
    assertThat(AttackSpec.parse("box-fresh:-20,20"))
        .isEqualTo(new BoxAttack(-20, 20, BoxAttack.Draw.FRESH));
    assertThat(AttackSpec.parse("fixed:1.5,-2"))
        .isEqualTo(new FixedModelAttack(new double[] {1.5, -2}));
    assertThat(AttackSpec.parse("perturb:0.1")).isEqualTo(new PerturbationAttack(0.1));
    assertThat(AttackSpec.parse("perturb:0")).isEqualTo(new PerturbationAttack(0));
    assertThat(AttackSpec.parse("silent")).isEqualTo(new SilentAttack());
    assertThat(AttackSpec.parse("intermittent:0.5"))
        .isEqualTo(new IntermittentAttack(0.5, new PerturbationAttack(0)));
    assertThat(AttackSpec.parse("sign-flip")).isEqualTo(new SignFlipAttack());
    assertThat(AttackSpec.parse("scale:-3")).isEqualTo(new ScalingAttack(-3));
    assertThat(AttackSpec.parse("scale-random:0.1")).isEqualTo(new RandomScalingAttack(0.1));
    assertThat(AttackSpec.parse("model-aware:15.5,15.5,0.05"))
        .isEqualTo(ModelAwareAttack.fraction(new double[] {15.5, 15.5}, 0.05));
    assertThat(AttackSpec.parse("model-aware-step:1,2,3,0.5"))
        .isEqualTo(ModelAwareAttack.boundedStep(new double[] {1, 2, 3}, 0.5));
  }

  @Test
  void intermittentTakesInnerSpecWithCommas() {
    assertThat(AttackSpec.parse("intermittent:0.25,box-fresh:-20,20"))
        .isEqualTo(new IntermittentAttack(0.25, new BoxAttack(-20, 20, BoxAttack.Draw.FRESH)));
    assertThat(AttackSpec.parse("intermittent:0.25,sign-flip"))
        .isEqualTo(new IntermittentAttack(0.25, new SignFlipAttack()));
  }

  @Test
  void spacesIgnored() {
    assertThat(AttackSpec.parse("  box-fresh: -20 , 20 "))
        .isEqualTo(new BoxAttack(-20, 20, BoxAttack.Draw.FRESH));
  }

  @Test
  void unknownKindListsForms() {
    assertThatThrownBy(() -> AttackSpec.parse("flip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown attack kind 'flip' in spec 'flip'; expected one of box-constant:LOW,HIGH,"
                + " box-fresh:LOW,HIGH,")
        .hasMessageContaining("model-aware:T1,...,Td,ALPHA");
  }

  @Test
  void emptySpecRejected() {
    assertThatThrownBy(() -> AttackSpec.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Attack spec is empty; expected one of box-constant:LOW,HIGH");
  }

  @Test
  void missingValuesRejected() {
    assertThatThrownBy(() -> AttackSpec.parse("perturb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'perturb': the values are missing; expected perturb:SIGMA,"
                + " such as perturb:0.1");
  }

  @Test
  void wrongValueCountRejected() {
    assertThatThrownBy(() -> AttackSpec.parse("box-constant:15"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'box-constant:15': got 1 value, not 2; expected"
                + " box-constant:LOW,HIGH, such as box-constant:15,16");
  }

  @Test
  void nonNumberRejected() {
    assertThatThrownBy(() -> AttackSpec.parse("scale:big"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'scale:big': 'big' is not a decimal number; expected scale:C,"
                + " such as scale:-3");
  }

  @Test
  void valuesForSilentRejected() {
    assertThatThrownBy(() -> AttackSpec.parse("silent:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'silent:1': this kind takes no values, got '1'; expected silent,"
                + " such as silent");
  }

  @Test
  void outOfRangeValueRejected() {
    assertThatThrownBy(() -> AttackSpec.parse("box-fresh:20,-20"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'box-fresh:20,-20': Box bounds must be finite with low < high,"
                + " got [20.0, -20.0); expected box-fresh:LOW,HIGH");
  }

  @Test
  void modelAwareNeedsTargetAndFraction() {
    assertThatThrownBy(() -> AttackSpec.parse("model-aware:0.05"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid attack spec 'model-aware:0.05': got 1 value, expected at least 2; expected"
                + " model-aware:T1,...,Td,ALPHA, such as model-aware:15.5,15.5,0.05");
  }

  @Test
  void invalidInnerSpecNamed() {
    assertThatThrownBy(() -> AttackSpec.parse("intermittent:0.5,scale:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid attack spec 'intermittent:0.5,scale:x': inner spec: Invalid attack spec"
                + " 'scale:x': 'x' is not a decimal number");
  }

  @Test
  void kindsInGrammarOrder() {
    assertThat(AttackSpec.kinds())
        .containsExactly(
            "box-constant",
            "box-fresh",
            "fixed",
            "perturb",
            "silent",
            "intermittent",
            "sign-flip",
            "scale",
            "scale-random",
            "model-aware",
            "model-aware-step");
  }
}
