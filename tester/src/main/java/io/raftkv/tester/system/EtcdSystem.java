package io.raftkv.tester.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.client.EtcdClient;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.nemesis.FaultKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd 3.4 (Debian's {@code etcd-server}): one {@code etcd} process per node, a static initial
 * cluster, readiness from {@code GET /health} (200 only once the member knows a leader), leaders
 * from {@code POST /v3/maintenance/status}, and {@link EtcdClient} over the v3 JSON gateway.
 * Membership faults are raftkv's own API and are refused.
 */
public final class EtcdSystem implements SystemUnderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    /** Read-then-txn rounds of one append before it gives up. */
    static final int APPEND_TRIES = 5;

    private final Path binary;
    private final boolean serializable;

    /**
     * @param binary the etcd executable ({@link EtcdBinary#find()} on this machine; "etcd" in its image)
     * @param serializable the workloads' reads are serializable (local, possibly stale) instead of
     *     linearizable
     */
    public EtcdSystem(Path binary, boolean serializable) {
        this.binary = binary;
        this.serializable = serializable;
    }

    @Override
    public String name() {
        return "etcd";
    }

    public boolean serializable() {
        return serializable;
    }

    @Override
    public List<String> command(NodeLaunch node) {
        var cluster = new ArrayList<String>();
        node.peers().forEach((id, address) -> cluster.add(id + "=http://" + address));
        var cmd = new ArrayList<>(List.of(
                binary.toString(),
                "--name",
                node.id(),
                "--data-dir",
                node.dataDir().toString(),
                "--listen-client-urls",
                "http://" + listen(node, node.client()),
                "--advertise-client-urls",
                "http://" + node.client(),
                "--listen-peer-urls",
                "http://" + listen(node, node.peer()),
                "--initial-advertise-peer-urls",
                "http://" + node.peer(),
                "--initial-cluster",
                String.join(",", cluster),
                "--initial-cluster-state",
                "new",
                "--initial-cluster-token",
                "raftkv-rig",
                "--logger",
                "zap",
                "--log-outputs",
                "stderr"));
        cmd.addAll(node.flags());
        return List.copyOf(cmd);
    }

    private static String listen(NodeLaunch node, String address) {
        return node.listenOnAll() ? "0.0.0.0" + address.substring(address.lastIndexOf(':')) : address;
    }

    @Override
    public boolean ready(URI client) {
        try {
            var request = HttpRequest.newBuilder(client.resolve("/health"))
                    .timeout(Duration.ofSeconds(1))
                    .build();
            var response = PROBE.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && JSON.readTree(response.body()).path("health").asText().equals("true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A member's own id and the leader it knows ("0": none), from its status. */
    record Status(String memberId, String leader, long term) {}

    static Optional<Status> status(URI client) {
        try {
            var request = HttpRequest.newBuilder(client.resolve("/v3/maintenance/status"))
                    .timeout(Duration.ofSeconds(1))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            var response = PROBE.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parseStatus(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<Status> parseStatus(String body) {
        try {
            JsonNode s = JSON.readTree(body);
            String member = s.path("header").path("member_id").asText("");
            if (member.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Status(
                    member, s.path("leader").asText("0"), s.path("raftTerm").asLong(0)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> leader(Map<String, URI> clients) {
        var statuses = statuses(clients);
        return leaderOf(statuses);
    }

    /** The node whose member id is the leader it reports, in the highest term. */
    static Optional<String> leaderOf(Map<String, Status> statuses) {
        String best = null;
        long bestTerm = -1;
        for (var e : statuses.entrySet()) {
            Status s = e.getValue();
            if (s.memberId().equals(s.leader()) && s.term() > bestTerm) {
                best = e.getKey();
                bestTerm = s.term();
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public Optional<String> agreedLeader(Map<String, URI> clients) {
        return agreedOf(statuses(clients), clients.size());
    }

    /** The node a majority of {@code size} names as leader, mapped from member id to node id. */
    static Optional<String> agreedOf(Map<String, Status> statuses, int size) {
        var ids = new HashMap<String, String>();
        var votes = new HashMap<String, Integer>();
        statuses.forEach((node, s) -> {
            ids.put(s.memberId(), node);
            if (!s.leader().isEmpty() && !s.leader().equals("0")) {
                votes.merge(s.leader(), 1, Integer::sum);
            }
        });
        return votes.entrySet().stream()
                .filter(e -> e.getValue() > size / 2 && ids.containsKey(e.getKey()))
                .map(e -> ids.get(e.getKey()))
                .findFirst();
    }

    private static Map<String, Status> statuses(Map<String, URI> clients) {
        var out = new LinkedHashMap<String, Status>();
        clients.forEach((node, uri) -> status(uri).ifPresent(s -> out.put(node, s)));
        return out;
    }

    @Override
    public KvStore client(ClientSpec spec) {
        return new EtcdClient(spec.http(), spec.nodes(), spec.home(), spec.timeout(), serializable, APPEND_TRIES);
    }

    @Override
    public void checkFaults(List<FaultKind> kinds) {
        for (var kind : kinds) {
            if (kind == FaultKind.MEMBERSHIP || kind == FaultKind.MEMBERSHIP_LEADER) {
                throw new IllegalArgumentException("--nemesis " + kind.cliName()
                        + " changes membership through raftkv's own API; --system etcd cannot take it"
                        + " (use partition, kill and pause faults)");
            }
        }
    }

    @Override
    public void checkServerOptions(List<String> serverFlags, long snapshotThreshold) {
        if (snapshotThreshold > 0) {
            throw new IllegalArgumentException("--snapshot-threshold is raftkv's; for etcd pass"
                    + " --server-flags \"--snapshot-count " + snapshotThreshold + "\" instead");
        }
    }
}
