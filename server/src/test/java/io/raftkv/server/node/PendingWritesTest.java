package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.kv.Result;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
    private final ManualTimers timers = new ManualTimers();
    private final PendingWrites writes = new PendingWrites(timers, 1000);
    private final Command put = Command.of(new Command.Put("k", "v"));

    private static Entry entry(long term, long index) {
        return new Entry(term, index, EntryType.NORMAL, new byte[0]);
    }

    private static NodeException.Kind failure(Future<?> f) {
        assertTrue(f.failed(), "expected a failure, got " + f);
        return ((NodeException) f.cause()).kind();
    }

    @Test
    void anAppliedEntryOfTheSameTermAnswersTheWriteAndCancelsItsTimer() {
        Future<Applied> f = writes.add(5, 2, put);
        writes.applied(entry(2, 5), new KvStateMachine.Outcome(5, new Result.Written("v")));
        assertEquals(new Applied(5, new Result.Written("v")), f.result());
        assertEquals(0, timers.pending());
        assertEquals(0, writes.size());
    }

    @Test
    void anotherLeadersEntryAtTheIndexRefusesTheWrite() {
        Future<Applied> f = writes.add(5, 2, put);
        writes.applied(entry(3, 5), new KvStateMachine.Outcome(5, new Result.Written("v")));
        assertEquals(NodeException.Kind.UNAVAILABLE, failure(f));
    }

    @Test
    void aTimedOutWriteIsIndeterminate() {
        Future<Applied> f = writes.add(5, 2, put);
        timers.fireAll();
        assertEquals(NodeException.Kind.INDETERMINATE, failure(f));
        assertEquals(0, writes.size());
    }

    @Test
    void aSecondProposalAtTheSameIndexRefusesTheFirstAndKeepsItsOwnTimer() {
        Future<Applied> first = writes.add(5, 2, put);
        Future<Applied> second = writes.add(5, 3, put);
        assertEquals(NodeException.Kind.UNAVAILABLE, failure(first));
        assertFalse(second.isComplete());
        timers.fireAll();
        assertEquals(NodeException.Kind.INDETERMINATE, failure(second));
    }

    @Test
    void failThroughFailsOnlyTheCoveredIndexes() {
        Future<Applied> covered = writes.add(4, 2, put);
        Future<Applied> atSnapshot = writes.add(5, 2, put);
        Future<Applied> after = writes.add(6, 2, put);
        writes.failThrough(5, NodeException.indeterminate("snapshot"));
        assertEquals(NodeException.Kind.INDETERMINATE, failure(covered));
        assertEquals(NodeException.Kind.INDETERMINATE, failure(atSnapshot));
        assertFalse(after.isComplete());
        assertEquals(1, writes.size());
        assertEquals(1, timers.pending());
    }

    @Test
    void answerEarlyUsesThePreviewForEntriesOfTheWritesTerm() {
        Future<Applied> same = writes.add(5, 2, put);
        Future<Applied> other = writes.add(6, 2, put);
        writes.answerEarly(List.of(entry(2, 5), entry(3, 6)), c -> new Result.Written("v"));
        assertEquals(new Applied(5, new Result.Written("v")), same.result());
        assertFalse(other.isComplete());
    }

    @Test
    void failAllAnswersEveryWriteOnce() {
        Future<Applied> a = writes.add(1, 1, put);
        Future<Applied> b = writes.add(2, 1, put);
        writes.failAll(NodeException.indeterminate("leadership lost"));
        assertEquals(NodeException.Kind.INDETERMINATE, failure(a));
        assertEquals(NodeException.Kind.INDETERMINATE, failure(b));
        assertEquals(0, timers.pending());
        timers.fireAll(); // nothing left to fire
        assertEquals(0, writes.size());
    }
}
