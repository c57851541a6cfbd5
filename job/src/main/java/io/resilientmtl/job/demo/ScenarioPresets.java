package io.resilientmtl.job.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Learning settings of the bundled scenarios, as job configuration keys and values. */
public final class ScenarioPresets {

  private ScenarioPresets() {}

  /**
   * Target localization as in the reference experiment: step size 0.1, forgetting factor 0.1, r0 =
   * 10, initial models uniform in [0, 1]².
   */
  public static Map<String, String> targetLocalization() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("learning.model", "target-localization");
    settings.put("learning.step-size", "0.1");
    settings.put("learning.init", "uniform");
    settings.put("learning.init-low", "0");
    settings.put("learning.init-high", "1");
    settings.put("learning.init-seed", "1");
    settings.put("combine.forgetting-factor", "0.1");
    settings.put("combine.initial-score", "10");
    return settings;
  }

  /**
   * Next-day PM10 from the three previous days, on values divided by 50 µg/m³. The step size 0.05
   * stays below the bound under which no step can overshoot on the replayed years. A station
   * reports one value a day, and with one-day scores a model that fits a single unusual day gets
   * through. So neighbours are scored on each station's last 14 days, with ν = 0.3. These settings
   * were chosen on 2002, before the demo's evaluation year.
   */
  public static Map<String, String> airbase() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("learning.model", "linear-regression");
    settings.put("learning.features", "3");
    settings.put("learning.outputs", "1");
    settings.put("learning.step-size", "0.05");
    settings.put("learning.init", "zeros");
    settings.put("combine.forgetting-factor", "0.3");
    settings.put("combine.score-window", "14");
    settings.put("combine.initial-score", "1");
    return settings;
  }
}
