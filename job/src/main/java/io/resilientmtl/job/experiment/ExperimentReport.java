package io.resilientmtl.job.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of an experiment, written as report.md: the claim, the configuration, tables of
 * measured numbers, the files written, and whether the claim holds.
 */
public final class ExperimentReport {

  private final String name;
  private final String claim;
  private final Map<String, Object> configuration = new LinkedHashMap<>();
  private final List<String> sections = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private Boolean claimHolds;
  private String verdict = "";

  public ExperimentReport(String name, String claim) {
    this.name = name;
    this.claim = claim;
  }

  /** Records one setting of the experiment. */
  public ExperimentReport configure(String key, Object value) {
    configuration.put(key, value);
    return this;
  }

  /** Adds a section with a heading and Markdown text, such as a table. */
  public ExperimentReport section(String heading, String markdown) {
    sections.add("## " + heading + "\n\n" + markdown.strip() + "\n");
    return this;
  }

  /** Records a file the experiment wrote, relative to its folder. */
  public ExperimentReport file(String relativePath) {
    files.add(relativePath);
    return this;
  }

  /** Records the verdict on the claim and the one-paragraph reason. */
  public ExperimentReport verdict(boolean holds, String reason) {
    this.claimHolds = holds;
    this.verdict = reason;
    return this;
  }

  public String name() {
    return name;
  }

  /** Returns whether the claim holds, or {@code null} before {@link #verdict} was called. */
  public Boolean claimHolds() {
    return claimHolds;
  }

  /** Returns the report as Markdown. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Experiment: ").append(name).append("\n\n");
    md.append("**Claim.** ").append(claim).append("\n\n");
    md.append("## Configuration\n\n");
    configuration.forEach(
        (key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
    md.append('\n');
    for (String section : sections) {
      md.append(section).append('\n');
    }
    if (!files.isEmpty()) {
      md.append("## Files\n\n");
      for (String file : files) {
        md.append("- `").append(file).append("`\n");
      }
      md.append('\n');
    }
    md.append("## Verdict\n\n").append(verdict).append("\n\n");
    md.append("Claim holds: ").append(Boolean.TRUE.equals(claimHolds) ? "yes" : "no").append('\n');
    return md.toString();
  }

  /** Writes report.md into {@code folder}. */
  public Path write(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve("report.md");
    Files.writeString(file, toMarkdown());
    return file;
  }

  /** Formats a Markdown table from a header and rows of cells. */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|").append(" --- |".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return md.toString();
  }

  /**
   * Writes a CSV file with a header line. Cells that hold a comma, a quote or a line break are
   * quoted, with quotes doubled.
   */
  public static void writeCsv(Path file, List<String> header, List<List<String>> rows)
      throws IOException {
    StringBuilder csv = new StringBuilder();
    appendCsvLine(csv, header);
    for (List<String> row : rows) {
      appendCsvLine(csv, row);
    }
    Files.writeString(file, csv.toString());
  }

  private static void appendCsvLine(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) {
        csv.append(',');
      }
      if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
        csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
      } else {
        csv.append(cell);
      }
    }
    csv.append('\n');
  }

  /**
   * Formats a number with four significant digits, "n/a" for NaN and "∞" or "−∞" for an infinity,
   * which is what the error of a diverged run reaches.
   */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
