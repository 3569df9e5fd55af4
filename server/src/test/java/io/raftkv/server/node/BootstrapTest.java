package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.testing.MemoryNetwork;
import io.raftkv.server.testing.MemoryStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A new cluster's first membership is written into the log; later starts keep what is recorded. */
class BootstrapTest {
    private final Vertx vertx = Vertx.vertx();
    private final MemoryStorage disk = new MemoryStorage();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static NodeOptions options(Map<String, String> peers) {
        return new NodeOptions(
                "n1", peers, 10, 10, 1, 64, 5000, 100, NodeOptions.Unsafe.NONE, NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD);
    }

    /** Starts a node on {@link #disk}, returns the membership it runs with, and stops it. */
    private Membership recover(Map<String, String> peers) throws Exception {
        var ctx = vertx.getOrCreateContext();
        return Future.<Membership>future(p -> ctx.runOnContext(v -> {
                    RaftNode n =
                            new RaftNode(vertx, options(peers), disk, new MemoryNetwork().transport(vertx, "n1"), null);
                    n.recover()
                            .compose(x -> n.run())
                            .map(x -> n.cluster().membership())
                            .compose(m -> n.close().map(m))
                            .onComplete(p);
                }))
                .await(20, TimeUnit.SECONDS);
    }

    @Test
    void aNewClustersMembershipIsTheFirstEntryOfItsLog() throws Exception {
        recover(Map.of("n1", "mem:1", "n2", "mem:2", "n3", "mem:3"));
        var stored = disk.load();
        assertEquals(1, stored.entries().size(), stored.entries().toString());
        var first = stored.entries().getFirst();
        assertEquals(EntryType.CONFIG, first.type());
        assertEquals(1, first.index());
        assertEquals(1, first.term());
        Membership m = Membership.decode(first.data());
        assertEquals(Set.of("n1", "n2", "n3"), m.voters());
        assertNull(m.members().get("n2").raft(), "ids only: addresses in --peers may differ between nodes");
        assertEquals(1, stored.hardState().commit(), "every member starts with it, so it is committed");
        assertEquals(1, stored.hardState().term());
        assertNull(stored.hardState().votedFor());
    }

    @Test
    void aRestartWithOtherPeersKeepsTheRecordedMembership() throws Exception {
        recover(Map.of("n1", "mem:1", "n2", "mem:2", "n3", "mem:3"));
        Membership after = recover(Map.of("n1", "mem:1", "n4", "mem:4", "n5", "mem:5"));
        assertEquals(Set.of("n1", "n2", "n3"), after.voters());
        assertEquals(1, disk.load().entries().size(), "written once");
    }

    @Test
    void aJoiningNodeWritesNoMembership() throws Exception {
        recover(Map.of());
        assertTrue(disk.load().entries().isEmpty());
    }
}
