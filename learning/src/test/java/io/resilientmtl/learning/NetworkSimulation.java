package io.resilientmtl.learning;

import io.resilientmtl.learning.combine.Combination;
import io.resilientmtl.learning.combine.CombineInput;
import io.resilientmtl.learning.combine.CombineRule;
import io.resilientmtl.learning.combine.NeighbourModel;
import io.resilientmtl.learning.combine.NeighbourOutcome;
import io.resilientmtl.learning.combine.NeighbourStatus;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Sample;
import io.resilientmtl.learning.optim.LocalUpdate;
import io.resilientmtl.learning.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A synchronous, single-threaded run of adapt-then-combine diffusion learning, for tests.
 *
 * <p>In every round each normal agent takes one local step on a fresh batch, then combines its psi
 * with the psi of its in-neighbours. Byzantine agents publish a constant model every round. One
 * seeded random stream feeds every batch in agent-id order, so a run is reproducible.
 */
public final class NetworkSimulation {

  /** Draws one agent's batch for one round. */
  public interface BatchSource {
    List<Sample> batch(String agentId, int round, SplittableRandom random);
  }

  private final Model model;
  private final CombineRule rule;
  private final Optimizer optimizer;
  private final Map<String, List<String>> inNeighbours;
  private final Map<String, double[]> byzantineModels;
  private final BatchSource source;

  /**
   * @param inNeighbours in-neighbours of every normal agent, which may include Byzantine ids
   * @param byzantineModels the constant model of every Byzantine agent
   */
  public NetworkSimulation(
      Model model,
      CombineRule rule,
      Optimizer optimizer,
      Map<String, List<String>> inNeighbours,
      Map<String, double[]> byzantineModels,
      BatchSource source) {
    this.model = model;
    this.rule = rule;
    this.optimizer = optimizer;
    this.inNeighbours = new TreeMap<>(inNeighbours);
    this.byzantineModels = byzantineModels;
    this.source = source;
  }

  /**
   * Summary of one run.
   *
   * @param meanSquaredError mean of ‖w_k − truth_k‖² over the agents and the last rounds
   * @param maxByzantineWeight the largest weight any agent gave a Byzantine model in any round
   * @param honestAcceptedFraction share of the honest neighbour models that were ACCEPTED in the
   *     last rounds
   */
  public record Result(
      double meanSquaredError, double maxByzantineWeight, double honestAcceptedFraction) {}

  /**
   * Runs {@code rounds} rounds from zero parameters and measures the last {@code window} of them.
   */
  public Result run(int rounds, int window, Map<String, double[]> truth, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, double[]> models = new TreeMap<>();
    Map<String, Map<String, Double>> scores = new HashMap<>();
    for (String agent : inNeighbours.keySet()) {
      models.put(agent, new double[model.dimension()]);
      scores.put(agent, new HashMap<>());
    }

    double errorSum = 0.0;
    int errorCount = 0;
    double maxByzantineWeight = 0.0;
    int honestAccepted = 0;
    int honestCount = 0;
    for (int round = 0; round < rounds; round++) {
      Map<String, List<Sample>> batches = new TreeMap<>();
      Map<String, double[]> psi = new TreeMap<>(byzantineModels);
      for (String agent : inNeighbours.keySet()) {
        List<Sample> batch = source.batch(agent, round, random);
        batches.put(agent, batch);
        psi.put(agent, LocalUpdate.adapt(model, optimizer, models.get(agent), batch, 1));
      }

      Map<String, double[]> combined = new TreeMap<>();
      for (String agent : inNeighbours.keySet()) {
        List<NeighbourModel> neighbours = new ArrayList<>();
        for (String neighbour : inNeighbours.get(agent)) {
          neighbours.add(new NeighbourModel(neighbour, psi.get(neighbour)));
        }
        CombineInput input =
            new CombineInput(
                agent, psi.get(agent), models.get(agent), neighbours, batches.get(agent), model);
        Combination combination = rule.combine(input, scores.get(agent));
        combined.put(agent, combination.parameters());

        for (NeighbourOutcome outcome : combination.outcomes()) {
          if (byzantineModels.containsKey(outcome.agentId())) {
            maxByzantineWeight = Math.max(maxByzantineWeight, outcome.weight());
          } else if (outcome.status() != NeighbourStatus.SELF && round >= rounds - window) {
            honestCount++;
            if (outcome.status() == NeighbourStatus.ACCEPTED) {
              honestAccepted++;
            }
          }
        }
      }
      models = combined;

      if (round >= rounds - window) {
        for (String agent : models.keySet()) {
          errorSum += squaredDistance(models.get(agent), truth.get(agent));
          errorCount++;
        }
      }
    }
    return new Result(
        errorSum / errorCount, maxByzantineWeight, (double) honestAccepted / honestCount);
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return sum;
  }
}
