package io.raftkv.server.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulation's snapshots: a snapshot's {@code data} names a frozen copy of the applied entries,
 * kept here, so that installing a snapshot restores exactly the state machine it was taken from. (The
 * server's snapshot files are {@code io.raftkv.server.storage.SnapshotStore}.)
 */
final class SimSnapshots {
    private static final ThreadLocal<List<List<Entry>>> CONTENTS = ThreadLocal.withInitial(ArrayList::new);

    private SimSnapshots() {}

    static Snapshot take(List<Entry> applied, Membership membership) {
        List<List<Entry>> all = CONTENTS.get();
        all.add(List.copyOf(applied));
        Entry last = applied.getLast();
        return Snapshot.of(
                last.index(),
                last.term(),
                membership,
                ByteBuffer.allocate(4).putInt(all.size() - 1).array());
    }

    static List<Entry> contents(Snapshot s) {
        return CONTENTS.get()
                .get(ByteBuffer.wrap(s.data(), s.payloadOffset(), 4).getInt());
    }

    /** Forgets all snapshots (between seeds). */
    static void clear() {
        CONTENTS.get().clear();
    }
}
