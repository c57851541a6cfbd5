package io.resilientmtl.job.config;

import io.resilientmtl.learning.combine.CombineRule;
import io.resilientmtl.learning.combine.CombineRules;
import io.resilientmtl.learning.model.ConvolutionalNetwork;
import io.resilientmtl.learning.model.LinearRegression;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.MultilayerPerceptron;
import io.resilientmtl.learning.model.MultilayerPerceptronRegressor;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.SoftmaxRegression;
import io.resilientmtl.learning.model.TargetLocalization;
import io.resilientmtl.learning.optim.Adam;
import io.resilientmtl.learning.optim.Optimizer;
import io.resilientmtl.learning.optim.Sgd;
import java.io.Serializable;
import java.util.List;

/**
 * The validated learning settings that operators turn into a model, an optimizer and a combine rule
 * when they open. Plain values only, so the settings travel with the job graph.
 *
 * @param model model family name
 * @param features input features of the model
 * @param outputs outputs of linear-regression and mlp-regression, or classes of the classifiers
 * @param hiddenLayers hidden layer sizes of mlp and mlp-regression; for cnn, the first entry is the
 *     number of convolution channels
 * @param optimizer optimizer name: sgd or adam
 * @param stepSize step size (learning rate) of the optimizer
 * @param localSteps passes over the round's batch per round
 * @param miniBatchSize samples per optimizer step, 0 for the whole batch
 * @param init initializer name: zeros, uniform or normal
 * @param initLow lower bound of uniform initial parameters
 * @param initHigh upper bound of uniform initial parameters, or standard deviation of normal ones
 * @param initSeed seed of random initial parameters
 * @param initShared whether every agent starts from the same random parameters
 * @param rule combine rule name
 * @param forgettingFactor nu
 * @param initialScore r0
 * @param f the number F of neighbours that trimmed-mean and subset-search remove
 * @param scoreWindow rounds of the agent's own samples that the rules score models on, >= 1
 * @param warmUpRounds rounds from the agent's first round in which it keeps its own model, >= 0
 */
public record LearningSettings(
    String model,
    int features,
    int outputs,
    List<Integer> hiddenLayers,
    String optimizer,
    double stepSize,
    int localSteps,
    int miniBatchSize,
    String init,
    double initLow,
    double initHigh,
    long initSeed,
    boolean initShared,
    String rule,
    double forgettingFactor,
    double initialScore,
    int f,
    int scoreWindow,
    int warmUpRounds)
    implements Serializable {

  public static final String LINEAR_REGRESSION = "linear-regression";
  public static final String TARGET_LOCALIZATION = "target-localization";
  public static final String SOFTMAX_REGRESSION = "softmax-regression";
  public static final String MLP = "mlp";
  public static final String CNN = "cnn";
  public static final String MLP_REGRESSION = "mlp-regression";

  /** Model family names, in the order help texts list them. */
  public static final List<String> MODELS =
      List.of(LINEAR_REGRESSION, TARGET_LOCALIZATION, SOFTMAX_REGRESSION, MLP, CNN, MLP_REGRESSION);

  public LearningSettings {
    hiddenLayers = List.copyOf(hiddenLayers);
  }

  /** Creates the model family. */
  public Model createModel() {
    return switch (model) {
      case LINEAR_REGRESSION -> new LinearRegression(features, outputs);
      case TARGET_LOCALIZATION -> new TargetLocalization();
      case SOFTMAX_REGRESSION -> new SoftmaxRegression(features, outputs);
      case MLP -> new MultilayerPerceptron(layerSizes());
      case MLP_REGRESSION -> new MultilayerPerceptronRegressor(layerSizes());
      case CNN -> {
        // The features are a square single-channel image, row-major; its side is checked at start.
        int side = (int) Math.round(Math.sqrt(features));
        yield new ConvolutionalNetwork(side, side, hiddenLayers.get(0), outputs);
      }
      default ->
          throw new InvalidSettingException(
              JobOptions.MODEL.key(), model, "one of " + String.join(", ", MODELS));
    };
  }

  /** Returns the layer sizes of mlp and mlp-regression: features, the hidden layers, outputs. */
  private int[] layerSizes() {
    int[] sizes = new int[hiddenLayers.size() + 2];
    sizes[0] = features;
    for (int i = 0; i < hiddenLayers.size(); i++) {
      sizes[i + 1] = hiddenLayers.get(i);
    }
    sizes[sizes.length - 1] = outputs;
    return sizes;
  }

  /** Creates the optimizer of the local step. */
  public Optimizer createOptimizer() {
    return switch (optimizer) {
      case "sgd" -> new Sgd(stepSize);
      case "adam" -> Adam.withStepSize(stepSize);
      default ->
          throw new InvalidSettingException(JobOptions.OPTIMIZER.key(), optimizer, "sgd or adam");
    };
  }

  /** Creates the combine rule. */
  public CombineRule createRule() {
    return CombineRules.create(rule, forgettingFactor, initialScore, f);
  }

  /** Creates the initializer of each agent's first model. */
  public ParameterInitializer createInitializer() {
    ParameterInitializer initializer =
        switch (init) {
          case "zeros" -> ParameterInitializer.zeros();
          case "uniform" -> ParameterInitializer.uniform(initLow, initHigh, initSeed);
          case "normal" -> ParameterInitializer.normal(initHigh, initSeed);
          default ->
              throw new InvalidSettingException(
                  JobOptions.INIT.key(), init, "zeros, uniform or normal");
        };
    return initShared ? initializer.sharedByAllAgents() : initializer;
  }

  /** Returns these settings with another combine rule. */
  public LearningSettings withRule(String newRule) {
    return new LearningSettings(
        model,
        features,
        outputs,
        hiddenLayers,
        optimizer,
        stepSize,
        localSteps,
        miniBatchSize,
        init,
        initLow,
        initHigh,
        initSeed,
        initShared,
        newRule,
        forgettingFactor,
        initialScore,
        f,
        scoreWindow,
        warmUpRounds);
  }
}
