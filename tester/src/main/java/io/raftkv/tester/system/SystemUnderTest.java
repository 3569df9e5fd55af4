package io.raftkv.tester.system;

import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.nemesis.FaultKind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system a run tests (Jepsen's db and client for one store): how to start one of its nodes,
 * how to tell that a node is ready, where its log is, who leads, and the client the workloads use.
 * Backends own processes and containers (start, kill, pause, restart, partitions); they ask the
 * system only for these. Implementations: {@link RaftkvSystem}, {@link EtcdSystem}.
 */
public interface SystemUnderTest {

    /** The name {@code --system} takes: "raftkv" or "etcd". */
    String name();

    /**
     * The command line that starts {@code node} in the foreground, writing its log to stdout and
     * stderr. Run again on the same data directory, it restarts the node with the data it had.
     */
    List<String> command(NodeLaunch node);

    /** Whether the node at this client URL serves requests (for etcd: it also knows a leader). */
    boolean ready(URI client);

    /** The file, under a run's {@code nodes/} folder, that holds the node's log. */
    default String logFile(String node) {
        return node + ".log";
    }

    /** The node that believes it leads in the highest term, if any answers; by node id. */
    Optional<String> leader(Map<String, URI> clients);

    /** The leader a majority of the nodes agree on, or empty. */
    Optional<String> agreedLeader(Map<String, URI> clients);

    /**
     * Whether a line of a node's log says why the node stopped by itself (it refused to start, its
     * storage failed). None does, unless the system says otherwise.
     */
    default boolean saysWhyItStopped(String logLine) {
        return false;
    }

    /** A client for one logical client (one worker process). */
    KvStore client(ClientSpec spec);

    /**
     * Refuses faults this system cannot take.
     *
     * @throws IllegalArgumentException naming the fault and why
     */
    default void checkFaults(List<FaultKind> kinds) {}

    /**
     * Refuses server flags or a snapshot threshold this system cannot take.
     *
     * @throws IllegalArgumentException naming the option and why
     */
    default void checkServerOptions(List<String> serverFlags, long snapshotThreshold) {}
}
