package io.resilientmtl.job.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  /** Two 2 x 2 images: [0, 255, 51, 102] and [204, 0, 0, 153]. */
  private static final byte[] IMAGES =
      idx(0x00000803, new int[] {2, 2, 2}, new int[] {0, 255, 51, 102, 204, 0, 0, 153});

  private static final byte[] LABELS = idx(0x00000801, new int[] {2}, new int[] {7, 3});

  @TempDir Path directory;

  @Test
  void readsImagesScaledToUnitRange() throws IOException {
    IdxReader.Images images = IdxReader.readImages(new ByteArrayInputStream(IMAGES), "images");

    assertThat(images.count()).isEqualTo(2);
    assertThat(images.rows()).isEqualTo(2);
    assertThat(images.columns()).isEqualTo(2);
    assertThat(images.pixels()[0]).containsExactly(new double[] {0, 1, 0.2, 0.4}, within(1e-12));
    assertThat(images.pixels()[1]).containsExactly(new double[] {0.8, 0, 0, 0.6}, within(1e-12));
  }

  @Test
  void readsGzipCompressedImages() throws IOException {
    IdxReader.Images images =
        IdxReader.readImages(new ByteArrayInputStream(gzip(IMAGES)), "images.gz");

    assertThat(images.count()).isEqualTo(2);
    assertThat(images.pixels()[1]).containsExactly(new double[] {0.8, 0, 0, 0.6}, within(1e-12));
  }

  @Test
  void readsLabelsPlainAndGzipped() throws IOException {
    assertThat(IdxReader.readLabels(new ByteArrayInputStream(LABELS), "labels"))
        .containsExactly(7, 3);
    assertThat(IdxReader.readLabels(new ByteArrayInputStream(gzip(LABELS)), "labels.gz"))
        .containsExactly(7, 3);
  }

  @Test
  void readPairsImagesWithLabelsFromFiles() throws IOException {
    Path images = Files.write(directory.resolve("images.idx"), gzip(IMAGES));
    Path labels = Files.write(directory.resolve("labels.idx"), LABELS);

    LabeledImages digits = IdxReader.read(images, labels);

    assertThat(digits.height()).isEqualTo(2);
    assertThat(digits.width()).isEqualTo(2);
    assertThat(digits.size()).isEqualTo(2);
    assertThat(digits.samples().get(0).label()).isEqualTo(7);
    assertThat(digits.samples().get(1).label()).isEqualTo(3);
    assertThat(digits.samples().get(1).features())
        .containsExactly(new double[] {0.8, 0, 0, 0.6}, within(1e-12));
  }

  @Test
  void badMagicNamesSourceAndPosition() {
    byte[] data = IMAGES.clone();
    data[2] = 0x09;

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(data), "bad.idx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad.idx, byte 0: expected the magic number 0x00000803")
        .hasMessageContaining("got 0x00000903");
  }

  @Test
  void labelFileAsImagesIsWrongDimensionCount() {
    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(LABELS), "labels"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("labels, byte 3: expected 3 dimensions")
        .hasMessageContaining("got 1 dimensions");
  }

  @Test
  void truncatedPixelsNameEndOfData() {
    byte[] data = Arrays.copyOf(IMAGES, IMAGES.length - 1);

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(data), "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("short, byte 23: expected 24 bytes")
        .hasMessageContaining("2 images of 2 x 2 pixels");
  }

  @Test
  void truncatedHeaderNamesMissingSize() {
    byte[] data = Arrays.copyOf(IMAGES, 10);

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(data), "header"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("header, byte 8: expected the 4-byte number of rows");
  }

  @Test
  void truncatedGzipStreamIsMalformed() throws IOException {
    byte[] compressed = gzip(IMAGES);
    byte[] cut = Arrays.copyOf(compressed, compressed.length - 12);

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(cut), "cut.gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cut.gz, byte ")
        .hasMessageContaining("compressed stream ends early");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] data = Arrays.copyOf(LABELS, LABELS.length + 2);

    assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream(data), "long"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("long, byte 10: expected the end of the file after 2 labels, got 2 more bytes");
  }

  @Test
  void countMismatchNamesLabelCount() throws IOException {
    IdxReader.Images images = IdxReader.readImages(new ByteArrayInputStream(IMAGES), "images");
    int[] labels = {1, 2, 3};

    assertThatThrownBy(() -> IdxReader.combine(images, "images", labels, "labels"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels, byte 4: expected a count of 2 labels, one per image of images, got 3");
  }

  /** Builds an IDX file of unsigned bytes. */
  private static byte[] idx(int magic, int[] sizes, int[] elements) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * sizes.length + elements.length);
    buffer.putInt(magic);
    for (int size : sizes) {
      buffer.putInt(size);
    }
    for (int element : elements) {
      buffer.put((byte) element);
    }
    return buffer.array();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
