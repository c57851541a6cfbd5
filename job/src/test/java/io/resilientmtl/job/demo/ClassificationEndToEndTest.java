package io.resilientmtl.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.resilientmtl.connectors.EmbeddedKafkaBroker;
import io.resilientmtl.job.report.RoundMetrics;
import io.resilientmtl.job.scenario.DigitsScenario;
import io.resilientmtl.job.simulate.InMemorySimulation;
import io.resilientmtl.learning.model.Classifier;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.MultilayerPerceptron;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.SoftmaxRegression;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Softmax regression and an MLP learning the 8 × 8 digits through Kafka and the Flink job. Ten
 * agents form a complete graph: half learn the original digits and half inverted ones, with 8 or 1
 * samples per round. Agents a2 and a7 are Byzantine and send their victims' honest neighbours' mean
 * scaled by a fresh U[0, 1)·0.1.
 *
 * <p>An agent with one sample per round sees only 40 images in the run. The loss-based rule lets it
 * combine with same-domain neighbours whose models fit its data better, and drops the other domain
 * and the attackers, so it ends well above no-cooperation. Averaging mixes the two domains and the
 * attackers and ends near chance.
 */
class ClassificationEndToEndTest {

  private static final int ROUNDS = 40;

  /** Margin by which the loss-based rule beats no-cooperation in mean held-out accuracy. */
  private static final double MARGIN = 0.1;

  /** Mean held-out accuracy below which averaging counts as broken (chance is 0.1). */
  private static final double BROKEN = 0.25;

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
  void softmaxBeatsAloneUnderAttack() throws Exception {
    // Measured on this scenario: loss-based 0.85, no-cooperation 0.71, average 0.09.
    assertBeatsAloneUnderAttack(
        new SoftmaxRegression(64, 10),
        settings("softmax-regression", "zeros"),
        ParameterInitializer.zeros());
  }

  @Test
  void mlpBeatsAloneUnderAttack() throws Exception {
    // Measured on this scenario: loss-based 0.64, no-cooperation 0.39, average 0.12.
    assertBeatsAloneUnderAttack(
        new MultilayerPerceptron(64, 32, 10),
        settings("mlp", "normal"),
        ParameterInitializer.normal(0.1, 1));
  }

  @Test
  void adamMatchesSimulationWithoutAttackers() throws Exception {
    // The streaming attackers scale a mean of older honest models than the simulator's. Without
    // attackers the two runs must agree exactly.
    DigitsScenario scenario =
        DigitsScenario.sklearn(
            DigitsScenario.Config.defaults().toBuilder()
                .rounds(ROUNDS + 1)
                .seed(1)
                .byzantineAgents(List.of())
                .build(),
            new SoftmaxRegression(64, 10));
    StreamingExperiment streaming =
        new StreamingExperiment(
            broker.bootstrapServers(),
            cluster,
            workDirectory,
            2,
            settings("softmax-regression", "zeros"));

    Map<String, double[]> streamed =
        streaming.runDetailed(scenario, "loss-based", "adam-honest", ROUNDS).finalModels();
    Map<String, double[]> simulated =
        new InMemorySimulation(
                scenario,
                new InMemorySimulation.Settings(
                        "loss-based", 0.03, 0.3, 10, 1, ParameterInitializer.zeros())
                    .withOptimizer("adam"))
            .run(ROUNDS)
            .finalModels();

    assertThat(streamed).hasSize(10).containsOnlyKeys(simulated.keySet());
    simulated.forEach(
        (agent, parameters) ->
            assertThat(streamed.get(agent)).as("w of %s", agent).containsExactly(parameters));
  }

  private void assertBeatsAloneUnderAttack(
      Model model, Map<String, String> settings, ParameterInitializer initializer)
      throws Exception {
    DigitsScenario scenario =
        DigitsScenario.sklearn(
            DigitsScenario.Config.defaults().toBuilder().rounds(ROUNDS + 1).seed(1).build(), model);
    StreamingExperiment streaming =
        new StreamingExperiment(broker.bootstrapServers(), cluster, workDirectory, 2, settings);
    String name = settings.get("learning.model");

    double lossBased =
        heldOutAccuracy(scenario, streaming.runDetailed(scenario, "loss-based", name, ROUNDS));
    double alone =
        heldOutAccuracy(scenario, streaming.runDetailed(scenario, "no-cooperation", name, ROUNDS));
    InMemorySimulation.Settings simulated =
        new InMemorySimulation.Settings("loss-based", 0.03, 0.3, 10, 1, initializer)
            .withOptimizer("adam");
    double simulatedLossBased =
        heldOutAccuracy(
            scenario, new InMemorySimulation(scenario, simulated).run(ROUNDS).finalModels());
    double average =
        heldOutAccuracy(
            scenario,
            new InMemorySimulation(scenario, simulated.withRule("average"))
                .run(ROUNDS)
                .finalModels());

    assertThat(lossBased).isGreaterThan(alone + MARGIN);
    assertThat(average).isLessThan(BROKEN);
    // The job and the plain-Java reference run the same algorithm on the same samples.
    assertThat(lossBased).isCloseTo(simulatedLossBased, within(1e-9));
  }

  private static double heldOutAccuracy(DigitsScenario scenario, StreamingExperiment.Run run) {
    RoundMetrics last = run.metrics().last().orElseThrow();
    assertThat(last.round()).isEqualTo(ROUNDS - 1);
    return heldOutAccuracy(scenario, run.finalModels());
  }

  private static double heldOutAccuracy(DigitsScenario scenario, Map<String, double[]> models) {
    assertThat(models).hasSize(8);
    double sum = 0;
    for (Map.Entry<String, double[]> entry : models.entrySet()) {
      sum += scenario.accuracy(entry.getKey(), entry.getValue(), (Classifier) scenario.model());
    }
    return sum / models.size();
  }

  private static Map<String, String> settings(String model, String init) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("learning.model", model);
    settings.put("learning.features", "64");
    settings.put("learning.outputs", "10");
    settings.put("learning.hidden-layers", "32");
    settings.put("learning.optimizer", "adam");
    settings.put("learning.step-size", "0.03");
    settings.put("learning.init", init);
    settings.put("learning.init-high", "0.1");
    settings.put("learning.init-seed", "1");
    settings.put("combine.forgetting-factor", "0.3");
    settings.put("combine.initial-score", "10");
    return settings;
  }
}
