package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.tester.client.ClientHttp;
import io.raftkv.tester.client.KvClient;
import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.client.Outcome;
import io.raftkv.tester.cluster.DockerCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Three server containers on one network: writes through one node are read through all; after the
 * leader is killed by the engine a new one is elected and no acknowledged write is lost; the killed
 * node, restarted on its own data, catches up.
 */
@RequiresDockerEngine
class LeaderFailoverIT {
    private static final Duration ELECTION = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final ClientHttp HTTP = new ClientHttp(Duration.ofSeconds(2));

    private static DockerCluster cluster;
    /** One client per node, each talking to that node only: its request sequence must not restart. */
    private static final Map<String, KvClient> clients = new ConcurrentHashMap<>();

    @RegisterExtension
    static final TestWatcher NODE_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                cluster.nodes()
                        .forEach(n -> System.err.printf(
                                "---- logs of %s ----%n%s%n",
                                n, cluster.container(n).getLogs()));
            }
        }
    };

    @BeforeAll
    static void startCluster() {
        ContainerEngine.require();
        cluster = new DockerCluster(3, "leader-failover-it", ContainerEngine.serverImage(), List.of());
        long started = System.nanoTime();
        cluster.start();
        String leader = awaitLeader(cluster.nodes());
        System.out.printf(
                "3 nodes: %d ms from docker run to an elected leader (%s)%n",
                (System.nanoTime() - started) / 1_000_000, leader);
    }

    @AfterAll
    static void stopCluster() {
        HTTP.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The engine runs no health check in the rig's containers: an exec that starts as the cgroup
     * freezer pauses the container gets stuck in {@code runc init}, and from then on the engine
     * never answers an inspect or unpause of that container, so a pause fault hangs its run. The
     * rig polls {@code /health} from the host instead.
     */
    @Test
    void theEngineRunsNoHealthCheckInTheRigsContainers() {
        for (String node : cluster.nodes()) {
            var info = cluster.container(node).getContainerInfo();
            var check = info.getConfig().getHealthcheck();
            assertEquals(List.of("NONE"), check == null ? null : check.getTest(), node + "'s health check");
            assertEquals(null, info.getState().getHealth(), node + "'s health status");
        }
    }

    @Test
    void killedLeaderIsReplacedWithoutLosingAcknowledgedWritesAndCatchesUpAfterRestart() {
        List<String> all = cluster.nodes();
        Map<String, String> acknowledged = new LinkedHashMap<>();

        // Written through one node (forwarded to the leader if it follows), read through every node.
        String writer = all.getFirst();
        for (int i = 0; i < 20; i++) {
            write(writer, "before-" + i, "value-" + i);
            acknowledged.put("before-" + i, "value-" + i);
        }
        for (String node : all) {
            assertReadable(node, acknowledged);
        }

        String oldLeader = awaitLeader(all);
        cluster.kill(oldLeader);
        Await.condition(oldLeader + " stopped", Duration.ofSeconds(10), () -> !cluster.isRunning(oldLeader));
        List<String> survivors = all.stream().filter(n -> !n.equals(oldLeader)).toList();

        String newLeader = awaitLeader(survivors);
        assertNotEquals(oldLeader, newLeader);
        for (String node : survivors) {
            assertReadable(node, acknowledged);
        }
        String follower =
                survivors.stream().filter(n -> !n.equals(newLeader)).findFirst().orElseThrow();
        for (int i = 0; i < 20; i++) {
            write(follower, "after-" + i, "value-" + i);
            acknowledged.put("after-" + i, "value-" + i);
        }

        // Same container, same /data volume; its published port may have changed.
        cluster.restart(oldLeader);
        Await.condition(
                oldLeader + " catches up on its own copy", CATCH_UP, () -> readsLocally(oldLeader, acknowledged));
        awaitLeader(all);
        write(oldLeader, "after-restart", "value");
        acknowledged.put("after-restart", "value");
        for (String node : all) {
            assertReadable(node, acknowledged);
        }
    }

    /** The client that talks to {@code node} only, at its current address. */
    private static KvClient client(String node) {
        return clients.computeIfAbsent(
                node,
                n -> new KvClient(HTTP, () -> List.of(cluster.http(n)), 0, "failover-" + n, Duration.ofSeconds(10), 1));
    }

    /** The leader all of {@code live} agree on, once they do: the node that says it leads, named by every other. */
    private static String awaitLeader(List<String> live) {
        return Await.until("one leader agreed on by " + live, ELECTION, () -> {
            String agreed = null;
            String leader = null;
            for (String node : live) {
                Optional<JsonNode> status = Leaders.status(cluster.http(node));
                String named = status.map(s -> s.path("leader").asText(null)).orElse(null);
                if (named == null || (agreed != null && !agreed.equals(named))) {
                    return Optional.empty();
                }
                agreed = named;
                if (node.equals(named)
                        && "leader".equalsIgnoreCase(status.get().path("role").asText())) {
                    leader = node;
                }
            }
            return Optional.ofNullable(leader);
        });
    }

    /**
     * Writes through {@code node} until acknowledged. A failed write did not happen and one of unknown
     * outcome may have; writing the same value again is safe either way, and only ok counts.
     */
    private static void write(String node, String key, String value) {
        Await.until("PUT " + key + " acknowledged by " + node, ELECTION, () -> {
            Outcome outcome = client(node).write(key, value);
            if (outcome instanceof Outcome.Ok ok) {
                return Optional.of(ok);
            }
            throw new IllegalStateException(node + " answered PUT " + key + " with " + outcome);
        });
    }

    private static void assertReadable(String node, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Outcome read = client(node).read(e.getKey());
            assertEquals(new Outcome.Ok(e.getValue()), read, () -> node + " GET " + e.getKey());
        }
    }

    /** True when the node's local (stale) copy holds every expected value. */
    private static boolean readsLocally(String node, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!new Outcome.Ok(e.getValue()).equals(client(node).staleRead(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
