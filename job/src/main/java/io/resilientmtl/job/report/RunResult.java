package io.resilientmtl.job.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The results of one experiment: one scenario, one seed, one or more combine rules.
 *
 * @param scenario the scenario name, such as {@code target-localization}
 * @param seed the scenario seed
 * @param config settings worth recording (step size, forgetting factor, agent counts); values must
 *     be JSON-friendly: strings, numbers, booleans, lists or maps of them
 * @param evaluationStartRound first round of the evaluation period that the summary averages over;
 *     0 to average over all rounds
 * @param rules one result per rule, in report order; rule names are unique
 */
public record RunResult(
    String scenario,
    long seed,
    Map<String, Object> config,
    int evaluationStartRound,
    List<RuleResult> rules) {

  public RunResult {
    Objects.requireNonNull(scenario, "scenario");
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    rules = List.copyOf(rules);
    if (evaluationStartRound < 0) {
      throw new IllegalArgumentException(
          "evaluationStartRound must be >= 0, got " + evaluationStartRound);
    }
    Set<String> names = new LinkedHashSet<>();
    for (RuleResult rule : rules) {
      if (!names.add(rule.rule())) {
        throw new IllegalArgumentException("Rule " + rule.rule() + " appears twice");
      }
    }
  }
}
