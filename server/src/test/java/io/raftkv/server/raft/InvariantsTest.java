package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulation's checker catches what it claims to: a state machine that goes backwards. */
class InvariantsTest {
    private final Invariants invariants = new Invariants();
    private SimNode n1;

    @BeforeEach
    void singleNodeThatAppliedSevenEntries() {
        SimSnapshots.clear();
        n1 = new SimNode(new RaftConfig("n1", List.of("n1"), 10, 1, false, false, 4, 8), 1);
        for (int i = 0; i < 100 && n1.core.role() != Role.LEADER; i++) {
            n1.core.tick();
            settle();
        }
        assertEquals(Role.LEADER, n1.core.role());
        for (int i = 0; i < 6; i++) {
            n1.core.propose(("c" + i).getBytes(StandardCharsets.UTF_8));
        }
        settle();
        assertEquals(7, n1.applied.size(), "the leader's no-op and six commands");
    }

    /** Persists and applies every Ready, checking the invariants after each. */
    private void settle() {
        while (n1.core.hasReady()) {
            n1.takeReady();
            n1.finishReady(new ArrayList<>());
            invariants.check(List.of(n1));
        }
    }

    /** Hands the node a Ready that installs {@code snapshot}, as a leader's InstallSnapshot would. */
    private void install(Snapshot snapshot) {
        n1.pending = new Ready(
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                new SoftState(Role.LEADER, n1.core.term(), "n1"),
                snapshot);
        n1.finishReady(new ArrayList<>());
    }

    @Test
    void when_anInstalledSnapshotIsBehindTheAppliedState_then_theCheckFails() {
        install(SimSnapshots.take(n1.applied.subList(0, 3), n1.core.membership()));

        AssertionError e = assertThrows(AssertionError.class, () -> invariants.check(List.of(n1)));
        assertTrue(e.getMessage().contains("applied index fell from 7 to 3"), e.getMessage());
    }

    @Test
    void when_aSnapshotBehindTheAppliedStateIsFollowedByItsEntriesAgain_then_theCheckFails() {
        Snapshot behind = SimSnapshots.take(n1.applied.subList(0, 3), n1.core.membership());
        List<Entry> again = List.copyOf(n1.applied.subList(3, 7));
        n1.pending = new Ready(
                null, List.of(), List.of(), again, List.of(), new SoftState(Role.LEADER, n1.core.term(), "n1"), behind);
        n1.finishReady(new ArrayList<>());

        AssertionError e = assertThrows(AssertionError.class, () -> invariants.check(List.of(n1)));
        assertTrue(e.getMessage().contains("applied index fell from 7 to 3"), e.getMessage());
    }

    @Test
    void when_aSnapshotHoldsAnEntryOtherThanTheCommittedOne_then_theCheckFails() {
        List<Entry> forged = new ArrayList<>(n1.applied);
        forged.set(2, new Entry(forged.get(2).term(), 3, EntryType.NORMAL, new byte[] {9}));
        install(SimSnapshots.take(forged, n1.core.membership()));

        AssertionError e = assertThrows(AssertionError.class, () -> invariants.check(List.of(n1)));
        assertTrue(e.getMessage().startsWith("n1 applied Entry[3@1 NORMAL 1B] at position 3"), e.getMessage());
    }

    @Test
    void when_aRestartRebuildsTheStateMachine_then_reapplyingFromTheSnapshotIsAllowed() {
        n1.maybeCompact(3);
        n1.crash(0);
        n1.restart(2);
        assertEquals(7, n1.applied.size(), "restored from the snapshot of all seven");
        assertDoesNotThrow(() -> invariants.check(List.of(n1)));
    }
}
