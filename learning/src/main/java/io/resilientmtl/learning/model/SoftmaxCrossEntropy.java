package io.resilientmtl.learning.model;

/**
 * The softmax output layer with cross-entropy loss, shared by the classifiers.
 *
 * <p>For logits z and label y, the loss is −log softmax(z)_y = logsumexp(z) − z_y, and its gradient
 * with respect to z is softmax(z) − e_y. The log-sum-exp subtracts max(z) before exponentiating, so
 * no exp overflows for finite logits. It uses {@link StrictMath}, whose results do not depend on
 * whether the JIT has compiled the caller, so equal inputs give equal losses in every run.
 */
final class SoftmaxCrossEntropy {

  private SoftmaxCrossEntropy() {}

  /** Returns −log softmax(logits)[label]. */
  static double loss(double[] logits, int label) {
    return logSumExp(logits) - logits[label];
  }

  /**
   * Returns −log softmax(logits)[label] and writes its gradient softmax(logits) − e_label into
   * {@code delta}.
   */
  static double lossAndDelta(double[] logits, int label, double[] delta) {
    double logSumExp = logSumExp(logits);
    for (int j = 0; j < logits.length; j++) {
      delta[j] = StrictMath.exp(logits[j] - logSumExp);
    }
    delta[label] -= 1.0;
    return logSumExp - logits[label];
  }

  /** Returns the index of the largest value, the lowest index on ties. */
  static int argMax(double[] values) {
    int best = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[best]) {
        best = j;
      }
    }
    return best;
  }

  private static double logSumExp(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double sum = 0.0;
    for (double z : logits) {
      sum += StrictMath.exp(z - max);
    }
    return max + StrictMath.log(sum);
  }
}
