package io.resilientmtl.job.config;

import io.resilientmtl.learning.combine.CombineRule;
import io.resilientmtl.learning.combine.CombineRules;
import io.resilientmtl.learning.model.LinearRegression;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.TargetLocalization;
import io.resilientmtl.learning.optim.Optimizer;
import io.resilientmtl.learning.optim.Sgd;
import java.io.Serializable;

/**
 * The validated learning settings that operators turn into a model, an optimizer and a combine rule
 * when they open. Plain values only, so the settings travel with the job graph.
 *
 * @param model model family name
 * @param features input features of linear-regression
 * @param outputs outputs of linear-regression
 * @param stepSize SGD step size mu
 * @param localSteps gradient steps per round
 * @param init initializer name: zeros or uniform
 * @param initLow lower bound of uniform initial parameters
 * @param initHigh upper bound of uniform initial parameters
 * @param initSeed seed of uniform initial parameters
 * @param rule combine rule name
 * @param forgettingFactor nu
 * @param initialScore r0
 */
public record LearningSettings(
    String model,
    int features,
    int outputs,
    double stepSize,
    int localSteps,
    String init,
    double initLow,
    double initHigh,
    long initSeed,
    String rule,
    double forgettingFactor,
    double initialScore)
    implements Serializable {

  public static final String LINEAR_REGRESSION = "linear-regression";
  public static final String TARGET_LOCALIZATION = "target-localization";

  /** Creates the model family. */
  public Model createModel() {
    return switch (model) {
      case LINEAR_REGRESSION -> new LinearRegression(features, outputs);
      case TARGET_LOCALIZATION -> new TargetLocalization();
      default ->
          throw new InvalidSettingException(
              JobOptions.MODEL.key(), model, LINEAR_REGRESSION + " or " + TARGET_LOCALIZATION);
    };
  }

  /** Creates the optimizer of the local step. */
  public Optimizer createOptimizer() {
    return new Sgd(stepSize);
  }

  /** Creates the combine rule. */
  public CombineRule createRule() {
    return CombineRules.create(rule, forgettingFactor, initialScore);
  }

  /** Creates the initializer of each agent's first model. */
  public ParameterInitializer createInitializer() {
    return switch (init) {
      case "zeros" -> ParameterInitializer.zeros();
      case "uniform" -> ParameterInitializer.uniform(initLow, initHigh, initSeed);
      default -> throw new InvalidSettingException(JobOptions.INIT.key(), init, "zeros or uniform");
    };
  }
}
