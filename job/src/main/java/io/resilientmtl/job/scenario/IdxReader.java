package io.resilientmtl.job.scenario;

import io.resilientmtl.learning.model.Sample;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reader of IDX files of unsigned bytes, the format of the MNIST database: an image file with the
 * magic number {@code 0x00000803} and a label file with {@code 0x00000801}.
 *
 * <p>An IDX file is big-endian. Its magic number is two zero bytes, the element type ({@code 0x08}
 * for unsigned bytes) and the number of dimensions. One 4-byte size per dimension follows, then the
 * elements. An image file has 3 dimensions (count, rows, columns) and its pixels row-major, image
 * after image. A label file has 1 dimension (count) and one byte per label.
 *
 * <p>Either file may be gzip-compressed, which the reader detects by the gzip magic bytes. Byte
 * positions in error messages count in the uncompressed data, from 0. Pixels are divided by 255, so
 * they lie in [0, 1].
 */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned-byte images: type 0x08, 3 dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned-byte labels: type 0x08, 1 dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE_TYPE = 0x08;
  private static final int READ_CHUNK = 1 << 16;

  private IdxReader() {}

  /**
   * Images of an IDX image file.
   *
   * @param rows rows of every image
   * @param columns columns of every image
   * @param pixels one row-major array of rows·columns values in [0, 1] per image
   */
  public record Images(int rows, int columns, double[][] pixels) {

    /** Returns the number of images. */
    public int count() {
      return pixels.length;
    }
  }

  /**
   * Reads an image file and a label file into labelled images.
   *
   * @throws IllegalArgumentException if either file is malformed or their counts differ
   */
  public static LabeledImages read(Path images, Path labels) throws IOException {
    return combine(readImages(images), images.toString(), readLabels(labels), labels.toString());
  }

  /**
   * Reads an image file and a label file from the class path into labelled images.
   *
   * @param images absolute resource name of the image file
   * @param labels absolute resource name of the label file
   * @throws IOException if a resource is not found or cannot be read
   * @throws IllegalArgumentException if either file is malformed or their counts differ
   */
  public static LabeledImages readResources(String images, String labels) throws IOException {
    return combine(
        readImagesResource(images),
        "resource " + images,
        readLabelsResource(labels),
        "resource " + labels);
  }

  /**
   * Pairs image i with label i.
   *
   * @throws IllegalArgumentException if the counts differ. The message names the label source and
   *     the byte position of its count.
   */
  public static LabeledImages combine(
      Images images, String imagesSource, int[] labels, String labelsSource) {
    if (labels.length != images.count()) {
      throw malformed(
          labelsSource,
          4,
          "a count of "
              + images.count()
              + " labels, one per image of "
              + imagesSource
              + ", got "
              + labels.length);
    }
    List<Sample> samples = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      samples.add(Sample.classification(images.pixels()[i], labels[i]));
    }
    return new LabeledImages(images.rows(), images.columns(), samples);
  }

  /** Reads an image file, gzip-compressed or not. */
  public static Images readImages(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return readImages(in, path.toString());
    }
  }

  /** Reads an image file from the class path, gzip-compressed or not. */
  public static Images readImagesResource(String resource) throws IOException {
    try (InputStream in = openResource(resource)) {
      return readImages(in, "resource " + resource);
    }
  }

  /**
   * Reads an image file from a stream, gzip-compressed or not, and leaves the stream open.
   *
   * @param source a name of the input used in error messages, such as a file name
   * @throws IllegalArgumentException if the file is malformed: a magic number other than {@value
   *     #IMAGES_MAGIC}, a size below 1, fewer or more bytes than the header announces. The message
   *     names {@code source}, the byte position and what was expected there.
   */
  public static Images readImages(InputStream in, String source) throws IOException {
    Objects.requireNonNull(source, "source");
    byte[] data = readAll(in, source);
    checkMagic(data, source, IMAGES_MAGIC, "count, rows, columns");
    int count = readSize(data, source, 4, "image count", 0);
    int rows = readSize(data, source, 8, "number of rows", 1);
    int columns = readSize(data, source, 12, "number of columns", 1);
    int header = 16;
    long pixelsPerImage = (long) rows * columns;
    checkLength(
        data,
        source,
        header,
        count * pixelsPerImage,
        count + " images of " + rows + " x " + columns + " pixels");

    double[][] pixels = new double[count][];
    int offset = header;
    for (int i = 0; i < count; i++) {
      double[] image = new double[(int) pixelsPerImage];
      for (int p = 0; p < image.length; p++) {
        image[p] = (data[offset++] & 0xFF) / 255.0;
      }
      pixels[i] = image;
    }
    return new Images(rows, columns, pixels);
  }

  /** Reads a label file, gzip-compressed or not. */
  public static int[] readLabels(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return readLabels(in, path.toString());
    }
  }

  /** Reads a label file from the class path, gzip-compressed or not. */
  public static int[] readLabelsResource(String resource) throws IOException {
    try (InputStream in = openResource(resource)) {
      return readLabels(in, "resource " + resource);
    }
  }

  /**
   * Reads a label file from a stream, gzip-compressed or not, and leaves the stream open.
   *
   * @param source a name of the input used in error messages, such as a file name
   * @return the labels in file order, each in [0, 255]
   * @throws IllegalArgumentException if the file is malformed: a magic number other than {@value
   *     #LABELS_MAGIC}, fewer or more bytes than the header announces. The message names {@code
   *     source}, the byte position and what was expected there.
   */
  public static int[] readLabels(InputStream in, String source) throws IOException {
    Objects.requireNonNull(source, "source");
    byte[] data = readAll(in, source);
    checkMagic(data, source, LABELS_MAGIC, "count");
    int count = readSize(data, source, 4, "label count", 0);
    int header = 8;
    checkLength(data, source, header, count, count + " labels");

    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = data[header + i] & 0xFF;
    }
    return labels;
  }

  /**
   * Wraps {@code in} in a gzip decoder when it starts with the gzip magic bytes 0x1f 0x8b, else in
   * a buffer only.
   */
  static InputStream decompressIfGzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new GZIPInputStream(buffered);
    }
    return buffered;
  }

  private static InputStream openResource(String resource) throws IOException {
    InputStream in = IdxReader.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Class-path resource " + resource + " not found");
    }
    return in;
  }

  /** Reads the whole uncompressed content. A gzip stream that ends early is a malformed file. */
  private static byte[] readAll(InputStream in, String source) throws IOException {
    InputStream data = decompressIfGzip(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[READ_CHUNK];
    try {
      int read;
      while ((read = data.read(chunk)) != -1) {
        out.write(chunk, 0, read);
      }
    } catch (EOFException e) {
      throw malformed(
          source, out.size(), "more gzip-compressed data, but the compressed stream ends early", e);
    }
    return out.toByteArray();
  }

  private static void checkMagic(byte[] data, String source, int expected, String dimensions) {
    if (data.length < 4) {
      throw malformed(
          source,
          0,
          String.format(
              "the 4-byte magic number 0x%08X, but the file has only %d bytes",
              expected, data.length));
    }
    int magic = readInt(data, 0);
    if (magic == expected) {
      return;
    }
    int expectedDimensions = expected & 0xFF;
    if ((magic >>> 8) == UNSIGNED_BYTE_TYPE) {
      throw malformed(
          source,
          3,
          String.format(
              "%d dimensions (%s) in the magic number 0x%08X, got %d dimensions (magic 0x%08X)",
              expectedDimensions, dimensions, expected, magic & 0xFF, magic));
    }
    throw malformed(
        source,
        0,
        String.format(
            "the magic number 0x%08X of an IDX file of unsigned bytes with %d dimensions, got"
                + " 0x%08X",
            expected, expectedDimensions, magic));
  }

  private static int readSize(byte[] data, String source, int position, String name, int minimum) {
    if (data.length < position + 4) {
      throw malformed(
          source,
          position,
          "the 4-byte " + name + ", but the file has only " + data.length + " bytes");
    }
    int value = readInt(data, position);
    if (value < minimum) {
      // Sizes are unsigned in IDX, but a size of 2^31 or more cannot be a real data set.
      throw malformed(
          source,
          position,
          "a " + name + " of at least " + minimum + ", got " + Integer.toUnsignedString(value));
    }
    return value;
  }

  private static void checkLength(
      byte[] data, String source, int header, long elements, String what) {
    long expectedLength = header + elements;
    if (data.length < expectedLength) {
      throw malformed(
          source,
          data.length,
          expectedLength
              + " bytes ("
              + header
              + "-byte header and "
              + what
              + "), but the data ends after "
              + data.length
              + " bytes");
    }
    if (data.length > expectedLength) {
      throw malformed(
          source,
          expectedLength,
          "the end of the file after "
              + what
              + ", got "
              + (data.length - expectedLength)
              + " more bytes");
    }
  }

  private static int readInt(byte[] data, int position) {
    return ((data[position] & 0xFF) << 24)
        | ((data[position + 1] & 0xFF) << 16)
        | ((data[position + 2] & 0xFF) << 8)
        | (data[position + 3] & 0xFF);
  }

  private static IllegalArgumentException malformed(String source, long position, String expected) {
    return malformed(source, position, expected, null);
  }

  private static IllegalArgumentException malformed(
      String source, long position, String expected, Throwable cause) {
    return new IllegalArgumentException(
        source + ", byte " + position + ": expected " + expected, cause);
  }
}
