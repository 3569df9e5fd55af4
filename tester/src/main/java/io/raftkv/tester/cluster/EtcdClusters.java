package io.raftkv.tester.cluster;

import io.raftkv.tester.system.EtcdBinary;
import io.raftkv.tester.system.EtcdSystem;
import java.nio.file.Path;
import java.util.List;

/** Picks and builds a backend for etcd clusters: the local backend, or Docker when its image exists. */
public final class EtcdClusters {
    private EtcdClusters() {}

    /** The backend for {@code requested} ("docker", "local" or null for automatic), and why. */
    public static Backends.Choice choose(String requested) {
        if (requested != null) {
            return switch (requested) {
                case "docker", "local" -> new Backends.Choice(requested, "--backend " + requested);
                default ->
                    throw new IllegalArgumentException(
                            "unknown --backend '" + requested + "' for etcd; known: docker, local");
            };
        }
        return new Backends.Choice("local", "etcd runs on the local backend unless --backend docker");
    }

    /**
     * @param dir the run folder: local nodes keep their data and logs below it
     * @param flags extra flags for every etcd
     */
    public static Cluster build(String backend, int nodes, Path dir, boolean serializable, List<String> flags) {
        return switch (backend) {
            case "local" -> new LocalEtcdCluster(nodes, dir, new EtcdSystem(EtcdBinary.find(), serializable), flags);
            case "docker" ->
                throw new IllegalArgumentException(
                        "--system etcd does not run on --backend docker yet; use --backend" + " local");
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }
}
