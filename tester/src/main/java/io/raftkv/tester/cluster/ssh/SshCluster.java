package io.raftkv.tester.cluster.ssh;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.ClusterSecretFile;
import io.raftkv.tester.cluster.Health;
import io.raftkv.tester.cluster.Killable;
import io.raftkv.tester.cluster.Pausable;
import io.raftkv.tester.net.ChainNet;
import io.raftkv.tester.net.IptablesChain;
import io.raftkv.tester.net.Net;
import io.raftkv.tester.net.OnEveryNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;

/**
 * Nodes on machines the rig reaches over SSH, Jepsen's way: node n1 is the first host of the nodes
 * file, n2 the second, and so on. Before anything changes, every host is checked: a host that still
 * holds the rig's iptables chain or a server of an earlier run is refused (or cleaned with
 * --force-clean). Then on each host: a Java 21 runtime is found (or Debian's openjdk-21-jre-headless
 * installed), the server jar uploaded unless the same sha256 is there, the rig's chain created, and
 * the server started in the background under a pid file ({@link RemoteLayout}). Peers dial each
 * other at the hosts' addresses; the rig's clients reach each host's HTTP port directly. Kill is
 * SIGKILL and restart starts the jar again on the same data; pause is SIGSTOP/SIGCONT; partitions
 * are DROP rules in the rig's chain ({@link ChainNet}). {@link #close()} stops the servers, removes
 * the chain and the run's folder on every host, and keeps the jar for the next run.
 */
public final class SshCluster implements Cluster, Killable, Pausable {
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final SshTarget target;
    private final Path runDir;
    private final Path jar;
    private final List<String> serverFlags;
    private final PrintStream out;
    private final List<String> nodes;
    private final Map<String, SshHost> hosts = new LinkedHashMap<>();
    private final Map<String, SshConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, String> javas = new ConcurrentHashMap<>();
    private final RemoteLayout layout;
    private final IptablesChain chain;
    private final Latencies latencies = new Latencies();
    private SshClient client;
    private Net net;
    private volatile boolean installed;
    private boolean closed;

    /**
     * @param runDir the run folder; its name identifies the run on the hosts, and the host keys
     *     accepted on first use are recorded in it
     * @param jar the server's executable jar, uploaded to every host
     * @param out where set-up steps are reported
     */
    public SshCluster(SshTarget target, Path runDir, Path jar, List<String> serverFlags, PrintStream out) {
        this.target = target;
        this.runDir = runDir;
        this.jar = jar;
        this.serverFlags = List.copyOf(serverFlags);
        this.out = out;
        this.nodes = Cluster.nodeIds(target.hosts().size());
        for (int i = 0; i < nodes.size(); i++) {
            hosts.put(nodes.get(i), target.hosts().get(i));
        }
        String runId = runId(runDir.getFileName().toString());
        this.layout = new RemoteLayout(runId);
        this.chain = new IptablesChain(runId);
    }

    /** A run folder's name as the hosts see it: only letters, digits, '.', '_' and '-'. */
    static String runId(String folderName) {
        String id = folderName.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.length() > 120 ? id.substring(0, 120) : id;
    }

    @Override
    public String backend() {
        return "ssh";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    /** The host a node runs on. */
    public SshHost host(String node) {
        return hosts.get(node);
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        var keys = SshKeys.load(target.keys());
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(
                target.knownHosts() != null
                        ? HostKeys.checkedAgainst(target.knownHosts())
                        : HostKeys.acceptFirstUse(runDir.resolve(HostKeys.RECORD)));
        client.start();
        onEveryNode(
                "log in",
                node -> connections.put(
                        node, SshConnection.open(client, hosts.get(node), target.user(), keys, target.password())));
        out.println("rig: ssh: logged in to " + nodes.size() + " hosts as " + target.user() + " in " + millis(t0)
                + " ms" + (target.knownHosts() == null ? "; host keys recorded in " + HostKeys.RECORD : ""));
        var preparation = new HostPreparation(target, layout, chain, jar, out, this::connection, hosts::get);
        onEveryNode("check", preparation::refuseLeftovers);
        writeHostsFile();
        String sha256 = HostPreparation.sha256(jar);
        installed = true;
        onEveryNode("set up", node -> javas.put(node, preparation.setUp(node, sha256)));
        // A fresh cluster secret for this run, so that the servers' peers authenticate.
        Path secret = ClusterSecretFile.write(runDir.resolve("nodes").resolve("cluster-secret"));
        onEveryNode("cluster secret", node -> connection(node).upload(secret, layout.receiveSecret(), COMMAND));
        var chainNet =
                new ChainNet(nodes, chain, (node, script) -> connection(node).run(script, COMMAND), this::address);
        net = new Net() {
            @Override
            public void apply(io.raftkv.tester.net.Grudge grudge) {
                latencies.time("partition", () -> chainNet.apply(grudge));
            }

            @Override
            public void heal() {
                latencies.time("heal", chainNet::heal);
            }
        };
        long t1 = System.nanoTime();
        onEveryNode("start", this::launch);
        Health.await(nodes, this::http, STARTUP, new DeadServer());
        out.println("rig: ssh: servers answer /health " + millis(t1) + " ms after launch; set-up took " + millis(t0)
                + " ms");
    }

    private void launch(String node) {
        var args = new ArrayList<>(List.of(
                "--id",
                node,
                "--http",
                "0.0.0.0:" + RemoteLayout.HTTP_PORT,
                "--raft",
                "0.0.0.0:" + RemoteLayout.RAFT_PORT,
                "--peers",
                peers(),
                "--data",
                layout.dataDir(),
                "--cluster-secret-file",
                layout.secretFile()));
        args.addAll(serverFlags);
        connection(node).run(layout.start(javas.get(node), args), COMMAND);
    }

    private String peers() {
        return String.join(
                ",", nodes.stream().map(n -> n + "=" + raftAddress(n)).toList());
    }

    private String address(String node) {
        return hosts.get(node).host();
    }

    @Override
    public URI http(String node) {
        return URI.create("http://" + hosts.get(node).uriHost() + ":" + RemoteLayout.HTTP_PORT);
    }

    @Override
    public String raftAddress(String node) {
        return hosts.get(node).uriHost() + ":" + RemoteLayout.RAFT_PORT;
    }

    @Override
    public Net net() {
        return net == null ? Net.noop() : net;
    }

    @Override
    public void kill(String node) {
        latencies.time("kill", () -> connection(node).run(layout.signal("KILL"), COMMAND));
    }

    @Override
    public void restart(String node) {
        latencies.time("restart", () -> {
            if (!isRunning(node)) {
                launch(node);
            }
        });
    }

    @Override
    public boolean isRunning(String node) {
        return connection(node).exec(layout.running(), COMMAND).exit() == 0;
    }

    @Override
    public void pause(String node) {
        latencies.time("pause", () -> connection(node).run(layout.signal("STOP"), COMMAND));
    }

    @Override
    public void resume(String node) {
        latencies.time("resume", () -> connection(node).run(layout.signal("CONT"), COMMAND));
    }

    /** What each kind of fault action took over SSH so far, by action (kill, pause, partition, ...). */
    public Map<String, Latencies.Stat> faultLatencies() {
        return latencies.snapshot();
    }

    /**
     * Copies each node's server log to {@code <id>.log} and a listing of its data directory to
     * {@code <id>.data.txt}.
     */
    @Override
    public void collectLogs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        onEveryNode("collect logs", node -> {
            var c = connection(node);
            var log = c.exec("cat " + layout.log(), Duration.ofMinutes(2));
            var listing = c.exec(layout.dataListing(), COMMAND);
            try {
                if (log.exit() == 0) {
                    Files.writeString(dir.resolve(node + ".log"), log.stdout(), StandardCharsets.UTF_8);
                }
                Files.writeString(dir.resolve(node + ".data.txt"), listing.stdout(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** nodes/hosts.txt: which host each node id ran on. */
    private void writeHostsFile() {
        var lines = new StringBuilder();
        hosts.forEach(
                (node, host) -> lines.append(node).append(' ').append(host).append('\n'));
        try {
            Files.createDirectories(runDir.resolve("nodes"));
            Files.writeString(runDir.resolve("nodes").resolve("hosts.txt"), lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every server (thawed first), removes the rig's chain and the run's folder on each host,
     * and logs out. Safe to call more than once; reports what it could not undo.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String line = latencies.line();
        if (line != null) {
            out.println("rig: ssh: fault actions over SSH: " + line);
        }
        try {
            if (installed) {
                onEveryNode("clean up", node -> connection(node)
                        .run(
                                layout.stop() + "; " + IptablesChain.remove() + "; " + layout.removeRunDir(),
                                Duration.ofSeconds(60)));
            }
        } catch (RuntimeException e) {
            out.println("rig: ssh: " + e.getMessage());
            throw e;
        } finally {
            connections.values().forEach(SshConnection::close);
            if (client != null) {
                client.stop();
            }
        }
    }

    private SshConnection connection(String node) {
        var c = connections.get(node);
        if (c == null) {
            throw new IllegalStateException(node + " (" + hosts.get(node) + "): not connected");
        }
        if (!c.isOpen()) {
            synchronized (this) {
                c = connections.get(node);
                if (!c.isOpen()) {
                    c = SshConnection.open(
                            client, hosts.get(node), target.user(), SshKeys.load(target.keys()), target.password());
                    connections.put(node, c);
                }
            }
        }
        return c;
    }

    /** Runs the action on every node at once; throws naming each node that failed. */
    private void onEveryNode(String what, Consumer<String> action) {
        var errors = OnEveryNode.run(nodes, action, node -> node + " (" + hosts.get(node) + "): ");
        if (!errors.isEmpty()) {
            throw new IllegalStateException("ssh " + what + " failed on "
                    + String.join("; ", errors.stream().sorted().toList()));
        }
    }

    /** While servers start: a server that exited is reported at once; asks the hosts every 2 s at most. */
    private final class DeadServer implements java.util.function.Supplier<String> {
        private long next = System.nanoTime();

        @Override
        public String get() {
            if (System.nanoTime() < next) {
                return null;
            }
            next = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            for (var node : nodes) {
                if (!isRunning(node)) {
                    var tail = connection(node).exec("tail -n 20 " + layout.log(), COMMAND);
                    return "the server on " + node + " (" + hosts.get(node) + ") exited; its log ends:\n"
                            + tail.stdout();
                }
            }
            return null;
        }
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
