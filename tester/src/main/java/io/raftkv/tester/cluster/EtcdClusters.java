package io.raftkv.tester.cluster;

import io.raftkv.tester.system.EtcdBinary;
import io.raftkv.tester.system.EtcdSystem;
import java.nio.file.Path;
import java.util.List;

/** Picks and builds a backend for etcd clusters: Docker when an engine answers and the etcd image exists. */
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
        if (DockerSupport.engineAnswers() && DockerSupport.imageExists(DockerNodes.ETCD_IMAGE)) {
            return new Backends.Choice(
                    "docker", "a Docker engine answers and image " + DockerNodes.ETCD_IMAGE + " exists");
        }
        return new Backends.Choice(
                "local",
                DockerSupport.engineAnswers()
                        ? "image " + DockerNodes.ETCD_IMAGE + " is missing (docker/etcd-image.sh builds it)"
                        : "no Docker engine answers");
    }

    /**
     * @param dir the run folder: local nodes keep their data and logs below it
     * @param flags extra flags for every etcd
     */
    public static Cluster build(String backend, int nodes, Path dir, boolean serializable, List<String> flags) {
        return switch (backend) {
            case "local" -> new LocalEtcdCluster(nodes, dir, new EtcdSystem(EtcdBinary.find(), serializable), flags);
            case "docker" ->
                new DockerCluster(
                        nodes,
                        dir.getFileName().toString(),
                        DockerNodes.etcd(new EtcdSystem(Path.of("/usr/bin/etcd"), serializable), flags));
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }
}
