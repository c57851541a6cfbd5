package io.resilientmtl.job.scenario;

import io.resilientmtl.learning.model.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reader of the 8 × 8 digits of scikit-learn ({@code load_digits}) as a CSV with the header {@code
 * p0_0,...,p7_7,label}: one line per image with 64 pixel counts in [0, 16], row-major, then the
 * digit in [0, 9].
 *
 * <p>The input may be gzip-compressed, which the reader detects by the gzip magic bytes. Blank
 * lines are skipped. Pixels are divided by {@value #MAX_PIXEL}, so they lie in [0, 1].
 */
public final class SklearnDigitsReader {

  /** Side of the square images. */
  public static final int SIDE = 8;

  /** Largest pixel value: each pixel counts the set pixels of a 4 × 4 block of a 32 × 32 bitmap. */
  public static final int MAX_PIXEL = 16;

  /** Number of classes. Labels lie in [0, CLASSES). */
  public static final int CLASSES = 10;

  /** The header line the reader requires. */
  public static final String HEADER = header();

  private static final int FIELDS = SIDE * SIDE + 1;
  private static final int MAX_QUOTED_LINE = 120;

  private SklearnDigitsReader() {}

  /** Reads a file, gzip-compressed or not. */
  public static LabeledImages read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    }
  }

  /**
   * Reads a class-path resource, gzip-compressed or not.
   *
   * @throws IOException if the resource is not found or cannot be read
   */
  public static LabeledImages readResource(String resource) throws IOException {
    InputStream in = SklearnDigitsReader.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Class-path resource " + resource + " not found");
    }
    try (in) {
      return read(in, "resource " + resource);
    }
  }

  /**
   * Reads a stream, gzip-compressed or not, and leaves it open.
   *
   * @param source a name of the input used in error messages, such as a file name
   * @return the images in file order, 8 × 8 each
   * @throws IllegalArgumentException if a line is malformed: the message names {@code source}, the
   *     line number (the header is line 1) and what was expected
   */
  public static LabeledImages read(InputStream in, String source) throws IOException {
    Objects.requireNonNull(source, "source");
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(IdxReader.decompressIfGzip(in), StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null) {
      throw new IllegalArgumentException(source + " is empty; expected the header " + HEADER);
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (!header.strip().equals(HEADER)) {
      throw malformed(source, 1, "the header p0_0,...,p7_7,label", header);
    }

    List<Sample> samples = new ArrayList<>();
    int lineNumber = 1;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (!line.isBlank()) {
        samples.add(parseRow(line, source, lineNumber));
      }
    }
    return new LabeledImages(SIDE, SIDE, samples);
  }

  private static Sample parseRow(String line, String source, int lineNumber) {
    String[] fields = line.split(",", -1);
    if (fields.length != FIELDS) {
      throw malformed(
          source,
          lineNumber,
          FIELDS + " comma-separated integers (64 pixels, then the label), not " + fields.length,
          line);
    }
    double[] pixels = new double[SIDE * SIDE];
    for (int p = 0; p < pixels.length; p++) {
      String column = "p" + p / SIDE + "_" + p % SIDE;
      pixels[p] =
          parseInteger(fields[p], column, MAX_PIXEL, source, lineNumber, line) / (double) MAX_PIXEL;
    }
    int label = parseInteger(fields[FIELDS - 1], "label", CLASSES - 1, source, lineNumber, line);
    return Sample.classification(pixels, label);
  }

  private static int parseInteger(
      String field, String column, int max, String source, int lineNumber, String line) {
    int value;
    try {
      value = Integer.parseInt(field.strip());
    } catch (NumberFormatException e) {
      throw malformed(source, lineNumber, "an integer in column " + column, line);
    }
    if (value < 0 || value > max) {
      throw malformed(
          source,
          lineNumber,
          "a value in [0, " + max + "] in column " + column + ", not " + value,
          line);
    }
    return value;
  }

  private static String header() {
    StringBuilder header = new StringBuilder();
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        header.append('p').append(r).append('_').append(c).append(',');
      }
    }
    return header.append("label").toString();
  }

  private static IllegalArgumentException malformed(
      String source, int lineNumber, String expected, String line) {
    String quoted =
        line.length() <= MAX_QUOTED_LINE ? line : line.substring(0, MAX_QUOTED_LINE) + "...";
    return new IllegalArgumentException(
        source + ", line " + lineNumber + ": expected " + expected + ", got '" + quoted + "'");
  }
}
