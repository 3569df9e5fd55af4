package io.raftkv.tester.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.raftkv.tester.net.IptablesNet;
import io.raftkv.tester.net.Net;
import io.raftkv.tester.system.EtcdSystem;
import io.raftkv.tester.system.NodeLaunch;
import io.raftkv.tester.system.SystemUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * etcd members as containers of {@value #IMAGE} (docker/etcd-image.sh) on one bridge network,
 * with aliases n1..nN, the NET_ADMIN capability for {@link IptablesNet}, and each client port
 * published on 127.0.0.1 (looked up again after a restart). Kill is {@code docker kill}, restart
 * {@code docker start} on the same /data, pause {@code docker pause}: as {@link DockerCluster} does
 * for the server image, with etcd's command line instead of the server's.
 */
public final class DockerEtcdCluster implements Cluster, Killable, Pausable {
    public static final String IMAGE = "raftkv-etcd:dev";
    private static final int CLIENT = 2379;
    private static final int PEER = 2380;

    private final List<String> nodes;
    private final EtcdSystem system;
    private final List<String> flags;
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final Map<String, URI> http = new LinkedHashMap<>();
    private DockerClient docker;
    private Network network;
    private IptablesNet net;
    private boolean closed;

    public DockerEtcdCluster(int size, EtcdSystem system, List<String> flags) {
        this.nodes = Cluster.nodeIds(size);
        this.system = system;
        this.flags = List.copyOf(flags);
    }

    @Override
    public String backend() {
        return "docker";
    }

    @Override
    public SystemUnderTest system() {
        return system;
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    /** The node's etcd command line inside its container. */
    List<String> commandOf(String node) {
        var peers = new LinkedHashMap<String, String>();
        nodes.forEach(n -> peers.put(n, n + ":" + PEER));
        return system.command(
                new NodeLaunch(node, Path.of("/data"), node + ":" + CLIENT, node + ":" + PEER, peers, flags, true));
    }

    @Override
    public synchronized void start() {
        if (!DockerSupport.imageExists(IMAGE)) {
            throw new IllegalStateException("image " + IMAGE + " not found; build it with docker/etcd-image.sh");
        }
        docker = DockerSupport.client();
        network = Network.newNetwork();
        for (var node : nodes) {
            List<String> command = commandOf(node);
            @SuppressWarnings("resource")
            var c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withNetwork(network)
                    .withNetworkAliases(node)
                    .withLabel("io.raftkv.rig", "node")
                    .waitingFor(new NoWait())
                    .withCreateContainerCmdModifier(cmd -> {
                        cmd.withName("raftkv-etcd-" + node + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
                        cmd.withEntrypoint(command.toArray(String[]::new));
                        cmd.getHostConfig()
                                .withCapAdd(Capability.NET_ADMIN)
                                .withPortBindings(
                                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(CLIENT)));
                        cmd.withExposedPorts(ExposedPort.tcp(CLIENT), ExposedPort.tcp(PEER));
                    });
            containers.put(node, c);
        }
        containers.values().parallelStream().forEach(GenericContainer::start);
        nodes.forEach(this::lookUpPort);
        net = new IptablesNet(nodes, this::exec, this::ipOf, this::isRunning);
        Health.await(nodes, this::http, Duration.ofSeconds(120), () -> null);
    }

    private String id(String node) {
        return containers.get(node).getContainerId();
    }

    private void lookUpPort(String node) {
        var bindings = docker.inspectContainerCmd(id(node))
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(CLIENT));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("etcd node " + node + " has no published client port");
        }
        http.put(node, URI.create("http://127.0.0.1:" + bindings[0].getHostPortSpec()));
    }

    private String ipOf(String node) {
        return docker.inspectContainerCmd(id(node)).exec().getNetworkSettings().getNetworks().values().stream()
                .filter(s -> network.getId().equals(s.getNetworkID()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("etcd node " + node + " is not on the test network"))
                .getIpAddress();
    }

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
        return node + ":" + PEER;
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
        return Boolean.TRUE.equals(
                docker.inspectContainerCmd(id(node)).exec().getState().getRunning());
    }

    @Override
    public void pause(String node) {
        docker.pauseContainerCmd(id(node)).exec();
    }

    @Override
    public void resume(String node) {
        if (Boolean.TRUE.equals(
                docker.inspectContainerCmd(id(node)).exec().getState().getPaused())) {
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
                c.stop();
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
    }

    /** The rig polls readiness itself, for all nodes at once. */
    private static final class NoWait extends org.testcontainers.containers.wait.strategy.AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }
}
