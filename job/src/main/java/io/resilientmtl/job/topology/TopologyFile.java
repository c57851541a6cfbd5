package io.resilientmtl.job.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and writes topology files: YAML with one key, {@code in-neighbours}, mapping each hosted
 * agent to the list of agents whose models it combines.
 *
 * <pre>{@code
 * in-neighbours:
 *   a000: [a003, a017]
 *   a003: [a000]
 * }</pre>
 */
public final class TopologyFile {

  static final String IN_NEIGHBOURS = "in-neighbours";

  private TopologyFile() {}

  /**
   * Loads a topology.
   *
   * @throws IllegalArgumentException naming the file and the offending entry when the file is
   *     missing, unreadable or malformed
   */
  public static Topology load(Path file) {
    Object root;
    try (InputStream in = Files.newInputStream(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("Topology file not found: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read topology file " + file + ": " + e, e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          "Topology file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get(IN_NEIGHBOURS) instanceof Map<?, ?> lists)) {
      throw new IllegalArgumentException(
          "Topology file "
              + file
              + " must contain a mapping '"
              + IN_NEIGHBOURS
              + "' from agent id to a list of agent ids.");
    }
    Map<String, List<String>> inNeighbours = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : lists.entrySet()) {
      String agent = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      List<String> senders = new ArrayList<>();
      if (value instanceof List<?> list) {
        for (Object sender : list) {
          if (agent.equals(String.valueOf(sender))) {
            throw new IllegalArgumentException(
                "Topology file "
                    + file
                    + ": agent '"
                    + agent
                    + "' lists itself as in-neighbour; remove it, every agent always uses its"
                    + " own model.");
          }
          senders.add(String.valueOf(sender));
        }
      } else if (value != null) {
        throw new IllegalArgumentException(
            "Topology file "
                + file
                + ": in-neighbours of agent '"
                + agent
                + "' must be a list such as [a001, a002], got '"
                + value
                + "'.");
      }
      inNeighbours.put(agent, senders);
    }
    return Topology.of(inNeighbours);
  }

  /** Writes {@code topology} to {@code file} in the format {@link #load} reads. */
  public static void write(Topology topology, Path file) throws IOException {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      new Yaml(options).dump(Map.of(IN_NEIGHBOURS, topology.asMap()), out);
    }
  }
}
