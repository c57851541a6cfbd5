package io.resilientmtl.learning.linalg;

import dev.ludovic.netlib.blas.BLAS;

/** Checks and distances on dense parameter vectors, computed with netlib BLAS kernels. */
public final class Vectors {

  private static final BLAS blas = BLAS.getInstance();

  private Vectors() {}

  /** Returns the index of the first NaN or infinite entry of {@code values}, or -1 if none. */
  public static int firstNonFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the squared Euclidean distance ‖a − b‖². The result is infinite when the entries are
   * finite but the sum of squares overflows.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double squaredDistance(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "Cannot compute the distance between vectors of length "
              + a.length
              + " and "
              + b.length
              + "; pass vectors of equal length");
    }
    double[] difference = a.clone();
    blas.daxpy(a.length, -1.0, b, 1, difference, 1);
    return blas.ddot(difference.length, difference, 1, difference, 1);
  }
}
