package io.resilientmtl.job.topology;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Directed communication graph: for each agent, the in-neighbours whose models it combines.
 *
 * <p>Lists never contain the agent itself, because every agent always uses its own model. Lists are
 * sorted by id so that combine sums run in a reproducible order. Instances are immutable.
 */
public final class Topology implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, List<String>> inNeighbours;
  private final Map<String, List<String>> outNeighbours;

  private Topology(Map<String, List<String>> inNeighbours) {
    this.inNeighbours = inNeighbours;
    Map<String, TreeSet<String>> reverse = new TreeMap<>();
    inNeighbours.forEach(
        (receiver, senders) -> {
          for (String sender : senders) {
            reverse.computeIfAbsent(sender, id -> new TreeSet<>()).add(receiver);
          }
        });
    Map<String, List<String>> out = new LinkedHashMap<>();
    reverse.forEach((sender, receivers) -> out.put(sender, List.copyOf(receivers)));
    this.outNeighbours = Collections.unmodifiableMap(out);
  }

  /**
   * Creates a topology from in-neighbour lists. Self-loops are dropped and duplicates merged.
   *
   * @throws IllegalArgumentException if an id is blank
   */
  public static Topology of(Map<String, ? extends Iterable<String>> inNeighbours) {
    Map<String, List<String>> sorted = new TreeMap<>();
    inNeighbours.forEach(
        (agent, senders) -> {
          requireId(agent);
          TreeSet<String> unique = new TreeSet<>();
          for (String sender : senders) {
            requireId(sender);
            if (!sender.equals(agent)) {
              unique.add(sender);
            }
          }
          sorted.put(agent, List.copyOf(unique));
        });
    return new Topology(Collections.unmodifiableMap(sorted));
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "Agent ids in a topology must be non-blank, got '" + id + "'");
    }
  }

  /**
   * Returns the in-neighbours of {@code agentId} (itself excluded), or an empty list if unknown.
   */
  public List<String> inNeighbours(String agentId) {
    return inNeighbours.getOrDefault(agentId, List.of());
  }

  /** Returns the agents that list {@code agentId} as an in-neighbour, sorted by id. */
  public List<String> outNeighbours(String agentId) {
    return outNeighbours.getOrDefault(agentId, List.of());
  }

  /** Returns every agent that has an in-neighbour list, sorted by id. */
  public List<String> agents() {
    return new ArrayList<>(inNeighbours.keySet());
  }

  /** Returns the in-neighbour lists, keyed and sorted by agent id. */
  public Map<String, List<String>> asMap() {
    return inNeighbours;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topology that && inNeighbours.equals(that.inNeighbours);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inNeighbours);
  }

  @Override
  public String toString() {
    return "Topology" + inNeighbours;
  }
}
