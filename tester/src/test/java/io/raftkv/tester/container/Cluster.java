package io.raftkv.tester.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/** A cluster of server containers on one private network, and the questions the tests ask it. */
final class Cluster implements AutoCloseable {
    private final Network network = Network.newNetwork();
    private final List<ServerNode> nodes;

    /** Nodes n1..n{size}, not started. */
    Cluster(String image, int size) {
        List<String> ids = IntStream.rangeClosed(1, size).mapToObj(i -> "n" + i).toList();
        this.nodes =
                ids.stream().map(id -> new ServerNode(image, id, ids, network)).toList();
    }

    List<ServerNode> nodes() {
        return nodes;
    }

    /** Starts every node at once (a cluster only forms when a majority runs) and waits until each is healthy. */
    void start() {
        Startables.deepStart(nodes.stream().map(ServerNode::container)).join();
    }

    /** The leader all of {@code live} agree on, once they do: the node that says it leads, named by every other. */
    static ServerNode awaitLeader(List<ServerNode> live, Duration timeout) {
        return Await.until("one leader agreed on by " + live, timeout, () -> {
            String agreed = null;
            ServerNode leader = null;
            for (ServerNode node : live) {
                JsonNode status = node.status();
                String named = status.path("leader").asText(null);
                if (named == null || (agreed != null && !agreed.equals(named))) {
                    return Optional.empty();
                }
                agreed = named;
                if (node.id().equals(named)
                        && "leader".equalsIgnoreCase(status.path("role").asText())) {
                    leader = node;
                }
            }
            return Optional.ofNullable(leader);
        });
    }

    /**
     * Writes through {@code node} until acknowledged. A 503 means nothing happened and a 504 that it may
     * have; retrying the same value is safe either way, and only a 200 counts as acknowledged.
     */
    static void write(ServerNode node, String key, String value, Duration timeout) {
        Await.until("PUT " + key + " acknowledged by " + node, timeout, () -> {
            HttpResponse<String> response = node.put(key, value);
            if (response.statusCode() == 200) {
                return Optional.of(response);
            }
            if (response.statusCode() == 503 || response.statusCode() == 504) {
                return Optional.empty();
            }
            throw new AssertionError(
                    node + " answered PUT " + key + " with " + response.statusCode() + ": " + response.body());
        });
    }

    @Override
    public void close() {
        nodes.forEach(ServerNode::close);
        network.close();
    }
}
