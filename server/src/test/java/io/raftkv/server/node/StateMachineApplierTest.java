package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.kv.Result;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateMachineApplierTest {
    private final PendingWrites writes = new PendingWrites(new ManualTimers(), 1000);
    private final SnapshotPolicy policy = new SnapshotPolicy(0);
    private final StateMachineApplier applier = new StateMachineApplier(new KvStateMachine(8), writes, policy);

    private static Entry put(long term, long index, String key, String value) {
        return new Entry(term, index, EntryType.NORMAL, Codec.encode(Command.of(new Command.Put(key, value))));
    }

    @Test
    void anAppliedEntryAnswersItsWriteAndRecordsItsTerm() {
        Future<Applied> f = writes.add(1, 2, Command.of(new Command.Put("k", "v")));
        applier.apply(put(2, 1, "k", "v"));
        assertEquals(new Applied(1, new Result.Written("v")), f.result());
        assertEquals("v", applier.kv().get("k"));
        assertEquals(2, applier.lastAppliedTerm());
    }

    @Test
    void aNoopAdvancesTheIndexButChangesNoKey() {
        applier.apply(Entry.noop(3, 1));
        assertEquals(1, applier.kv().appliedIndex());
        assertEquals(0, applier.kv().size());
        assertEquals(3, applier.lastAppliedTerm());
    }

    @Test
    void startReappliesOnlyCommittedEntriesAndSkipsThemWhenTheyArriveAgain() {
        List<Entry> log = List.of(put(1, 1, "a", "1"), put(1, 2, "b", "2"), put(1, 3, "c", "3"));
        applier.start(new SnapshotFiles.Start(new HardState(1, null, 2), null, log, new KvStateMachine(8)), 2);
        assertEquals(2, applier.kv().appliedIndex());
        assertNull(applier.kv().get("c"), "beyond the commit index");
        applier.apply(put(1, 2, "b", "changed"));
        assertEquals("2", applier.kv().get("b"), "an entry applied at start-up is not applied twice");
    }

    @Test
    void anInstalledSnapshotReplacesTheMapAndLeavesCoveredWritesIndeterminate() {
        Future<Applied> covered = writes.add(4, 1, Command.of(new Command.Put("k", "v")));
        KvStateMachine restored = new KvStateMachine(8);
        for (long i = 1; i <= 5; i++) {
            restored.applyNoop(i);
        }
        applier.install(Snapshot.of(5, 2, Membership.ofVoters(List.of("n1")), new byte[0]), restored);
        assertSame(restored, applier.kv());
        assertEquals(2, applier.lastAppliedTerm());
        assertEquals(5, policy.index());
        assertEquals(1, policy.installed());
        assertEquals(NodeException.Kind.INDETERMINATE, ((NodeException) covered.cause()).kind());
    }
}
