package io.resilientmtl.connectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft process that is broker and controller at once,
 * listening on 127.0.0.1 only. It is meant for the local runner and tests, not for deployments.
 *
 * <p>Minimal use:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
 *   String bootstrapServers = broker.bootstrapServers(); // "127.0.0.1:<port>"
 * }
 * }</pre>
 *
 * <p>Full use, with a log directory that outlives the broker and an extra broker setting:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker =
 *     EmbeddedKafkaBroker.builder()
 *         .logDirectory(Path.of("/var/tmp/mtl-kafka"))
 *         .brokerProperty("num.partitions", "4")
 *         .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The broker and controller listeners bind to free ports chosen at start, so the bootstrap
 * address changes on every start. A given log directory is formatted only when it has no {@code
 * meta.properties} yet, so a broker restarted on the same directory keeps its topics and records.
 *
 * <p>While any embedded broker runs, Kafka's {@link Exit} exit and halt procedures log the request
 * and throw {@link IllegalStateException} instead of ending the JVM, because a fatal broker error
 * must not kill the job or the test run that hosts it. The default procedures come back when the
 * last embedded broker in the JVM closes, so other Kafka code that calls {@link Exit} outside that
 * window ends the JVM as usual, and custom procedures set before the first broker started are lost.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final String LOOPBACK_ADDRESS = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int MAX_START_ATTEMPTS = 3;

  /**
   * Broker settings that this class derives from the ports and the log directory. Callers set the
   * log directory through {@link Builder#logDirectory}, and none of these may be overridden,
   * because they keep every listener on the loopback address.
   */
  private static final Set<String> RESERVED_PROPERTIES =
      Set.of(
          "process.roles",
          "node.id",
          "broker.id",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "controller.listener.names",
          "inter.broker.listener.name",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "log.dir",
          "log.dirs",
          "metadata.log.dir");

  /** Guards {@link #runningBrokers} and the installation of the exit procedures. */
  private static final Object EXIT_LOCK = new Object();

  private static int runningBrokers;

  private final KafkaRaftServer server;
  private final Path logDirectory;
  private final boolean deleteLogDirectoryOnClose;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      Path logDirectory,
      boolean deleteLogDirectoryOnClose,
      String bootstrapServers) {
    this.server = server;
    this.logDirectory = logDirectory;
    this.deleteLogDirectoryOnClose = deleteLogDirectoryOnClose;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker with a temporary log directory that {@link #close()} deletes.
   *
   * @throws IllegalStateException if the broker fails to start
   */
  public static EmbeddedKafkaBroker start() {
    return builder().start();
  }

  /** Returns a builder for a broker with a chosen log directory or extra broker properties. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the address for the {@code bootstrap.servers} client setting, {@code host:port}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Returns the directory that contains the broker's metadata log and partition logs. */
  public Path logDirectory() {
    return logDirectory;
  }

  /**
   * Shuts the broker down, waits until its threads have stopped, and deletes the log directory if
   * it was temporary. Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Stopping embedded Kafka broker at {}", bootstrapServers);
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      releaseExitProcedures();
      if (deleteLogDirectoryOnClose) {
        deleteRecursively(logDirectory);
      }
    }
    LOG.info("Stopped embedded Kafka broker at {}", bootstrapServers);
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers + ", " + logDirectory + "]";
  }

  /** Options of an {@link EmbeddedKafkaBroker}. Defaults are set in the constructor. */
  public static final class Builder {

    private Path logDirectory;
    private final Map<String, String> brokerProperties;

    private Builder() {
      logDirectory = null;
      brokerProperties = defaultBrokerProperties();
    }

    /**
     * Keeps the broker's data in this directory, which is created if missing and kept after {@link
     * #close()}. Without it the broker uses a new temporary directory and deletes it on close.
     */
    public Builder logDirectory(Path directory) {
      this.logDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets a broker configuration property, replacing the default if there is one.
     *
     * @throws IllegalArgumentException if the key is one that this class sets from the ports and
     *     the log directory, such as {@code listeners} or {@code log.dirs}
     */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (RESERVED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            "Broker property '"
                + key
                + "' cannot be set: the embedded broker derives it from its loopback ports and"
                + " log directory. Use logDirectory(Path) to choose where data is kept.");
      }
      brokerProperties.put(key, value);
      return this;
    }

    /** Sets several broker configuration properties, as {@link #brokerProperty} does. */
    public Builder brokerProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::brokerProperty);
      return this;
    }

    /**
     * Formats the log directory if it is new, starts the broker and waits until it accepts clients.
     *
     * @throws IllegalStateException if formatting or startup fails
     */
    public EmbeddedKafkaBroker start() {
      boolean temporary = logDirectory == null;
      Path directory = temporary ? createTemporaryDirectory() : createDirectory(logDirectory);
      try {
        return startWithRetries(directory, temporary, Map.copyOf(brokerProperties));
      } catch (RuntimeException e) {
        if (temporary) {
          deleteRecursively(directory);
        }
        throw e;
      }
    }

    /**
     * Returns the default broker settings, sized for one node and a small heap. Kafka requires more
     * than 1 MiB of cleaner dedupe buffer per cleaner thread, so 2 MiB is the smallest round value.
     * Internal topics get one partition, so the first consumer group or transaction does not wait
     * for 50 partitions to be created. Retention is unlimited because replayed data carries old
     * event timestamps that time-based retention would delete at once.
     */
    private static Map<String, String> defaultBrokerProperties() {
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("log.cleaner.dedupe.buffer.size", Long.toString(2L * 1024 * 1024));
      properties.put("log.retention.ms", "-1");
      properties.put("auto.create.topics.enable", "false");
      properties.put("group.initial.rebalance.delay.ms", "0");
      properties.put("offsets.topic.replication.factor", "1");
      properties.put("offsets.topic.num.partitions", "1");
      properties.put("transaction.state.log.replication.factor", "1");
      properties.put("transaction.state.log.min.isr", "1");
      properties.put("transaction.state.log.num.partitions", "1");
      properties.put("share.coordinator.state.topic.replication.factor", "1");
      properties.put("share.coordinator.state.topic.min.isr", "1");
      properties.put("num.partitions", "1");
      properties.put("default.replication.factor", "1");
      return properties;
    }
  }

  private static EmbeddedKafkaBroker startWithRetries(
      Path directory, boolean temporary, Map<String, String> extraProperties) {
    formatIfNew(directory);
    for (int attempt = 1; ; attempt++) {
      int brokerPort = freeLoopbackPort();
      int controllerPort = freeLoopbackPort();
      try {
        return startOnce(directory, temporary, extraProperties, brokerPort, controllerPort);
      } catch (RuntimeException e) {
        // Another process may take a port between the probe and the bind, so try new ports.
        if (attempt < MAX_START_ATTEMPTS && causedByBindFailure(e)) {
          LOG.warn(
              "Embedded Kafka broker could not bind port {} or {} (attempt {} of {}), retrying"
                  + " with other ports",
              brokerPort,
              controllerPort,
              attempt,
              MAX_START_ATTEMPTS,
              e);
          continue;
        }
        throw e;
      }
    }
  }

  private static EmbeddedKafkaBroker startOnce(
      Path directory,
      boolean temporary,
      Map<String, String> extraProperties,
      int brokerPort,
      int controllerPort) {
    String bootstrapServers = LOOPBACK_ADDRESS + ":" + brokerPort;
    Map<String, String> properties = new HashMap<>(extraProperties);
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(NODE_ID));
    properties.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + bootstrapServers
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + LOOPBACK_ADDRESS
            + ":"
            + controllerPort);
    properties.put("advertised.listeners", BROKER_LISTENER + "://" + bootstrapServers);
    properties.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("inter.broker.listener.name", BROKER_LISTENER);
    properties.put(
        "controller.quorum.voters", NODE_ID + "@" + LOOPBACK_ADDRESS + ":" + controllerPort);
    properties.put("log.dirs", directory.toString());

    long startNanos = System.nanoTime();
    acquireExitProcedures();
    KafkaRaftServer server = null;
    try {
      server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
      server.startup();
    } catch (RuntimeException e) {
      stopQuietly(server);
      releaseExitProcedures();
      throw new IllegalStateException(
          "Embedded Kafka broker failed to start at "
              + bootstrapServers
              + " with log directory "
              + directory
              + ": "
              + e.getMessage()
              + ". Check that the directory is writable and that no other broker uses it.",
          e);
    }
    LOG.info(
        "Started embedded Kafka broker at {} (controller {}:{}, log directory {}) in {} ms",
        bootstrapServers,
        LOOPBACK_ADDRESS,
        controllerPort,
        directory,
        (System.nanoTime() - startNanos) / 1_000_000);
    return new EmbeddedKafkaBroker(server, directory, temporary, bootstrapServers);
  }

  /**
   * Writes {@code meta.properties} and the bootstrap metadata into a directory that has none yet. A
   * directory that was formatted before keeps its cluster id and data.
   */
  private static void formatIfNew(Path directory) {
    if (Files.exists(directory.resolve("meta.properties"))) {
      LOG.info("Log directory {} is already formatted, so formatting is skipped", directory);
      return;
    }
    ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(directory.toString())
          .setMetadataLogDirectory(directory.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "Formatting Kafka log directory " + directory + " failed: " + e.getMessage(), e);
    }
    LOG.debug(
        "Formatted log directory {}: {}",
        directory,
        formatterOutput.toString(StandardCharsets.UTF_8).strip());
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK_ADDRESS))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + LOOPBACK_ADDRESS, e);
    }
  }

  private static boolean causedByBindFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || String.valueOf(cause.getMessage()).contains("failed to bind")) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Shutting down a broker that failed to start also failed", e);
    }
  }

  /** Replaces Kafka's exit and halt procedures when the first embedded broker starts. */
  private static void acquireExitProcedures() {
    synchronized (EXIT_LOCK) {
      if (runningBrokers == 0) {
        Exit.setExitProcedure((status, message) -> refuseExit("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuseExit("halt", status, message));
      }
      runningBrokers++;
    }
  }

  /** Restores Kafka's default exit and halt procedures when the last embedded broker stops. */
  private static void releaseExitProcedures() {
    synchronized (EXIT_LOCK) {
      runningBrokers--;
      if (runningBrokers == 0) {
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
      }
    }
  }

  private static void refuseExit(String action, int status, String message) {
    LOG.error(
        "Kafka requested JVM {} with status {} ({}); an embedded broker is running, so the JVM"
            + " stays up and the calling Kafka thread gets an exception instead",
        action,
        status,
        message);
    throw new IllegalStateException(
        "Kafka requested JVM " + action + " with status " + status + ": " + message);
  }

  private static Path createTemporaryDirectory() {
    try {
      return Files.createTempDirectory("embedded-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Creating a temporary Kafka log directory failed", e);
    }
  }

  private static Path createDirectory(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Creating Kafka log directory " + directory + " failed", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafkaBroker::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Deleting Kafka log directory {} failed", directory, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Deleting {} failed", path, e);
    }
  }
}
