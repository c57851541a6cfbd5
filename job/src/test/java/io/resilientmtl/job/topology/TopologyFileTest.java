package io.resilientmtl.job.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFileTest {

  @TempDir Path dir;

  @Test
  void loadMergesDuplicatesAndSortsNeighbours() throws IOException {
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, "in-neighbours:\n  b: [c, a, a]\n  a: [b]\n  c: []\n");

    Topology topology = TopologyFile.load(file);

    assertThat(topology.inNeighbours("b")).containsExactly("a", "c");
    assertThat(topology.inNeighbours("c")).isEmpty();
    assertThat(topology.outNeighbours("a")).containsExactly("b");
    assertThat(topology.outNeighbours("b")).containsExactly("a");
    assertThat(topology.agents()).containsExactly("a", "b", "c");
  }

  @Test
  void writeThenLoadGivesSameTopology() throws IOException {
    Topology topology = Topology.of(Map.of("x1", List.of("x2", "x3"), "x2", List.of("x1")));
    Path file = dir.resolve("nested/topology.yaml");

    TopologyFile.write(topology, file);

    assertThat(TopologyFile.load(file)).isEqualTo(topology);
  }

  @Test
  void scalarNeighbourListIsRejectedWithAgentName() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "in-neighbours:\n  a: b\n");

    assertThatThrownBy(() -> TopologyFile.load(file))
        .hasMessage(
            "Topology file "
                + file
                + ": in-neighbours of agent 'a' must be a list such as [a001, a002], got 'b'.");
  }

  @Test
  void selfLoopIsRejected() throws IOException {
    Path file = dir.resolve("self.yaml");
    Files.writeString(file, "in-neighbours:\n  a: [a, b]\n");

    assertThatThrownBy(() -> TopologyFile.load(file))
        .hasMessage(
            "Topology file "
                + file
                + ": agent 'a' lists itself as in-neighbour; remove it, every agent always uses"
                + " its own model.");
  }

  @Test
  void absentFileIsNamed() {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> TopologyFile.load(file))
        .hasMessage("Topology file not found: " + file);
  }

  @Test
  void missingSectionIsRejected() throws IOException {
    Path file = dir.resolve("empty.yaml");
    Files.writeString(file, "agents: {}\n");

    assertThatThrownBy(() -> TopologyFile.load(file))
        .hasMessageContaining("must contain a mapping 'in-neighbours'");
  }
}
