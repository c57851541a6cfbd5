package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.resilientmtl.job.simulate.InMemorySimulation;
import io.resilientmtl.learning.model.ParameterInitializer;
import io.resilientmtl.learning.model.SoftmaxRegression;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitsLearningTest {

  @Test
  void measure() throws IOException {
    SoftmaxRegression model = new SoftmaxRegression(64, 10);
    for (String attack : new String[] {null}) {
      DigitsScenario.Builder builder = DigitsScenario.Config.builder();
      if (attack != null) {
        builder.byzantineAgents(java.util.List.of());
      }
      DigitsScenario scenario =
          DigitsScenario.sklearn(
              builder
                  .rounds(Integer.parseInt(System.getenv().getOrDefault("R", "0")))
                  .textureMax(Double.parseDouble(System.getenv().getOrDefault("TAU", "0.3")))
                  .build(),
              model);
      for (double mu : new double[] {0.1, 0.3, 1.0}) {
        for (String rule : new String[] {"no-cooperation"}) {
          InMemorySimulation.Result result =
              new InMemorySimulation(
                      scenario,
                      new InMemorySimulation.Settings(
                          rule, mu, 0.1, 1.0, 1, ParameterInitializer.zeros()))
                  .run();
          StringBuilder line = new StringBuilder(attack + " mu=" + mu + " " + rule + ":");
          double sum = 0;
          for (Map.Entry<String, double[]> e : result.finalModels().entrySet()) {
            double acc = scenario.accuracy(e.getKey(), e.getValue(), model);
            sum += acc;
            line.append(String.format(" %s=%.2f", e.getKey(), acc));
          }
          line.append(String.format(" mean=%.3f", sum / result.finalModels().size()));
          System.out.println(line);
        }
      }
    }
    assertThat(true).isTrue();
  }
}
