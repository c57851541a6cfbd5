package io.resilientmtl.learning;

import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import java.util.List;

/**
 * A one-parameter test model that predicts w for every sample, with loss mean ½(y − w)².
 *
 * <p>Samples have no features and one target, so hand-computed losses stay one-liners: a batch with
 * the single target 0 gives L(w) = ½w².
 */
public class ConstantModel implements Model {

  /** Returns a sample with no features and target {@code y}. */
  public static Sample target(double y) {
    return Sample.regression(new double[0], new double[] {y});
  }

  @Override
  public String kind() {
    return "constant/1";
  }

  @Override
  public int dimension() {
    return 1;
  }

  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    double sum = 0.0;
    for (Sample sample : batch) {
      double residual = sample.targets()[0] - parameters[0];
      sum += 0.5 * residual * residual;
    }
    return sum / batch.size();
  }

  @Override
  public double lossAndGradient(double[] parameters, List<Sample> batch, double[] gradient) {
    double sum = 0.0;
    for (Sample sample : batch) {
      sum += parameters[0] - sample.targets()[0];
    }
    gradient[0] = sum / batch.size();
    return loss(parameters, batch);
  }

  @Override
  public String validate(Sample sample) {
    return sample.targets().length == 1 ? null : "expected one target";
  }
}
