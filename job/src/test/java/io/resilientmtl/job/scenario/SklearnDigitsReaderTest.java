package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SklearnDigitsReaderTest {

  @Test
  void readsPixelsDividedBySixteen() throws IOException {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 16, 4) + "\n\n" + row(0, 2, 9) + "\n";

    LabeledImages digits = read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv");

    assertThat(digits.height()).isEqualTo(8);
    assertThat(digits.width()).isEqualTo(8);
    assertThat(digits.size()).isEqualTo(2);
    double[] first = digits.samples().get(0).features();
    assertThat(first).hasSize(64);
    assertThat(first[0]).isCloseTo(0.5, within(1e-12));
    assertThat(first[1]).isCloseTo(1.0, within(1e-12));
    assertThat(first[63]).isCloseTo(0.5, within(1e-12));
    assertThat(digits.samples().get(0).label()).isEqualTo(4);
    assertThat(digits.samples().get(1).features()[1]).isCloseTo(0.125, within(1e-12));
    assertThat(digits.samples().get(1).label()).isEqualTo(9);
  }

  @Test
  void readsGzipCompressedInput() throws IOException {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 16, 4) + "\n";

    LabeledImages digits = read(gzip(csv.getBytes(StandardCharsets.UTF_8)), "digits.csv.gz");

    assertThat(digits.size()).isEqualTo(1);
    assertThat(digits.samples().get(0).label()).isEqualTo(4);
  }

  @Test
  void headerListsPixelsThenLabel() {
    assertThat(SklearnDigitsReader.HEADER).startsWith("p0_0,p0_1,").endsWith(",p7_7,label");
  }

  @Test
  void shortLineNamesLineNumber() {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 16, 4) + "\n1,2,3\n";

    assertThatThrownBy(() -> read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "digits.csv, line 3: expected 65 comma-separated integers (64 pixels, then the label),"
                + " not 3, got '1,2,3'");
  }

  @Test
  void pixelAboveSixteenIsRejected() {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 17, 4) + "\n";

    assertThatThrownBy(() -> read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "digits.csv, line 2: expected a value in [0, 16] in column p0_1, not 17");
  }

  @Test
  void labelAboveNineIsRejected() {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 16, 10) + "\n";

    assertThatThrownBy(() -> read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "digits.csv, line 2: expected a value in [0, 9] in column label, not 10");
  }

  @Test
  void nonIntegerPixelIsRejected() {
    String csv = SklearnDigitsReader.HEADER + "\n" + row(8, 16, 4).replaceFirst("^8", "8.5") + "\n";

    assertThatThrownBy(() -> read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("digits.csv, line 2: expected an integer in column p0_0");
  }

  @Test
  void wrongHeaderIsRejected() {
    String csv = "a,b,label\n" + row(8, 16, 4) + "\n";

    assertThatThrownBy(() -> read(csv.getBytes(StandardCharsets.UTF_8), "digits.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("digits.csv, line 1: expected the header p0_0,...,p7_7,label");
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> read(new byte[0], "empty.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("empty.csv is empty");
  }

  /** Returns a data line whose first pixel is {@code first}, second {@code second}, others 8. */
  private static String row(int first, int second, int label) {
    StringBuilder line = new StringBuilder().append(first).append(',').append(second);
    for (int p = 2; p < 64; p++) {
      line.append(",8");
    }
    return line.append(',').append(label).toString();
  }

  private static LabeledImages read(byte[] data, String source) throws IOException {
    return SklearnDigitsReader.read(new ByteArrayInputStream(data), source);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
