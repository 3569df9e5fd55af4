package io.raftkv.tester.cluster;

import io.raftkv.tester.cluster.ssh.SshCluster;
import io.raftkv.tester.cluster.ssh.SshTarget;
import io.raftkv.tester.system.RaftkvSystem;
import java.nio.file.Path;
import java.util.List;

/** Picks and builds a cluster backend: Docker when an engine answers, unless told otherwise. */
public final class Backends {
    private Backends() {}

    /** The backend to use for {@code requested} ("docker", "local", "ssh" or null for automatic), and why. */
    public record Choice(String backend, String reason) {}

    public static Choice choose(String requested) {
        if (requested != null) {
            return switch (requested) {
                case "docker", "local", "ssh" -> new Choice(requested, "--backend " + requested);
                default ->
                    throw new IllegalArgumentException(
                            "unknown --backend '" + requested + "'; known: docker, local, ssh");
            };
        }
        if (!DockerSupport.engineAnswers()) {
            return new Choice("local", "no Docker engine answers");
        }
        if (!DockerSupport.imageExists(DockerCluster.DEFAULT_IMAGE)) {
            return new Choice(
                    "local",
                    "a Docker engine answers but image " + DockerCluster.DEFAULT_IMAGE
                            + " is missing (docker/server-image.sh builds it)");
        }
        return new Choice("docker", "a Docker engine answers");
    }

    /**
     * @param dir the run folder: local nodes keep their data and logs below it
     */
    public static Cluster build(String backend, int nodes, Path dir, List<String> serverFlags) {
        return build(backend, nodes, dir, serverFlags, null);
    }

    /**
     * @param ssh the hosts and credentials of the ssh backend (null for the others)
     */
    public static Cluster build(String backend, int nodes, Path dir, List<String> serverFlags, SshTarget ssh) {
        return build(backend, nodes, dir, serverFlags, ssh, false);
    }

    /**
     * @param servedDisks the nodes' data directories are served by the disk-fault file system (for
     *     disk faults; the local and docker backends, below {@code dir})
     * @throws IllegalArgumentException where the backend cannot serve disks
     */
    public static Cluster build(
            String backend, int nodes, Path dir, List<String> serverFlags, SshTarget ssh, boolean servedDisks) {
        if (servedDisks && backend.equals("ssh")) {
            throw new IllegalArgumentException("disk faults need --backend local or docker; the ssh"
                    + " backend does not serve its nodes' disks through the disk-fault file system");
        }
        return switch (backend) {
            case "docker" -> {
                var cluster = new DockerCluster(
                        nodes, dir.getFileName().toString(), DockerCluster.DEFAULT_IMAGE, serverFlags);
                yield servedDisks ? cluster.withServedDisks(dir.resolve("disks")) : cluster;
            }
            case "local" ->
                new LocalCluster(nodes, dir, ServerJar.find(), RaftkvSystem.RUN_JVM_FLAGS, serverFlags, servedDisks);
            case "ssh" -> {
                if (ssh == null) {
                    throw new IllegalArgumentException("--backend ssh needs --nodes-file");
                }
                yield new SshCluster(ssh, dir, ServerJar.find(), serverFlags, System.err);
            }
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }
}
