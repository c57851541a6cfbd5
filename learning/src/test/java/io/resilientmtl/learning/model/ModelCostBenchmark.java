package io.resilientmtl.learning.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the time per sample of the classifiers' loss and of their loss and gradient, on
 * mini-batches of 32 random 28 × 28 images. It is a program, not a test, so the build does not run
 * it. After {@code mvn -pl learning test-compile}, run from the repository root:
 *
 * <pre>
 *   java -cp learning/target/classes:learning/target/test-classes:$HOME/.m2/repository/dev/ludovic/netlib/blas/3.0.4/blas-3.0.4.jar \
 *       io.resilientmtl.learning.model.ModelCostBenchmark
 * </pre>
 *
 * <p>Without {@code --add-modules jdk.incubator.vector} netlib falls back to its pure-Java F2jBLAS,
 * as it does in a job started without that flag.
 */
public final class ModelCostBenchmark {

  private static final int BATCH_SIZE = 32;
  private static final int PIXELS = 28 * 28;
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  private static final long MEASURE_NANOS = 5_000_000_000L;

  private ModelCostBenchmark() {}

  public static void main(String[] args) {
    List<Classifier> models =
        List.of(
            new SoftmaxRegression(PIXELS, 10),
            new MultilayerPerceptron(PIXELS, 64, 10),
            new ConvolutionalNetwork(28, 28, 4, 10));
    SplittableRandom random = new SplittableRandom(1);
    List<Sample> batch = new ArrayList<>();
    for (int i = 0; i < BATCH_SIZE; i++) {
      double[] image = new double[PIXELS];
      for (int p = 0; p < PIXELS; p++) {
        image[p] = random.nextDouble();
      }
      batch.add(Sample.classification(image, random.nextInt(10)));
    }
    System.out.printf("%-28s %14s %22s%n", "model", "loss (µs)", "loss + gradient (µs)");
    for (Classifier model : models) {
      double[] parameters = ParameterInitializer.normal(0.05, 1).initialize("a", model.dimension());
      double[] gradient = new double[model.dimension()];
      double lossMicros = microsPerSample(() -> model.loss(parameters, batch));
      double gradientMicros =
          microsPerSample(() -> model.lossAndGradient(parameters, batch, gradient));
      System.out.printf("%-28s %14.1f %22.1f%n", model.kind(), lossMicros, gradientMicros);
    }
  }

  /** Runs {@code batchEvaluation} until the measuring time is up and returns µs per sample. */
  private static double microsPerSample(Runnable batchEvaluation) {
    long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
    while (System.nanoTime() < warmUpEnd) {
      batchEvaluation.run();
    }
    long start = System.nanoTime();
    long batches = 0;
    while (System.nanoTime() - start < MEASURE_NANOS) {
      batchEvaluation.run();
      batches++;
    }
    return (System.nanoTime() - start) / 1000.0 / (batches * BATCH_SIZE);
  }
}
