package io.raftkv.tester.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.VolumeOptions;
import io.raftkv.tester.net.IptablesNet;
import io.raftkv.tester.net.Net;
import io.raftkv.tester.system.SystemUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Nodes as containers of a system's image ({@link DockerNodes}) on one bridge network, with aliases
 * n1..nN and the NET_ADMIN capability (for {@link IptablesNet}). Each node's client port is
 * published on 127.0.0.1 only, and looked up again after a restart (Docker may pick a new host
 * port). Kill is {@code docker kill} (SIGKILL from the engine: the node is PID 1 and would ignore
 * it from inside); restart is {@code docker start} of the same container, so its /data volume is
 * kept. Pause is {@code docker pause} (cgroup freezer). The containers, their network and their
 * volumes carry {@link DockerLabels}, so that what a rig killed before its teardown left behind can
 * be found ({@link Leftovers}).
 *
 * <p>For disk faults ({@link #withServedDisks}), each node's /data is instead a bind mount of a
 * directory that the disk-fault file system serves on this host, not in the container: a power loss
 * kills the container, and the disk must outlive it, as a real disk outlives its machine's crash.
 * The image then needs no FUSE and the containers no extra rights; the engine must run on this
 * host.
 */
public final class DockerCluster implements Cluster, Killable, Pausable {
    public static final String DEFAULT_IMAGE = DockerNodes.RAFTKV_IMAGE;

    private final List<String> nodes;
    private final String run;
    private final DockerNodes spec;
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final Map<String, URI> http = new LinkedHashMap<>();
    private DockerClient docker;
    private Network network;
    private IptablesNet net;
    private Path disksDir;
    private LocalDisks disks;
    private boolean closed;

    /** raftkv servers of {@code image}, with {@code serverFlags} for every server. */
    public DockerCluster(int size, String run, String image, List<String> serverFlags) {
        this(size, run, DockerNodes.raftkv(image, serverFlags));
    }

    /** @param run the run's name, put on everything the cluster creates ({@link DockerLabels}) */
    public DockerCluster(int size, String run, DockerNodes spec) {
        this.nodes = Cluster.nodeIds(size);
        this.run = run;
        this.spec = spec;
    }

    /**
     * Serves every node's data directory through the disk-fault file system, below {@code dir} on
     * this host (mount points {@code dir/<id>}, backing files {@code dir/<id>.disk}, the file
     * systems' logs {@code dir/<id>.diskfs.log}); call before {@link #start()}.
     *
     * @throws IllegalStateException where the engine does not run on this host, so that it cannot
     *     see this host's mounts
     */
    public DockerCluster withServedDisks(Path dir) {
        if (!DockerSupport.engineIsLocal()) {
            throw new IllegalStateException("disk faults on the docker backend need the engine on this host"
                    + " (the disk-fault file system serves the nodes' data from here); DOCKER_HOST is "
                    + System.getenv("DOCKER_HOST"));
        }
        this.disksDir = dir;
        return this;
    }

    @Override
    public String backend() {
        return "docker";
    }

    @Override
    public SystemUnderTest system() {
        return spec.system();
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void start() {
        if (!DockerSupport.imageExists(spec.image())) {
            throw new IllegalStateException(
                    "image " + spec.image() + " not found; build it with " + spec.buildScript());
        }
        docker = DockerSupport.client();
        Map<String, String> labels = DockerLabels.of(run, ProcessStamp.current());
        network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(labels))
                .build();
        if (disksDir != null) {
            disks = LocalDisks.serve(nodes, disksDir::resolve, node -> disksDir.resolve(node + ".log"));
        }
        var client = ExposedPort.tcp(spec.clientPort());
        for (var node : nodes) {
            DockerNodes.Launch launch = spec.launch().apply(node, nodes);
            @SuppressWarnings("resource")
            var c = new GenericContainer<>(DockerImageName.parse(spec.image()))
                    .withNetwork(network)
                    .withNetworkAliases(node)
                    .withEnv(launch.env())
                    .withLabels(labels)
                    // Readiness is polled below, from the host, for all nodes at once.
                    .waitingFor(new NoWait())
                    .withCreateContainerCmdModifier(cmd -> {
                        cmd.withName(spec.namePrefix() + node + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
                        if (!launch.entrypoint().isEmpty()) {
                            cmd.withEntrypoint(launch.entrypoint().toArray(String[]::new));
                        }
                        // No engine health check: an exec that starts as the freezer pauses the
                        // container sticks in runc init, and the engine then never answers an
                        // inspect or unpause of it. Readiness is polled from the host instead.
                        cmd.withHealthcheck(new HealthCheck().withTest(List.of("NONE")));
                        cmd.getHostConfig()
                                .withCapAdd(Capability.NET_ADMIN)
                                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), client))
                                .withMounts(List.of(dataMount(node, labels)));
                        cmd.withExposedPorts(client, ExposedPort.tcp(spec.peerPort()));
                    });
            if (!launch.command().isEmpty()) {
                c.withCommand(launch.command().toArray(String[]::new));
            }
            // Read-only for all: the server runs as the image's own user.
            launch.files()
                    .forEach((path, text) ->
                            c.withCopyToContainer(Transferable.of(text.getBytes(StandardCharsets.UTF_8), 0444), path));
            containers.put(node, c);
        }
        containers.values().parallelStream().forEach(GenericContainer::start);
        nodes.forEach(this::lookUpPort);
        net = new IptablesNet(nodes, this::exec, this::ipOf, this::isRunning);
        Health.await(nodes, this::http, Duration.ofSeconds(120), () -> null);
    }

    /**
     * The node's /data: the served disk where there is one, else the image's volume, anonymous as
     * before, but labelled too.
     */
    private Mount dataMount(String node, Map<String, String> labels) {
        if (disks != null) {
            return new Mount()
                    .withType(MountType.BIND)
                    .withSource(disksDir.resolve(node).toAbsolutePath().toString())
                    .withTarget("/data");
        }
        return new Mount()
                .withType(MountType.VOLUME)
                .withTarget("/data")
                .withVolumeOptions(new VolumeOptions().withLabels(labels));
    }

    @Override
    public synchronized Optional<DiskFaults> diskFaults() {
        return Optional.ofNullable(disks);
    }

    /**
     * The container of {@code node}, for tests of the image itself (exec, inspect, stop); null before
     * {@link #start()}. The rig goes through the {@link Cluster} methods instead.
     */
    public synchronized GenericContainer<?> container(String node) {
        return containers.get(node);
    }

    private String id(String node) {
        return containers.get(node).getContainerId();
    }

    private void lookUpPort(String node) {
        var ports = docker.inspectContainerCmd(id(node))
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings();
        Ports.Binding[] bindings = ports.get(ExposedPort.tcp(spec.clientPort()));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("node " + node + " has no published client port");
        }
        http.put(node, URI.create("http://127.0.0.1:" + bindings[0].getHostPortSpec()));
    }

    private String ipOf(String node) {
        var networks =
                docker.inspectContainerCmd(id(node)).exec().getNetworkSettings().getNetworks();
        var settings = networks.get(network.getId());
        if (settings == null) {
            settings = networks.values().stream()
                    .filter(s -> network.getId().equals(s.getNetworkID()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("node " + node + " is not on the test network"));
        }
        return settings.getIpAddress();
    }

    /** Runs a command as root inside a node; returns stdout, throws with stderr on failure. */
    private String exec(String node, List<String> command) {
        try {
            var result = containers.get(node).execInContainerWithUser("root", command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(node + ": " + String.join(" ", command) + " exited with "
                        + result.getExitCode() + ": " + result.getStderr().strip());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized URI http(String node) {
        return http.get(node);
    }

    @Override
    public String raftAddress(String node) {
        return node + ":" + spec.peerPort();
    }

    @Override
    public Net net() {
        return net == null ? Net.noop() : net;
    }

    @Override
    public synchronized void kill(String node) {
        if (isRunning(node)) {
            docker.killContainerCmd(id(node)).withSignal("KILL").exec();
        }
    }

    @Override
    public synchronized void restart(String node) {
        if (!isRunning(node)) {
            docker.startContainerCmd(id(node)).exec();
            lookUpPort(node);
        }
    }

    @Override
    public synchronized boolean isRunning(String node) {
        var state = docker.inspectContainerCmd(id(node)).exec().getState();
        return Boolean.TRUE.equals(state.getRunning());
    }

    /** From the container's output since it was last started (the engine keeps it per container). */
    @Override
    public synchronized Optional<String> whyStopped(String node) {
        var state = docker.inspectContainerCmd(id(node)).exec().getState();
        int since;
        try {
            since = (int) Instant.parse(state.getStartedAt()).getEpochSecond();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        var lines = new ArrayList<String>();
        try {
            docker.logContainerCmd(id(node))
                    .withStdOut(true)
                    .withStdErr(true)
                    .withSince(since)
                    .exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            new String(frame.getPayload(), StandardCharsets.UTF_8)
                                    .lines()
                                    .forEach(lines::add);
                        }
                    })
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines.stream().filter(spec.system()::saysWhyItStopped).findFirst();
    }

    @Override
    public void pause(String node) {
        // The cgroup v1 freezer gives up ("unable to freeze") when a task is mid-fork or in
        // uninterruptible sleep, e.g. during an fsync; a moment later it succeeds.
        for (int attempt = 1; ; attempt++) {
            try {
                docker.pauseContainerCmd(id(node)).exec();
                return;
            } catch (com.github.dockerjava.api.exception.DockerException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("freeze")) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void resume(String node) {
        var state = docker.inspectContainerCmd(id(node)).exec().getState();
        if (Boolean.TRUE.equals(state.getPaused())) {
            docker.unpauseContainerCmd(id(node)).exec();
        }
    }

    @Override
    public void collectLogs(Path dir) {
        try {
            Files.createDirectories(dir);
            for (var node : nodes) {
                var c = containers.get(node);
                if (c != null && c.getContainerId() != null) {
                    Files.writeString(dir.resolve(node + ".log"), c.getLogs(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (var node : nodes) {
            var c = containers.get(node);
            if (c == null || c.getContainerId() == null) {
                continue;
            }
            try {
                resume(node);
            } catch (RuntimeException e) {
                // already gone
            }
            try {
                c.stop(); // removes the container and its volumes
            } catch (RuntimeException e) {
                System.err.println("rig: could not remove container of " + node + ": " + e.getMessage());
            }
        }
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException e) {
                System.err.println("rig: could not remove network: " + e.getMessage());
            }
        }
        // Last: a served disk is unmounted once no container binds it any more.
        if (disks != null) {
            disks.close();
        }
    }

    /** Testcontainers' default wait probes ports from the container; the rig polls /health itself. */
    private static final class NoWait extends org.testcontainers.containers.wait.strategy.AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }
}
