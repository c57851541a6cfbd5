package io.resilientmtl.learning.optim;

/**
 * One gradient step on a parameter vector.
 *
 * <p>Implementations are stateless and thread-safe. What an optimizer carries from one step to the
 * next (moment estimates, a step count) lives in a {@code double[]} of length {@link #stateSize}
 * that the caller keeps per agent, so a stream processor can hold it in keyed state. A new state is
 * all zeros.
 */
public interface Optimizer {

  /**
   * Returns the length of the state array for parameter vectors of length {@code dimension}; 0 for
   * an optimizer without state.
   *
   * @throws IllegalArgumentException if {@code dimension} < 0, or the length overflows an int
   */
  int stateSize(int dimension);

  /**
   * Updates {@code parameters} and {@code state} in place from {@code gradient}; {@code gradient}
   * is not modified.
   *
   * @param state the caller's state for this parameter vector, of length {@code
   *     stateSize(parameters.length)}; all zeros before the first step
   * @throws IllegalArgumentException if {@code gradient} differs in length from {@code parameters},
   *     or {@code state} does not have length {@code stateSize(parameters.length)}
   */
  void step(double[] parameters, double[] gradient, double[] state);
}
