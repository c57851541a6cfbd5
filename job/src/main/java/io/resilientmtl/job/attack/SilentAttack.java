package io.resilientmtl.job.attack;

/** Never publishes, like a node that dropped out: {@link #model} always returns {@code null}. */
public record SilentAttack() implements Attack {

  @Override
  public double[] model(AttackContext context) {
    return null;
  }

  @Override
  public boolean isSilent(AttackContext context) {
    return true;
  }
}
