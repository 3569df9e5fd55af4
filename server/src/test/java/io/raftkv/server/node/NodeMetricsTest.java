package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Message;
import io.raftkv.server.testing.MemoryNetwork;
import io.raftkv.server.testing.MemoryStorage;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeMetrics metrics = new NodeMetrics(registry);

    private double counter(String name, String type) {
        return registry.get(name).tag("type", type).counter().count();
    }

    @Test
    void messageTypesAreNamedInSnakeCase() {
        assertEquals("append_request", NodeMetrics.snake("AppendRequest"));
        assertEquals("timeout_now", NodeMetrics.snake("TimeoutNow"));
        assertEquals(
                Message.class.getPermittedSubclasses().length,
                registry.get("raftkv.messages.sent").counters().size());
    }

    @Test
    void theStorageTimesEachPersistAndCountsItsEntries() throws Exception {
        var storage = metrics.storage(new MemoryStorage());
        storage.persist(
                new HardState(1, "n1", 0),
                List.of(new Entry(1, 1, EntryType.NOOP, new byte[0]), new Entry(1, 2, EntryType.NOOP, new byte[0])));
        storage.persist(new HardState(1, "n1", 2), List.of());
        assertEquals(2, registry.get("raftkv.fsync").timer().count());
        assertEquals(2, registry.get("raftkv.fsync.batch").summary().totalAmount());
        assertEquals(2, storage.load().entries().size(), "the storage underneath has what was persisted");
    }

    @Test
    void theTransportCountsWhatItSendsAndReceivesByType() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var network = new MemoryNetwork();
            var a = metrics.transport(network.transport(vertx, "n1"));
            var b = network.transport(vertx, "n2");
            var got = new CompletableFuture<Message>();
            var answer = new CompletableFuture<Message>();
            b.handler(got::complete);
            a.handler(answer::complete); // runs after the count, so awaiting it awaits the count
            a.start().await(10, TimeUnit.SECONDS);
            b.start().await(10, TimeUnit.SECONDS);
            a.send(new Message.VoteRequest("n1", "n2", 3, 0, 0, false));
            assertTrue(got.get(10, TimeUnit.SECONDS) instanceof Message.VoteRequest);
            b.send(new Message.VoteResponse("n2", "n1", 3, true, false));
            assertTrue(answer.get(10, TimeUnit.SECONDS) instanceof Message.VoteResponse);
            assertEquals(1, counter("raftkv.messages.sent", "vote_request"));
            assertEquals(1, counter("raftkv.messages.received", "vote_response"));
            assertEquals(0, counter("raftkv.messages.sent", "append_request"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void gaugesReportTheLatestObservedStatus() {
        assertTrue(Double.isNaN(registry.get("raftkv.term").gauge().value()), "nothing observed yet");
        metrics.observe(new NodeStatus("n1", "learner", 7, null, null, 5, 4, 9, 3, 6, 100, 1, 2, 1, 0, List.of()));
        assertEquals(7, registry.get("raftkv.term").gauge().value());
        assertEquals(
                1, registry.get("raftkv.role").tag("role", "learner").gauge().value());
        assertEquals(
                0, registry.get("raftkv.role").tag("role", "leader").gauge().value());
        assertEquals(3, registry.get("raftkv.log.entries").gauge().value());
        assertEquals(1, registry.get("raftkv.pending.proposals").gauge().value());
        assertEquals(
                2, registry.get("raftkv.snapshots.installed").functionCounter().count());
    }
}
