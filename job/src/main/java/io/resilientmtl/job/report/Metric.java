package io.resilientmtl.job.report;

/** A per-round metric of {@link RoundMetrics}, with the names it has in reports. */
public enum Metric {
  MSD("msd", "msd", "MSD"),
  MEAN_LOSS("mean_loss", "loss", "mean prequential loss"),
  MEAN_ABS_ERROR("mean_abs_error", "abs_error", "mean prequential absolute error"),
  BYZANTINE_WEIGHT("byzantine_weight", "byzantine_weight", "weight on Byzantine neighbours");

  private final String column;
  private final String key;
  private final String label;

  Metric(String column, String key, String label) {
    this.column = column;
    this.key = key;
    this.label = label;
  }

  /** Returns the CSV column name, such as {@code mean_loss}. */
  public String column() {
    return column;
  }

  /** Returns the stem of the JSON keys, such as {@code loss} in {@code loss_by_round}. */
  public String key() {
    return key;
  }

  /** Returns the axis label used in plots. */
  public String label() {
    return label;
  }
}
