package io.raftkv.tester.system;

import io.raftkv.tester.client.KvClient;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.Health;
import io.raftkv.tester.cluster.ServerJar;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The raftkv server: {@code java -jar raftkv-server.jar}, its {@code /health}, {@code /status} and native API. */
public final class RaftkvSystem implements SystemUnderTest {
    public static final RaftkvSystem INSTANCE = new RaftkvSystem();

    /**
     * JVM flags of the servers the rig starts for a run: a small heap, and only the C1 compiler. A
     * fault run's servers live for seconds to minutes and every kill restarts one cold; on 2 cores
     * three servers and the rig warming up C2 at once took about 40 s to reach speed. With C1 only,
     * a 60 s run with 100 clients under partitions, kills and pauses made 1.5 times the ops (local:
     * 3,345 to 5,003 ops/s; docker: 1,426 to 2,114). Benchmarks keep {@link #BENCH_JVM_FLAGS}.
     */
    public static final List<String> RUN_JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * JVM flags of the servers a benchmark starts: none, the JVM's defaults, as {@code rig server}
     * and the image run a server. A 256 MB heap held 1,000 values of 100 KB only by collecting the
     * old generation many times a second: a bench of 100 KB writes made 28 ops/s and timed out.
     */
    public static final List<String> BENCH_JVM_FLAGS = List.of();

    private RaftkvSystem() {}

    @Override
    public String name() {
        return "raftkv";
    }

    @Override
    public List<String> command(NodeLaunch node) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var peers = new ArrayList<String>();
        node.peers().forEach((id, address) -> peers.add(id + "=" + address));
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.addAll(RUN_JVM_FLAGS);
        cmd.addAll(List.of(
                "-jar",
                ServerJar.find().toString(),
                "--id",
                node.id(),
                "--http",
                node.client(),
                "--raft",
                node.peer(),
                "--peers",
                String.join(",", peers),
                "--data",
                node.dataDir().toString()));
        cmd.addAll(node.flags());
        return List.copyOf(cmd);
    }

    @Override
    public boolean ready(URI client) {
        return Health.ok(client);
    }

    @Override
    public Optional<String> leader(Map<String, URI> clients) {
        return Leaders.find(clients);
    }

    @Override
    public Optional<String> agreedLeader(Map<String, URI> clients) {
        return Leaders.agreed(clients);
    }

    /** The server's own words when it refuses to start or its storage fails (server/README.md). */
    @Override
    public boolean saysWhyItStopped(String logLine) {
        return logLine.contains(" ERROR ")
                && (logLine.contains("could not start:") || logLine.contains("storage failed; stopping this node"));
    }

    @Override
    public KvStore client(ClientSpec spec) {
        return new KvClient(
                spec.http(), spec.nodes(), spec.home(), spec.clientId(), spec.timeout(), spec.writeAttempts());
    }
}
