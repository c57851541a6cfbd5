package io.resilientmtl.job.experiment;

import static io.resilientmtl.job.experiment.ExperimentReport.number;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resilientmtl.job.experiment.SensorNetworkExperiment.Plan;
import io.resilientmtl.job.experiment.SensorNetworkExperiment.RunErrors;
import io.resilientmtl.job.report.StationMapPlot;
import io.resilientmtl.job.scenario.AirbaseScenario;
import io.resilientmtl.job.scenario.StationSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes the tables, CSV and JSON files and plots of {@link SensorNetworkExperiment}. */
final class SensorNetworkOutput {

  static final String SUMMARY_CSV = "mae-by-rule.csv";
  static final String STATION_CSV = "mae-by-station.csv";
  static final String ROUND_CSV = "mae-by-day.csv";
  static final String SUMMARY_JSON = "summary.json";

  private final Plan plan;
  private final AirbaseScenario reference;
  private final List<String> compared;
  private final Set<String> byzantine;
  private final Map<String, Map<String, Map<String, RunErrors>>> errors;
  private final Path folder;

  /**
   * @param reference the replay with the Byzantine stations of the attacked runs
   * @param compared the stations normal in every condition
   * @param errors the errors by model, attack and rule
   * @param folder the experiment's output folder
   */
  SensorNetworkOutput(
      Plan plan,
      AirbaseScenario reference,
      List<String> compared,
      Set<String> byzantine,
      Map<String, Map<String, Map<String, RunErrors>>> errors,
      Path folder) {
    this.plan = plan;
    this.reference = reference;
    this.compared = compared;
    this.byzantine = byzantine;
    this.errors = errors;
    this.folder = folder;
  }

  /**
   * Returns how many of {@code stations} have a lower error in {@code run} than in {@code base}.
   */
  static int stationsBetter(RunErrors run, RunErrors base, List<String> stations) {
    int better = 0;
    for (String station : stations) {
      if (run.byStation().get(station) < base.byStation().get(station)) {
        better++;
      }
    }
    return better;
  }

  /** Writes every file and adds the tables and the file list to {@code report}. */
  void writeFiles(ExperimentReport report) throws IOException {
    Files.createDirectories(folder);
    report.section("Mean held-out error of the compared stations", meanTable());
    writeSummaryCsv();
    writeStationCsv();
    writeRoundCsv();
    writeJson();
    report.file(SUMMARY_CSV).file(STATION_CSV).file(ROUND_CSV).file(SUMMARY_JSON);
    for (String model : plan.models()) {
      for (String attack : errors.get(model).keySet()) {
        String file = "mae-by-week-" + model + "-" + attack + ".png";
        SensorNetworkExperiment.weeklyPlot(
                "AirBase PM10, " + model + ", " + attack + ": weekly mean of the daily MAE",
                withNoCooperation(model, attack))
            .write(folder.resolve(file));
        report.file(file);
      }
      String map = "map-" + model + ".png";
      new StationMapPlot(
              "Gain of loss-based over no-cooperation, " + model + ", " + plan.mapAttack(),
              "no-cooperation MAE\nminus loss-based MAE\nin µg/m³\n(blue: cooperation helped)")
          .write(SensorNetworkExperiment.mapStations(reference, gain(model)), folder.resolve(map));
      report.file(map);
    }
  }

  /** Returns no-cooperation's MAE minus the loss-based MAE per station under the map's attack. */
  Map<String, Double> gain(String model) {
    RunErrors lossBased = errors.get(model).get(plan.mapAttack()).get("loss-based");
    RunErrors noCooperation = noCooperation(model);
    Map<String, Double> gain = new LinkedHashMap<>();
    for (String station : compared) {
      gain.put(
          station, noCooperation.byStation().get(station) - lossBased.byStation().get(station));
    }
    return gain;
  }

  private RunErrors noCooperation(String model) {
    return errors.get(model).get(SensorNetworkExperiment.NO_ATTACK).get("no-cooperation");
  }

  private Map<String, RunErrors> withNoCooperation(String model, String attack) {
    Map<String, RunErrors> byRule = new LinkedHashMap<>(errors.get(model).get(attack));
    byRule.putIfAbsent("no-cooperation", noCooperation(model));
    return byRule;
  }

  /**
   * Returns the table of mean errors: one row per model and rule, one column per condition, and for
   * the loss-based rule the count of compared stations where it beats no-cooperation.
   */
  private String meanTable() {
    StringBuilder md = new StringBuilder();
    md.append(
        "Mean over the "
            + compared.size()
            + " compared stations of the prequential MAE in µg/m³. Rows marked \"better\" count"
            + " the stations where loss-based has a lower error than no-cooperation, whose errors"
            + " are the same under every attack.\n\n");
    for (String model : plan.models()) {
      Map<String, Map<String, RunErrors>> byAttack = errors.get(model);
      List<String> header = new ArrayList<>();
      header.add("rule");
      header.addAll(byAttack.keySet());
      List<List<String>> rows = new ArrayList<>();
      List<String> rules = new ArrayList<>(plan.rules());
      rules.addAll(plan.extraRules());
      rules.add("no-cooperation");
      for (String rule : rules) {
        List<String> row = new ArrayList<>();
        row.add(rule);
        for (String attack : byAttack.keySet()) {
          RunErrors run =
              rule.equals("no-cooperation") ? noCooperation(model) : byAttack.get(attack).get(rule);
          row.add(run == null ? "not run" : number(run.mean(compared)));
        }
        rows.add(row);
      }
      List<String> better = new ArrayList<>();
      better.add("loss-based better");
      for (String attack : byAttack.keySet()) {
        better.add(
            stationsBetter(byAttack.get(attack).get("loss-based"), noCooperation(model), compared)
                + "/"
                + compared.size());
      }
      rows.add(better);
      md.append("### ").append(model).append("\n\n");
      md.append(ExperimentReport.table(header, rows)).append('\n');
    }
    return md.toString();
  }

  private void writeSummaryCsv() throws IOException {
    try (PrintWriter csv =
        new PrintWriter(
            Files.newBufferedWriter(folder.resolve(SUMMARY_CSV), StandardCharsets.UTF_8))) {
      csv.println("model,attack,rule,mean_mae_ug_m3,stations_better_than_no_cooperation");
      forEachRun(
          (model, attack, rule, run) ->
              csv.printf(
                  Locale.ROOT,
                  "%s,%s,%s,%.6f,%d%n",
                  model,
                  attack,
                  rule,
                  run.mean(compared),
                  stationsBetter(run, noCooperation(model), compared)));
    }
  }

  private void writeStationCsv() throws IOException {
    Map<String, StationSeries> stations = new LinkedHashMap<>();
    for (StationSeries station : reference.stations()) {
      stations.put(station.id(), station);
    }
    try (PrintWriter csv =
        new PrintWriter(
            Files.newBufferedWriter(folder.resolve(STATION_CSV), StandardCharsets.UTF_8))) {
      csv.println("model,attack,rule,station,longitude,latitude,byzantine_under_attack,mae_ug_m3");
      forEachRun(
          (model, attack, rule, run) ->
              run.byStation()
                  .forEach(
                      (id, mae) ->
                          csv.printf(
                              Locale.ROOT,
                              "%s,%s,%s,%s,%.5f,%.5f,%b,%.6f%n",
                              model,
                              attack,
                              rule,
                              id,
                              stations.get(id).longitude(),
                              stations.get(id).latitude(),
                              byzantine.contains(id),
                              mae)));
    }
  }

  private void writeRoundCsv() throws IOException {
    try (PrintWriter csv =
        new PrintWriter(
            Files.newBufferedWriter(folder.resolve(ROUND_CSV), StandardCharsets.UTF_8))) {
      csv.println("model,attack,rule,day,date,mean_mae_ug_m3");
      forEachRun(
          (model, attack, rule, run) -> {
            double[] byRound = run.byRound();
            for (int day = 0; day < byRound.length; day++) {
              csv.printf(
                  Locale.ROOT,
                  "%s,%s,%s,%d,%s,%.6f%n",
                  model,
                  attack,
                  rule,
                  day,
                  reference.day(day),
                  byRound[day]);
            }
          });
    }
  }

  private void writeJson() throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("scenario", AirbaseScenario.NAME);
    root.put("mae_unit", "µg/m³");
    root.put("compared_stations", compared.size());
    compared.forEach(root.putArray("compared_station_ids")::add);
    root.put("burn_in_days", plan.burnIn());
    root.put("replayed_days", plan.rounds());
    ObjectNode models = root.putObject("models");
    forEachRun(
        (model, attack, rule, run) -> {
          ObjectNode node = ((ObjectNode) models.with(model)).with(attack).putObject(rule);
          node.put("mean_mae", run.mean(compared));
          node.put(
              "stations_better_than_no_cooperation",
              stationsBetter(run, noCooperation(model), compared));
          ObjectNode byStation = node.putObject("mae_by_station");
          run.byStation().forEach(byStation::put);
        });
    json.writeValue(folder.resolve(SUMMARY_JSON).toFile(), root);
  }

  /** A consumer of one run's errors. */
  private interface RunConsumer {
    void accept(String model, String attack, String rule, RunErrors run) throws IOException;
  }

  private void forEachRun(RunConsumer consumer) throws IOException {
    for (Map.Entry<String, Map<String, Map<String, RunErrors>>> model : errors.entrySet()) {
      for (Map.Entry<String, Map<String, RunErrors>> attack : model.getValue().entrySet()) {
        for (Map.Entry<String, RunErrors> rule : attack.getValue().entrySet()) {
          consumer.accept(model.getKey(), attack.getKey(), rule.getKey(), rule.getValue());
        }
      }
    }
  }
}
