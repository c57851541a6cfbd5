package io.resilientmtl.job.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws the learned relationships among agents. Agents sit at their positions, coloured by true
 * task, and Byzantine agents are black crosses. An edge from l to k has the opacity of the combine
 * weight that k gave to l, and weights of 0 are not drawn.
 */
public final class TrustGraphPlot {

  private static final Color[] TASK_COLOURS = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };
  private static final int SIZE = 800;
  private static final int MARGIN = 60;

  /**
   * An edge of the graph.
   *
   * @param from the neighbour l that received weight
   * @param to the agent k that gave it
   * @param weight the combine weight a_lk in (0, 1]
   */
  public record Edge(String from, String to, double weight) {}

  /**
   * Writes the plot.
   *
   * @param positions agent positions (any units; the plot scales them to fit)
   * @param tasks task index of every normal agent
   * @param byzantine ids of Byzantine agents, drawn as crosses
   */
  public void write(
      String title,
      Map<String, double[]> positions,
      Map<String, Integer> tasks,
      Set<String> byzantine,
      List<Edge> edges,
      Path file)
      throws IOException {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[] p : positions.values()) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    double scale = (SIZE - 2.0 * MARGIN) / Math.max(1e-9, Math.max(maxX - minX, maxY - minY));

    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, SIZE, SIZE);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, MARGIN, 30);

    g.setStroke(new BasicStroke(1.5f));
    for (Edge edge : edges) {
      double[] from = positions.get(edge.from());
      double[] to = positions.get(edge.to());
      if (from == null || to == null || !(edge.weight() > 0)) {
        continue;
      }
      int alpha = (int) Math.round(40 + 215 * Math.min(1, edge.weight()));
      boolean fromByzantine = byzantine.contains(edge.from());
      Color base = fromByzantine ? Color.BLACK : Color.GRAY;
      g.setColor(new Color(base.getRed(), base.getGreen(), base.getBlue(), alpha));
      g.draw(
          new Line2D.Double(
              x(from, minX, scale), y(from, maxY, scale), x(to, minX, scale), y(to, maxY, scale)));
    }

    List<String> ids = new ArrayList<>(positions.keySet());
    for (String id : ids) {
      double[] p = positions.get(id);
      double px = x(p, minX, scale);
      double py = y(p, maxY, scale);
      if (byzantine.contains(id)) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3f));
        g.draw(new Line2D.Double(px - 7, py - 7, px + 7, py + 7));
        g.draw(new Line2D.Double(px - 7, py + 7, px + 7, py - 7));
      } else {
        Integer task = tasks.get(id);
        g.setColor(task == null ? Color.LIGHT_GRAY : TASK_COLOURS[task % TASK_COLOURS.length]);
        g.fill(new Ellipse2D.Double(px - 7, py - 7, 14, 14));
      }
    }

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString(
        "colour: true task   cross: Byzantine   grey edge: weight from a normal agent   black:"
            + " from a Byzantine one",
        MARGIN,
        SIZE - 20);
    g.dispose();

    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static double x(double[] p, double minX, double scale) {
    return MARGIN + (p[0] - minX) * scale;
  }

  private static double y(double[] p, double maxY, double scale) {
    return MARGIN + (maxY - p[1]) * scale;
  }
}
