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
        var cmd = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
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
