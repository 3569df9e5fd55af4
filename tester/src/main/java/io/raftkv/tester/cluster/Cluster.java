package io.raftkv.tester.cluster;

import io.raftkv.tester.net.Net;
import io.raftkv.tester.system.RaftkvSystem;
import io.raftkv.tester.system.SystemUnderTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A running set of server nodes, from the rig's point of view (Jepsen's "db"). Optional abilities
 * are separate interfaces: {@link Killable}, {@link Pausable}; partitions go through {@link #net()}.
 * {@link #close()} stops every node and removes what the cluster created (processes, containers,
 * networks, rules) and is safe to call more than once, including from a shutdown hook.
 */
public interface Cluster extends AutoCloseable {

    /** Which backend this is, for humans: "local" or "docker". */
    String backend();

    /** The system the nodes run: its clients and who leads. */
    default SystemUnderTest system() {
        return RaftkvSystem.INSTANCE;
    }

    /** Node ids, in a fixed order (n1, n2, ...). */
    List<String> nodes();

    /** The ids n1..n{@code size}; {@link IllegalArgumentException} (naming --nodes) if size < 1. */
    static List<String> nodeIds(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + size);
        }
        return java.util.stream.IntStream.rangeClosed(1, size)
                .mapToObj(i -> "n" + i)
                .toList();
    }

    /** Starts every node and returns when all answer /health, or throws. */
    void start();

    /** Base URI of a node's HTTP API as the rig reaches it; may change after a restart. */
    URI http(String node);

    /** The node's Raft address as its peers are configured to dial it. */
    String raftAddress(String node);

    /** The base URIs of all nodes, in {@link #nodes()} order. */
    default List<URI> httpAll() {
        return nodes().stream().map(this::http).toList();
    }

    /** How to cut links between nodes; {@link Net#noop()} if this backend cannot. */
    Net net();

    /** Copies each node's log to {@code dir/<id>.log}. */
    void collectLogs(Path dir);

    default Optional<Killable> killable() {
        return this instanceof Killable k ? Optional.of(k) : Optional.empty();
    }

    default Optional<Pausable> pausable() {
        return this instanceof Pausable p ? Optional.of(p) : Optional.empty();
    }

    /** The nodes' disks, where the disk-fault file system serves them (empty elsewhere). */
    default Optional<DiskFaults> diskFaults() {
        return Optional.empty();
    }

    @Override
    void close();
}
