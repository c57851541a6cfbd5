package io.resilientmtl.job.scenario;

import io.resilientmtl.learning.model.Sample;
import java.util.List;
import java.util.Objects;

/**
 * Grey-scale images of one size with a class label each, as read by {@link IdxReader} or {@link
 * SklearnDigitsReader}.
 *
 * <p>Each sample's features are the image row-major, pixel (r, c) at index r·width + c, with values
 * in [0, 1]. The feature arrays are shared, not copied; callers must not modify them.
 *
 * @param height rows of every image
 * @param width columns of every image
 * @param samples the images in file order
 */
public record LabeledImages(int height, int width, List<Sample> samples) {

  /**
   * Creates the set.
   *
   * @throws IllegalArgumentException if a dimension is below 1 or a sample has not height·width
   *     features
   */
  public LabeledImages {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "Image height and width must be >= 1, got " + height + " x " + width);
    }
    samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    for (int i = 0; i < samples.size(); i++) {
      int length = samples.get(i).features().length;
      if (length != height * width) {
        throw new IllegalArgumentException(
            "Image "
                + i
                + " has "
                + length
                + " pixels, expected "
                + height
                + " x "
                + width
                + " = "
                + height * width);
      }
    }
  }

  /** Returns the number of images. */
  public int size() {
    return samples.size();
  }

  /** Returns the number of pixels of one image, height·width. */
  public int pixels() {
    return height * width;
  }

  /**
   * Returns how many images have each label in [0, classes).
   *
   * @throws IllegalArgumentException if a label is {@code classes} or larger
   */
  public int[] classCounts(int classes) {
    int[] counts = new int[classes];
    for (int i = 0; i < samples.size(); i++) {
      int label = samples.get(i).label();
      if (label >= classes) {
        throw new IllegalArgumentException(
            "Image " + i + " has label " + label + ", outside [0, " + classes + ")");
      }
      counts[label]++;
    }
    return counts;
  }
}
