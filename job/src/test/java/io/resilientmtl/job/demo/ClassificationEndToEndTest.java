package io.resilientmtl.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.scenario.ClassificationScenario;
import io.resilientmtl.job.simulate.InMemorySimulation;
import io.resilientmtl.learning.model.Classifier;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.MultilayerPerceptron;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.SoftmaxRegression;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Softmax regression and an MLP learning a seeded 3-task classification problem through Kafka and
 * the Flink job: 12 agents, 2 of them Byzantine and publishing random models in [−20, 20]^d.
 */
class ClassificationEndToEndTest {

  private static final int ROUNDS = 40;

  /** Held-out accuracy that a learning agent reaches and chance (1/3) does not. */
  private static final double LEARNED = 0.8;

  /** How far the loss-based rule may stay below learning alone, in held-out accuracy. */
  private static final double NOISE = 0.02;

  private static EmbeddedKafkaBroker broker;
  private static LocalFlinkCluster cluster;

  @TempDir static Path workDirectory;

  @BeforeAll
  static void startBrokerAndCluster() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    cluster = LocalFlinkCluster.start(2);
  }

  @AfterAll
  static void stopBrokerAndCluster() throws Exception {
    cluster.close();
    broker.close();
  }

  @Test
  void softmaxAgentsLearnUnderAttack() throws Exception {
    SoftmaxRegression model = new SoftmaxRegression(8, 3);
    Map<String, String> settings = settings("softmax-regression", "zeros");

    assertLearnsResiliently(model, settings, ParameterInitializer.zeros());
  }

  @Test
  void mlpAgentsLearnUnderAttack() throws Exception {
    MultilayerPerceptron model = new MultilayerPerceptron(8, 16, 3);
    Map<String, String> settings = settings("mlp", "normal");

    assertLearnsResiliently(model, settings, ParameterInitializer.normal(0.3, 5));
  }

  private void assertLearnsResiliently(
      Model model, Map<String, String> settings, ParameterInitializer initializer)
      throws Exception {
    ClassificationScenario scenario = scenario(model);
    StreamingExperiment streaming =
        new StreamingExperiment(broker.bootstrapServers(), cluster, workDirectory, 2, settings);

    double lossBased =
        heldOutAccuracy(
            scenario,
            streaming.runDetailed(scenario, "loss-based", settings.get("learning.model"), ROUNDS));
    double alone =
        heldOutAccuracy(
            scenario,
            streaming.runDetailed(
                scenario, "no-cooperation", settings.get("learning.model"), ROUNDS));
    double average =
        heldOutAccuracy(
            scenario,
            new InMemorySimulation(
                    scenario,
                    new InMemorySimulation.Settings("average", 0.1, 0.1, 10, 1, initializer))
                .run(ROUNDS)
                .finalModels());
    double simulatedLossBased =
        heldOutAccuracy(
            scenario,
            new InMemorySimulation(
                    scenario,
                    new InMemorySimulation.Settings("loss-based", 0.1, 0.1, 10, 1, initializer))
                .run(ROUNDS)
                .finalModels());

    assertThat(lossBased).isGreaterThan(LEARNED);
    assertThat(lossBased).isGreaterThanOrEqualTo(alone - NOISE);
    assertThat(average).isLessThan(LEARNED);
    assertThat(lossBased).isCloseTo(simulatedLossBased, within(1e-9));
  }

  private static double heldOutAccuracy(
      ClassificationScenario scenario, StreamingExperiment.Run run) {
    RoundMetrics last = run.metrics().last().orElseThrow();
    assertThat(last.round()).isEqualTo(ROUNDS - 1);
    assertThat(last.byzantineWeight()).isZero();
    return heldOutAccuracy(scenario, run.finalModels());
  }

  private static double heldOutAccuracy(
      ClassificationScenario scenario, Map<String, double[]> models) {
    double sum = 0;
    for (Map.Entry<String, double[]> entry : models.entrySet()) {
      sum += scenario.accuracy(entry.getKey(), entry.getValue(), (Classifier) scenario.model());
    }
    return sum / models.size();
  }

  private static ClassificationScenario scenario(Model model) {
    return new ClassificationScenario(
        ClassificationScenario.Config.defaults().toBuilder().rounds(ROUNDS + 1).seed(3).build(),
        model);
  }

  private static Map<String, String> settings(String model, String init) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("learning.model", model);
    settings.put("learning.features", "8");
    settings.put("learning.outputs", "3");
    settings.put("learning.hidden-layers", "16");
    settings.put("learning.step-size", "0.1");
    settings.put("learning.init", init);
    settings.put("learning.init-high", "0.3");
    settings.put("learning.init-seed", "5");
    return settings;
  }
}
