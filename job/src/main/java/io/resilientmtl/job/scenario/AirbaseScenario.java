package io.resilientmtl.job.scenario;

import io.resilientmtl.job.attack.Attack;
import io.resilientmtl.job.attack.AttackPlan;
import io.resilientmtl.job.attack.AttackSpec;
import io.resilientmtl.job.attack.BoxAttack;
import io.resilientmtl.job.topology.Topology;
import io.resilientmtl.learning.model.LinearRegression;
import io.resilientmtl.learning.model.Model;
import io.resilientmtl.learning.model.Regressor;
import io.resilientmtl.learning.model.Sample;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays daily PM10 measurements of AirBase stations: every station is an agent that predicts the
 * next day's PM10 from the previous L days with a linear regression (L features, one output, and a
 * bias) or another regressor with L features and one output.
 *
 * <p>Replay window: by default the calendar years 2002–2004. Over the bundled stations this is the
 * window of three consecutive years with the lowest missing share (34 %, see {@link
 * AirbaseData#mostCompleteYears}). Each round is one day, starting with January 1 of the first
 * year, and each sample is stamped at noon UTC of its day. The last year is the evaluation period
 * ({@link #evaluationStartRound()}); the years before it let the models settle.
 *
 * <p>Agents: the stations whose missing share over the replay window is below 35 % (42 of the 70
 * bundled stations with the default window), sorted by id. Their in-neighbours are the k nearest
 * other selected stations by great-circle distance (default k = 4), Byzantine stations included.
 *
 * <p>Samples: a station has a sample for day t only if days t − L, ..., t are all observed; missing
 * days are skipped, never filled in. The lag days may fall before the replay window. Features are
 * [v(t − L), ..., v(t − 1)] from the oldest day to the newest and the target is [v(t)], all divided
 * by {@link Config#scale()} (default 50, so 15 µg/m³ becomes 0.3). An absolute error on the scaled
 * problem times the scale is an error in µg/m³.
 *
 * <p>Why the default scale is 50: one SGD step on ½(y − ŷ)² cannot overshoot when μ·‖x̃‖² ≤ 2,
 * where x̃ is the feature vector with the constant 1 of the bias appended. PM10 has rare peaks (up
 * to 274 µg/m³ in the bundled data), and with the default window the largest ‖x̃‖² is 32.0 at scale
 * 50, so any μ up to 0.062 is safe. At scale 10 the bound drops to about 0.0026, and μ = 0.01
 * already makes the no-cooperation baseline diverge.
 *
 * <p>Byzantine stations, picked at random among the selected ones, have no samples. By default, in
 * every round each of them publishes a fresh model whose parameters are drawn uniformly from [−B,
 * B) (default B = 20, far from honest models, whose parameters stay within a few units). The draw
 * of station s in round i comes from {@code Seeds.stream(seed, 2, s, i)}, where s is the station's
 * index among the selected stations, so it does not depend on the order of the calls. {@link
 * Config#attack()} or an {@link AttackPlan} replaces that attack. A plan built from a spec draws
 * from the same streams (see {@link AttackPlan}), so the spec {@code box-fresh:-20,20} publishes
 * exactly the default models when B = 20.
 */
public final class AirbaseScenario implements Scenario {

  /** Scenario name used in file and topic names. */
  public static final String NAME = "airbase-pm10";

  private static final long STREAM_BYZANTINE = 1;
  private static final long STREAM_BYZANTINE_MODELS = 2;
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * Settings of an AirBase replay.
   *
   * @param firstYear first calendar year replayed
   * @param lastYear last calendar year replayed, the evaluation year
   * @param maxMissingShare a station is selected when its missing share over the replayed years is
   *     below this value, in (0, 1]
   * @param lags number L of previous days used as features
   * @param neighbours number k of nearest stations used as in-neighbours
   * @param byzantineStations number of selected stations that turn Byzantine; 0 allowed
   * @param seed seed of the Byzantine choice and of the Byzantine models
   * @param scale divisor applied to every PM10 value in µg/m³
   * @param byzantineBound half-width B of the box [−B, B) the default attack draws parameters from
   * @param attack attack spec of every Byzantine station (grammar in {@link AttackSpec}), or {@code
   *     null} for the default, a fresh model from [−B, B) in every round
   */
  public record Config(
      int firstYear,
      int lastYear,
      double maxMissingShare,
      int lags,
      int neighbours,
      int byzantineStations,
      long seed,
      double scale,
      double byzantineBound,
      String attack) {

    public Config {
      if (lastYear < firstYear) {
        throw new IllegalArgumentException(
            "lastYear " + lastYear + " must not be before firstYear " + firstYear);
      }
      if (!(maxMissingShare > 0 && maxMissingShare <= 1)) {
        throw new IllegalArgumentException(
            "maxMissingShare must be in (0, 1], got " + maxMissingShare);
      }
      if (lags < 1) {
        throw new IllegalArgumentException("lags must be >= 1, got " + lags);
      }
      if (neighbours < 0) {
        throw new IllegalArgumentException("neighbours must be >= 0, got " + neighbours);
      }
      if (byzantineStations < 0) {
        throw new IllegalArgumentException(
            "byzantineStations must be >= 0, got " + byzantineStations);
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
      }
      if (!(byzantineBound > 0) || Double.isInfinite(byzantineBound)) {
        throw new IllegalArgumentException(
            "byzantineBound must be positive and finite, got " + byzantineBound);
      }
      if (attack != null) {
        // Rejects an invalid spec now, with the parser's message, not when the scenario is built.
        AttackSpec.parse(attack);
      }
    }

    /** Creates the settings with the default attack, the fields that existed before attacks. */
    public Config(
        int firstYear,
        int lastYear,
        double maxMissingShare,
        int lags,
        int neighbours,
        int byzantineStations,
        long seed,
        double scale,
        double byzantineBound) {
      this(
          firstYear,
          lastYear,
          maxMissingShare,
          lags,
          neighbours,
          byzantineStations,
          seed,
          scale,
          byzantineBound,
          null);
    }

    /**
     * Returns the defaults: 2002–2004, 35 %, L = 3, k = 4, 10 Byzantine, seed 1, scale 50, B 20.
     */
    public static Config defaults() {
      return new Config(2002, 2004, 0.35, 3, 4, 10, 1L, 50.0, 20.0);
    }

    /** Returns these settings with {@code value} Byzantine stations. */
    public Config withByzantineStations(int value) {
      return new Config(
          firstYear,
          lastYear,
          maxMissingShare,
          lags,
          neighbours,
          value,
          seed,
          scale,
          byzantineBound,
          attack);
    }

    /** Returns these settings with seed {@code value}. */
    public Config withSeed(long value) {
      return new Config(
          firstYear,
          lastYear,
          maxMissingShare,
          lags,
          neighbours,
          byzantineStations,
          value,
          scale,
          byzantineBound,
          attack);
    }

    /** Returns these settings with the attack spec {@code spec}; {@code null} means the default. */
    public Config withAttack(String spec) {
      return new Config(
          firstYear,
          lastYear,
          maxMissingShare,
          lags,
          neighbours,
          byzantineStations,
          seed,
          scale,
          byzantineBound,
          spec);
    }

    /** Returns these settings replaying the years {@code first} to {@code last}. */
    public Config withYears(int first, int last) {
      return new Config(
          first,
          last,
          maxMissingShare,
          lags,
          neighbours,
          byzantineStations,
          seed,
          scale,
          byzantineBound,
          attack);
    }
  }

  private final Config config;
  private final Regressor model;
  private final LocalDate firstDay;
  private final int rounds;
  private final List<StationSeries> stations;
  private final Map<String, StationSeries> stationById;
  private final Map<String, Integer> indexById;
  private final List<String> normalAgents;
  private final Set<String> byzantineAgents;
  private final Topology topology;
  private final AttackPlan attackPlan;

  /**
   * Creates a replay of {@code allStations}.
   *
   * @throws IllegalArgumentException if fewer than {@code neighbours + 1} stations, or not more
   *     stations than {@code byzantineStations}, pass the missing-share threshold
   */
  public AirbaseScenario(List<StationSeries> allStations, Config config) {
    this(allStations, config, null);
  }

  /**
   * Creates a replay of {@code allStations} with the attacks of {@code attacks}.
   *
   * <p>The Byzantine stations depend only on the stations and {@code config}, so a caller can read
   * them from a replay built from the same input and build a plan for them.
   *
   * @param attacks the attack of every Byzantine station, or {@code null} for {@link
   *     Config#attack()} or the default attack
   * @throws IllegalArgumentException if fewer than {@code neighbours + 1} stations, or not more
   *     stations than {@code byzantineStations}, pass the missing-share threshold; if the plan's
   *     attackers are not exactly the Byzantine stations; if both a plan and {@link
   *     Config#attack()} are given; or if an attack does not fit the model
   */
  public AirbaseScenario(List<StationSeries> allStations, Config config, AttackPlan attacks) {
    this(allStations, config, attacks, new LinearRegression(config.lags(), 1));
  }

  /**
   * Creates a replay of {@code allStations} in which every station learns {@code model}, with the
   * attacks of {@code attacks}.
   *
   * @param attacks the attack of every Byzantine station, or {@code null} for {@link
   *     Config#attack()} or the default attack
   * @param model a regressor with {@link Config#lags()} features and one output
   * @throws IllegalArgumentException in the cases of the three-argument constructor, or if {@code
   *     model} does not take L features and one output
   */
  public AirbaseScenario(
      List<StationSeries> allStations, Config config, AttackPlan attacks, Regressor model) {
    this.config = Objects.requireNonNull(config, "config");
    this.model = Objects.requireNonNull(model, "model");
    String shapeProblem =
        model.validate(Sample.regression(new double[config.lags()], new double[1]));
    if (shapeProblem != null) {
      throw new IllegalArgumentException(
          "Model "
              + model.kind()
              + " does not fit the replay of "
              + config.lags()
              + " lag days and one output: "
              + shapeProblem);
    }
    this.firstDay = LocalDate.of(config.firstYear(), 1, 1);
    LocalDate lastDay = LocalDate.of(config.lastYear(), 12, 31);
    this.rounds = (int) ChronoUnit.DAYS.between(firstDay, lastDay) + 1;

    this.stations = selectStations(allStations, firstDay, lastDay, config.maxMissingShare());
    if (stations.size() < config.neighbours() + 1) {
      throw new IllegalArgumentException(
          stations.size()
              + " stations have a missing share below "
              + config.maxMissingShare()
              + " in "
              + config.firstYear()
              + "-"
              + config.lastYear()
              + ", fewer than neighbours + 1 = "
              + (config.neighbours() + 1));
    }
    if (stations.size() <= config.byzantineStations()) {
      throw new IllegalArgumentException(
          "byzantineStations must be below the "
              + stations.size()
              + " selected stations, got "
              + config.byzantineStations());
    }

    this.stationById = new HashMap<>();
    this.indexById = new HashMap<>();
    for (int s = 0; s < stations.size(); s++) {
      stationById.put(stations.get(s).id(), stations.get(s));
      indexById.put(stations.get(s).id(), s);
    }

    Set<String> byzantine = drawByzantineStations();
    List<String> normal = new ArrayList<>();
    for (StationSeries station : stations) {
      if (!byzantine.contains(station.id())) {
        normal.add(station.id());
      }
    }
    this.normalAgents = List.copyOf(normal);
    this.byzantineAgents = Collections.unmodifiableSet(byzantine);
    this.topology = nearestNeighbours(stations, config.neighbours());
    this.attackPlan = choosePlan(attacks);
    attackPlan.checkDimension(model.dimension());
  }

  /** Creates a replay of the bundled data set, {@link AirbaseData#BUNDLED_RESOURCE}. */
  public static AirbaseScenario fromBundledData(Config config) throws IOException {
    return new AirbaseScenario(AirbaseData.readBundled(), config);
  }

  /** Creates a replay of the bundled data set with the attacks of {@code attacks}. */
  public static AirbaseScenario fromBundledData(Config config, AttackPlan attacks)
      throws IOException {
    return new AirbaseScenario(AirbaseData.readBundled(), config, attacks);
  }

  /**
   * Creates a replay of the bundled data set in which every station learns {@code model}, a
   * regressor with {@link Config#lags()} features and one output.
   */
  public static AirbaseScenario fromBundledData(Config config, Regressor model) throws IOException {
    return new AirbaseScenario(AirbaseData.readBundled(), config, null, model);
  }

  /**
   * Returns the plan given, the plan of {@link Config#attack()} or the default plan, in that order
   * of preference, after checking that only one was given. Plans built here draw from {@code
   * Seeds.mix(seed, 2, s, round)}, the stream of the default attack.
   */
  private AttackPlan choosePlan(AttackPlan attacks) {
    if (attacks != null) {
      if (config.attack() != null) {
        throw new IllegalArgumentException(
            "Both an attack plan and the attack spec '"
                + config.attack()
                + "' were given; set only one");
      }
      if (!attacks.attackers().equals(byzantineAgents)) {
        throw new IllegalArgumentException(
            "The attack plan covers "
                + attacks.attackers()
                + ", but the Byzantine stations are "
                + new TreeSet<>(byzantineAgents));
      }
      return attacks;
    }
    Attack attack =
        config.attack() != null
            ? AttackSpec.parse(config.attack())
            : new BoxAttack(
                -config.byzantineBound(), config.byzantineBound(), BoxAttack.Draw.FRESH);
    Map<String, Attack> plan = new HashMap<>();
    for (String station : byzantineAgents) {
      plan.put(station, attack);
    }
    return AttackPlan.of(plan, indexById, config.seed(), STREAM_BYZANTINE_MODELS);
  }

  /**
   * Returns the stations whose missing share over [{@code first}, {@code last}] is below {@code
   * maxMissingShare}, sorted by id.
   */
  public static List<StationSeries> selectStations(
      List<StationSeries> stations, LocalDate first, LocalDate last, double maxMissingShare) {
    List<StationSeries> selected = new ArrayList<>();
    for (StationSeries station : stations) {
      if (station.missingShare(first, last) < maxMissingShare) {
        selected.add(station);
      }
    }
    selected.sort(Comparator.comparing(StationSeries::id));
    return List.copyOf(selected);
  }

  /**
   * Builds the sample of {@code station} for {@code day}: features [v(day − lags), ..., v(day − 1)]
   * and target [v(day)], each divided by {@code scale}.
   *
   * @return the sample, or empty when any of the days day − lags, ..., day is missing
   */
  public static Optional<Sample> lagSample(
      StationSeries station, LocalDate day, int lags, double scale) {
    double[] features = new double[lags];
    for (int lag = lags; lag >= 1; lag--) {
      Double value = station.value(day.minusDays(lag));
      if (value == null) {
        return Optional.empty();
      }
      features[lags - lag] = value / scale;
    }
    Double target = station.value(day);
    if (target == null) {
      return Optional.empty();
    }
    return Optional.of(Sample.regression(features, new double[] {target / scale}));
  }

  /** Links each station to its k nearest other stations; ties go to the smaller id. */
  private static Topology nearestNeighbours(List<StationSeries> stations, int k) {
    Map<String, List<String>> inNeighbours = new TreeMap<>();
    for (StationSeries station : stations) {
      List<StationSeries> others = new ArrayList<>();
      for (StationSeries other : stations) {
        if (!other.id().equals(station.id())) {
          others.add(other);
        }
      }
      others.sort(Comparator.comparingDouble(station::distanceKm).thenComparing(StationSeries::id));
      List<String> nearest = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        nearest.add(others.get(i).id());
      }
      inNeighbours.put(station.id(), nearest);
    }
    return Topology.of(inNeighbours);
  }

  private Set<String> drawByzantineStations() {
    SplittableRandom random = Seeds.stream(config.seed(), STREAM_BYZANTINE);
    List<String> ids = new ArrayList<>();
    for (StationSeries station : stations) {
      ids.add(station.id());
    }
    for (int i = ids.size() - 1; i > 0; i--) {
      Collections.swap(ids, i, random.nextInt(i + 1));
    }
    return new LinkedHashSet<>(ids.subList(0, config.byzantineStations()));
  }

  /** Returns the settings this scenario was created with. */
  public Config config() {
    return config;
  }

  /** Returns the selected stations, Byzantine ones included, sorted by id. */
  public List<StationSeries> stations() {
    return stations;
  }

  /** Returns the day replayed in {@code round}. */
  public LocalDate day(int round) {
    return firstDay.plusDays(round);
  }

  /** Returns the first round of the last replayed year, where the evaluation period starts. */
  public int evaluationStartRound() {
    return (int) ChronoUnit.DAYS.between(firstDay, LocalDate.of(config.lastYear(), 1, 1));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public List<String> normalAgents() {
    return normalAgents;
  }

  @Override
  public Set<String> byzantineAgents() {
    return byzantineAgents;
  }

  /** Returns midnight UTC of January 1 of the first replayed year. */
  @Override
  public long startMillis() {
    return firstDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Returns one day. */
  @Override
  public long roundMillis() {
    return DAY_MILLIS;
  }

  @Override
  public int rounds() {
    return rounds;
  }

  /**
   * Returns the sample of each normal station that has one for the round's day, in id order,
   * stamped at noon UTC of that day.
   *
   * @throws IllegalArgumentException if {@code round} is outside [0, rounds)
   */
  @Override
  public List<TimedSample> samples(int round) {
    if (round < 0 || round >= rounds) {
      throw new IllegalArgumentException("round must be in [0, " + rounds + "), got " + round);
    }
    LocalDate day = day(round);
    long timestamp = day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC).toEpochMilli();
    List<TimedSample> samples = new ArrayList<>();
    for (String id : normalAgents) {
      Optional<Sample> sample = lagSample(stationById.get(id), day, config.lags(), config.scale());
      sample.ifPresent(value -> samples.add(new TimedSample(id, timestamp, value)));
    }
    return samples;
  }

  /** Returns the attack of every Byzantine station. */
  public AttackPlan attackPlan() {
    return attackPlan;
  }

  /**
   * Returns the model a Byzantine station publishes in {@code round}, or {@code null} when its
   * attack keeps it silent. The default attack draws a fresh model, each parameter uniform in [−B,
   * B), and ignores {@code honestModels}.
   *
   * @throws IllegalArgumentException if {@code agentId} is not Byzantine or {@code round} is
   *     negative
   */
  @Override
  public double[] byzantineModel(String agentId, int round, Map<String, double[]> honestModels) {
    if (!byzantineAgents.contains(agentId)) {
      throw new IllegalArgumentException("Station " + agentId + " is not a Byzantine station");
    }
    return attackPlan.model(agentId, round, topology, model.dimension(), honestModels);
  }

  @Override
  public Set<String> silentAttackers(int round) {
    return attackPlan.silentAttackers(round);
  }
}
