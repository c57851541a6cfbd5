package io.resilientmtl.learning.model;

import java.util.List;

/**
 * Target localization in the plane: each agent estimates the position w of its target from noisy
 * range and direction readings taken at its own position x.
 *
 * <p>A sample has features [u_x, u_y, x_x, x_y] and targets [q_x, q_y, d], where u is a noisy unit
 * vector pointing from x towards the target, d is the noisy range, and q = x + d·u is the position
 * fix that the reading implies. The parameter vector is the estimate w = [w_x, w_y], and the
 * prediction is w itself, whatever the features.
 *
 * <p>The training loss is the batch mean of ½‖q − w‖², with gradient w − mean(q), so one SGD step
 * with step size μ gives w + μ·(mean(q) − w).
 *
 * <p>{@link #weightingLoss} is deliberately a different loss: the batch mean of the squared range
 * residual (d − u·(w − x))². When readings follow d = u·(w° − x) + v for the true target w°, with
 * the same noisy u that the sample carries, the range residual at w° is the range noise v alone.
 * The fix q instead misses w° by roughly the range times the direction noise. Also, psi_k has just
 * stepped towards the batch's fixes (for μ ≤ 1), which lowers its own fix loss on that batch and
 * makes the filter drop neighbours (see the NOTE on {@code LossBasedRule}). {@code
 * TargetLocalizationWeightingTest} runs a seeded four-target network with 100 agents and 20
 * Byzantine ones: weighted by the fix loss, the loss-based rule is no better than no cooperation
 * (mean squared error 0.095 against 0.094), and weighted by the range residual it reaches 0.012.
 *
 * <p>NOTE: The range residual ignores error across the line of sight, so an estimate off to the
 * side of the target at the right range scores as well as a correct one. With unit-length noisy
 * bearings and ranges measured independently of them, on a four-target network in the same test,
 * the range-residual rule did worse than no cooperation (0.230 against 0.068).
 *
 * <p>{@link #validate} checks lengths and finiteness only. It does not check that q equals x + d·u,
 * so a producer that computes q differently trains on its own q.
 */
public final class TargetLocalization implements Regressor {

  private static final int FEATURES = 4;
  private static final int TARGETS = 3;
  private static final int DIMENSION = 2;

  /** Creates the model; it has no configuration because the plane fixes every size. */
  public TargetLocalization() {}

  /**
   * Builds the sample of one reading taken at {@code position}, with q = position + range ·
   * direction.
   *
   * @param position x, the agent's position
   * @param direction u, the noisy unit vector from x towards the target
   * @param range d, the noisy distance to the target
   */
  public static Sample observation(double[] position, double[] direction, double range) {
    if (position.length != 2 || direction.length != 2) {
      throw new IllegalArgumentException(
          "Position and direction must have length 2, got "
              + position.length
              + " and "
              + direction.length);
    }
    double[] features = {direction[0], direction[1], position[0], position[1]};
    double[] targets = {
      position[0] + range * direction[0], position[1] + range * direction[1], range
    };
    return Sample.regression(features, targets);
  }

  /** Returns {@code target-localization/2}. */
  @Override
  public String kind() {
    return "target-localization/2";
  }

  /** Returns 2: the coordinates of the target estimate. */
  @Override
  public int dimension() {
    return DIMENSION;
  }

  /** Returns 2: the prediction is the target estimate itself. */
  @Override
  public int outputs() {
    return DIMENSION;
  }

  /** Returns the batch mean of ½‖q − w‖². */
  @Override
  public double loss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, FEATURES, TARGETS);
      double[] q = sample.targets();
      double dx = q[0] - parameters[0];
      double dy = q[1] - parameters[1];
      sum += 0.5 * (dx * dx + dy * dy);
    }
    return sum / batch.size();
  }

  /** Returns the batch mean of ½‖q − w‖² and writes its gradient w − mean(q). */
  @Override
  public double lossAndGradient(double[] parameters, List<Sample> batch, double[] gradient) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkGradient(this, gradient);
    ModelChecks.checkBatch(this, batch);
    double sum = 0.0;
    double gradientX = 0.0;
    double gradientY = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, FEATURES, TARGETS);
      double[] q = sample.targets();
      double dx = parameters[0] - q[0];
      double dy = parameters[1] - q[1];
      sum += 0.5 * (dx * dx + dy * dy);
      gradientX += dx;
      gradientY += dy;
    }
    gradient[0] = gradientX / batch.size();
    gradient[1] = gradientY / batch.size();
    return sum / batch.size();
  }

  /**
   * Returns the batch mean of the squared range residual (d − u·(w − x))². The class comment
   * explains why it differs from the training loss.
   */
  @Override
  public double weightingLoss(double[] parameters, List<Sample> batch) {
    ModelChecks.checkParameters(this, parameters);
    ModelChecks.checkBatch(this, batch);
    double sum = 0.0;
    for (Sample sample : batch) {
      ModelChecks.checkShape(this, sample, FEATURES, TARGETS);
      double[] u = sample.features();
      double projected = u[0] * (parameters[0] - u[2]) + u[1] * (parameters[1] - u[3]);
      double residual = sample.targets()[2] - projected;
      sum += residual * residual;
    }
    return sum / batch.size();
  }

  /** Writes w into {@code prediction}; the features are checked for length but not used. */
  @Override
  public void predict(double[] parameters, double[] features, double[] prediction) {
    ModelChecks.checkParameters(this, parameters);
    if (features.length != FEATURES) {
      throw new IllegalArgumentException(
          "Feature vector has length " + features.length + ", expected " + FEATURES);
    }
    if (prediction.length != DIMENSION) {
      throw new IllegalArgumentException(
          "Prediction array has length " + prediction.length + ", expected " + DIMENSION);
    }
    prediction[0] = parameters[0];
    prediction[1] = parameters[1];
  }

  /** Returns {@code null} when the sample has 4 finite features and 3 finite targets. */
  @Override
  public String validate(Sample sample) {
    return ModelChecks.validate(sample, FEATURES, TARGETS);
  }
}
