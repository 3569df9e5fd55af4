package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.nemesis.Fault.Targets;
import io.raftkv.tester.net.Net;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The membership fault against three stub nodes on loopback that share one membership, as the
 * server's API describes it: {@code GET /cluster}, {@code DELETE /cluster/nodes/{id}}, {@code POST
 * /cluster/nodes} (202 while the learner catches up), {@code GET /status}. Like Docker, the members'
 * own addresses ({@code n2:7000}) are not the ones the rig reaches the nodes at.
 */
class MembershipNemesisTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MembershipApi.Timing FAST = new MembershipApi.Timing(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10));

    /** The shared state of the stub nodes, and what they were asked. */
    static final class Stub {
        final Map<String, String[]> members = new LinkedHashMap<>(); // id -> raft, http
        final Set<String> voters = new LinkedHashSet<>();
        final Set<String> learners = new LinkedHashSet<>();
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        /** Statuses to answer a change with before doing it, in order (e.g. 504 then 503). */
        final Deque<Integer> changeHiccups = new ArrayDeque<>();
        /** How many POSTs of a new learner answer 202 before it is promoted. */
        int catchUpPolls = 1;

        int pendingPolls;
        String leader = "n1";
        /** Nodes that answer nothing but 503 (e.g. one that was removed and knows no leader). */
        final Set<String> unavailable = new LinkedHashSet<>();

        Stub() {
            for (var id : List.of("n1", "n2", "n3")) {
                members.put(id, new String[] {id + ":7000", id + ":8080"});
                voters.add(id);
            }
        }

        synchronized void handle(String node, HttpExchange ex) throws IOException {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(node + " " + method + " " + path + (body.isEmpty() ? "" : " " + body));
            if (unavailable.contains(node)) {
                reply(ex, 503, Map.of("error", "no leader"));
                return;
            }
            if (method.equals("GET") && path.equals("/cluster")) {
                reply(ex, 200, cluster(node));
            } else if (method.equals("GET") && path.equals("/status")) {
                reply(ex, 200, Map.of("id", node, "role", node.equals(leader) ? "leader" : "follower", "term", 3));
            } else if (method.equals("DELETE") && path.startsWith("/cluster/nodes/")) {
                String id = path.substring("/cluster/nodes/".length());
                if (!changeHiccups.isEmpty()) {
                    reply(ex, changeHiccups.poll(), Map.of("error", "hiccup"));
                } else if (voters.equals(Set.of(id))) {
                    reply(ex, 409, Map.of("error", "last voter"));
                } else {
                    members.remove(id);
                    voters.remove(id);
                    learners.remove(id);
                    reply(ex, 200, cluster(node));
                }
            } else if (method.equals("POST") && path.equals("/cluster/nodes")) {
                JsonNode b = JSON.readTree(body);
                String id = b.path("id").asText();
                String raft = b.path("raft").asText();
                if (members.containsKey(id) && !members.get(id)[0].equals(raft)) {
                    reply(ex, 409, Map.of("error", "member at another address"));
                } else if (!changeHiccups.isEmpty()) {
                    reply(ex, changeHiccups.poll(), Map.of("error", "hiccup"));
                } else if (voters.contains(id)) {
                    reply(ex, 200, cluster(node));
                } else {
                    if (!learners.contains(id)) {
                        members.put(id, new String[] {raft, b.path("http").asText(null)});
                        learners.add(id);
                        pendingPolls = catchUpPolls;
                    }
                    if (pendingPolls-- > 0) {
                        reply(ex, 202, Map.of("status", "in progress"));
                    } else {
                        learners.remove(id);
                        voters.add(id);
                        reply(ex, 200, cluster(node));
                    }
                }
            } else {
                reply(ex, 404, Map.of("error", "no route"));
            }
        }

        private Map<String, Object> cluster(String node) {
            var list = new ArrayList<Map<String, Object>>();
            members.forEach((id, a) -> {
                var m = new LinkedHashMap<String, Object>();
                m.put("id", id);
                m.put("raft", a[0]);
                m.put("http", a[1]);
                m.put("voter", voters.contains(id));
                list.add(m);
            });
            var out = new LinkedHashMap<String, Object>();
            out.put("voters", List.copyOf(voters));
            out.put("learners", List.copyOf(learners));
            out.put("members", list);
            out.put("id", node);
            out.put("leader", leader);
            return out;
        }

        private static void reply(HttpExchange ex, int status, Object body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        /** The requests that changed something, as "node METHOD path body". */
        List<String> changes() {
            synchronized (requests) {
                return requests.stream()
                        .filter(r -> r.contains(" DELETE ") || r.contains(" POST "))
                        .toList();
            }
        }
    }

    /** A cluster whose nodes are the stub's; only their HTTP API matters here. */
    static final class StubCluster implements Cluster {
        final Map<String, URI> http = new LinkedHashMap<>();

        @Override
        public String backend() {
            return "stub";
        }

        @Override
        public List<String> nodes() {
            return List.copyOf(http.keySet());
        }

        @Override
        public void start() {}

        @Override
        public URI http(String node) {
            return http.get(node);
        }

        @Override
        public String raftAddress(String node) {
            return node + ":7000";
        }

        @Override
        public Net net() {
            return Net.noop();
        }

        @Override
        public void collectLogs(Path dir) {}

        @Override
        public void close() {}
    }

    private final Stub stub = new Stub();
    private final StubCluster cluster = new StubCluster();
    private final List<HttpServer> servers = new ArrayList<>();
    private ClusterNemesis nemesis;

    @BeforeEach
    void startStubs() throws IOException {
        for (var id : List.of("n1", "n2", "n3")) {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> stub.handle(id, ex));
            server.start();
            servers.add(server);
            cluster.http.put(
                    id, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        }
        nemesis = new ClusterNemesis(cluster, FAST);
    }

    @AfterEach
    void stopStubs() {
        servers.forEach(s -> s.stop(0));
    }

    private static Fault.Membership remove(String node) {
        return new Fault.Membership(Targets.of(List.of(node)));
    }

    @Test
    void removesThroughAnotherNode_thenAddsBackWithTheAddressesTheClusterListed() {
        Object started = nemesis.start(remove("n2"));
        assertEquals(Map.of("removed", "n2", "voters", List.of("n1", "n3")), started);
        assertEquals(Set.of("n1", "n3"), stub.voters);

        Object stopped = nemesis.stop(remove("n2"));
        assertEquals(Map.of("added", List.of("n2"), "voters", List.of("n1", "n3", "n2")), stopped);
        assertEquals(Set.of("n1", "n2", "n3"), stub.voters);
        assertEquals(
                List.of(
                        "n1 DELETE /cluster/nodes/n2",
                        // 202 while it catches up, asked again (on the next node) until a voter.
                        "n1 POST /cluster/nodes {\"id\":\"n2\",\"raft\":\"n2:7000\",\"http\":\"n2:8080\"}",
                        "n3 POST /cluster/nodes {\"id\":\"n2\",\"raft\":\"n2:7000\",\"http\":\"n2:8080\"}"),
                stub.changes());
    }

    @Test
    void unknownOutcomesAndNoLeader_areAskedAgain() {
        stub.changeHiccups.addAll(List.of(504, 503));
        nemesis.start(remove("n3"));
        assertEquals(Set.of("n1", "n2"), stub.voters);
        stub.changeHiccups.addAll(List.of(503, 504));
        stub.catchUpPolls = 3;
        nemesis.stop(remove("n3"));
        assertEquals(Set.of("n1", "n2", "n3"), stub.voters);
        assertEquals(
                3, stub.changes().stream().filter(r -> r.contains("DELETE")).count());
        assertEquals(
                2 + 4, stub.changes().stream().filter(r -> r.contains("POST")).count());
        assertTrue(nemesis.unhealed().isEmpty());
    }

    @Test
    void aNodeThatAnswersNothingUseful_isPassedOver() {
        stub.unavailable.add("n1");
        servers.get(2).stop(0); // n3 refuses connections
        nemesis.start(remove("n3"));
        assertEquals(Set.of("n1", "n2"), stub.voters);
        assertEquals(List.of("n1 DELETE /cluster/nodes/n3", "n2 DELETE /cluster/nodes/n3"), stub.changes());
    }

    @Test
    void leaderVariant_removesTheNodeThatLeads() {
        stub.leader = "n3";
        Object started = nemesis.start(new Fault.Membership(Targets.leaderOnly()));
        assertEquals("n3", ((Map<?, ?>) started).get("removed"));
        nemesis.stop(new Fault.Membership(Targets.leaderOnly()));
        assertEquals(Set.of("n1", "n2", "n3"), stub.voters);
    }

    @Test
    void aRefusedRemoval_failsAtOnce() {
        stub.voters.retainAll(Set.of("n2"));
        var e = assertThrows(IllegalStateException.class, () -> nemesis.start(remove("n2")));
        assertTrue(e.getMessage().contains("409"), e.getMessage());
        assertEquals(1, stub.changes().size(), "a refusal is not asked again: " + stub.changes());
    }

    @Test
    void aTargetThatIsNotAVoter_isAnError_andNothingIsRemoved() {
        stub.voters.remove("n2");
        stub.learners.add("n2");
        var e = assertThrows(IllegalStateException.class, () -> nemesis.start(remove("n2")));
        assertTrue(e.getMessage().contains("cannot remove n2"), e.getMessage());
        assertTrue(stub.changes().isEmpty());
    }

    @Test
    void aNodeThatNeverCatchesUp_isAnError_untilHealAllAddsItBack() {
        nemesis.start(remove("n1"));
        stub.catchUpPolls = Integer.MAX_VALUE;
        var e = assertThrows(IllegalStateException.class, () -> nemesis.stop(remove("n1")));
        assertTrue(e.getMessage().contains("adding n1 back: not done within 2000 ms"), e.getMessage());
        assertEquals(Set.of("n2", "n3"), stub.voters);

        nemesis.healAll();
        assertEquals(1, nemesis.unhealed().size(), "still a learner: " + nemesis.unhealed());
        assertTrue(
                nemesis.unhealed().getFirst().startsWith("membership: adding n1 back"),
                nemesis.unhealed().toString());

        stub.catchUpPolls = 0;
        stub.pendingPolls = 0;
        nemesis.healAll();
        assertEquals(List.of(), nemesis.unhealed());
        assertEquals(Set.of("n1", "n2", "n3"), stub.voters);
    }

    @Test
    void healAll_addsBackANodeWhoseRemovalFailed_andChecksEveryNodeIsAVoter() {
        stub.changeHiccups.addAll(java.util.Collections.nCopies(1000, 504));
        assertThrows(IllegalStateException.class, () -> nemesis.start(remove("n2")));
        stub.changeHiccups.clear();
        stub.voters.remove("n2"); // the removal happened after all
        stub.members.remove("n2");
        nemesis.healAll();
        assertEquals(List.of(), nemesis.unhealed());
        assertEquals(Set.of("n1", "n2", "n3"), stub.voters);

        // Something else took n3 out: the check with the leader says so.
        stub.voters.remove("n3");
        stub.members.remove("n3");
        nemesis.healAll();
        assertEquals(1, nemesis.unhealed().size());
        assertTrue(
                nemesis.unhealed().getFirst().contains("not voters: [n3]"),
                nemesis.unhealed().toString());
    }

    @Test
    void healAll_withoutMembershipFaults_asksNothing() {
        nemesis.healAll();
        assertTrue(stub.requests.isEmpty(), stub.requests.toString());
        assertEquals(List.of(), nemesis.unhealed());
    }
}
