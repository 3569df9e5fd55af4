package io.raftkv.server.node;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.storage.RaftStorage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new cluster's first membership goes into the log, as etcd and hashicorp/raft bootstrap: on
 * first start, a node given its initial members ({@code --peers}, or itself alone) durably writes
 * their ids as voters in entry 1 of term 1, committed, before it takes part in Raft. Every initial
 * member writes the same entry (ids only: the addresses in {@code --peers} may differ from node to
 * node, e.g. through proxies), so the logs agree from the start; nodes that join later receive it
 * with the rest of the log. From then on the log (or a snapshot) is the only source of the
 * membership: a later start with other {@code --peers} ids keeps what is recorded and says so.
 */
final class Bootstrap {
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {}

    /**
     * Returns {@code start}, with the initial membership written into {@code storage} first when
     * this node starts a new cluster: its storage holds nothing yet and {@code initialPeers} (Raft
     * address by id) is not empty (it is for a node that joins).
     */
    static SnapshotFiles.Start apply(SnapshotFiles.Start start, Map<String, String> initialPeers, RaftStorage storage)
            throws IOException {
        if (initialPeers.isEmpty()) {
            return start;
        }
        Membership recorded = recorded(start);
        if (recorded != null) {
            // A node started alone (no --peers) has only itself here; others join it later.
            boolean named = initialPeers.size() > 1;
            if (named && (!recorded.learners().isEmpty() || !recorded.voters().equals(initialPeers.keySet()))) {
                log.warn(
                        "--peers names {} but this node's data records the members {}: keeping the recorded"
                                + " ones (change members with the /cluster routes)",
                        new TreeSet<>(initialPeers.keySet()),
                        describe(recorded));
            }
            return start;
        }
        if (!start.log().isEmpty() || start.hardState().term() != 0) {
            return start; // written before bootstrap entries existed: the flags stay its initial members
        }
        Membership initial = Membership.ofVoters(initialPeers.keySet());
        Entry first = new Entry(1, 1, EntryType.CONFIG, initial.encode());
        HardState hs = new HardState(1, null, 1);
        storage.persist(hs, List.of(first));
        log.info("new cluster: wrote its members {} as entry 1", initial.voters());
        return new SnapshotFiles.Start(hs, null, List.of(first), start.kv());
    }

    /** The latest membership in the stored log, else the snapshot's; null if neither has one. */
    private static Membership recorded(SnapshotFiles.Start start) {
        List<Entry> entries = start.log();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).type() == EntryType.CONFIG) {
                return Membership.decode(entries.get(i).data());
            }
        }
        return start.snapshot() != null ? start.snapshot().membership() : null;
    }

    private static String describe(Membership m) {
        return m.learners().isEmpty() ? m.voters().toString() : m.voters() + " and learners " + m.learners();
    }
}
