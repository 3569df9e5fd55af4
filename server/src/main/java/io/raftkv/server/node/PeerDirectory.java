package io.raftkv.server.node;

import io.raftkv.server.raft.Membership;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the members are. The core's membership may lack Raft addresses (members named by flags carry
 * none); this fills them in from {@code --peers}, keeps the result as a view other threads may read,
 * and remembers the Raft address to dial for every node that was a member while this one ran
 * (removed nodes stay reachable: the leader still tells them of their removal).
 *
 * <p>HTTP addresses, to which client requests are forwarded, come only from a committed membership
 * (recorded by the join request of the node itself, or by each leader for itself): never from what a
 * peer says on its connection, which anyone who can reach the peer port could say.
 */
final class PeerDirectory {
    private final Map<String, String> flagPeers;
    private final Map<String, String> dialed = new HashMap<>();
    private Membership synced; // the core's membership the dial map was last built for
    private Membership committedSynced; // the committed membership committedHttp was last built from
    private volatile Membership view = Membership.EMPTY;
    private volatile Map<String, String> committedHttp = Map.of();

    /**
     * @param flagPeers the Raft addresses of {@code --peers}, by id: where this node dials them, even
     *     when the membership says otherwise (they may name a proxy or a route that differs from node
     *     to node)
     */
    PeerDirectory(Map<String, String> flagPeers) {
        this.flagPeers = Map.copyOf(flagPeers);
    }

    /** The membership in force with every Raft address known. Safe from any thread. */
    Membership view() {
        return view;
    }

    /** {@code m} with the Raft addresses it lacks filled in from the flags. */
    Membership addressed(Membership m) {
        Membership out = m;
        for (Membership.Member member : m.members().values()) {
            String raft = member.raft() != null ? member.raft() : flagPeers.get(member.id());
            if (!Objects.equals(raft, member.raft())) {
                out = out.with(new Membership.Member(member.id(), raft, member.http(), member.voter()));
            }
        }
        return out;
    }

    /**
     * Takes the core's membership in force and whether it is committed. Returns the Raft address to
     * dial by id when it changed (the transport must be pointed there), or null when it did not.
     */
    Map<String, String> sync(Membership core, boolean committed) {
        if (committed && core != committedSynced) {
            committedSynced = core;
            Map<String, String> http = new HashMap<>();
            core.members().values().stream()
                    .filter(member -> member.http() != null)
                    .forEach(member -> http.put(member.id(), member.http()));
            if (!http.equals(committedHttp)) {
                committedHttp = Map.copyOf(http);
            }
        }
        if (core == synced) {
            return null;
        }
        synced = core;
        view = addressed(core);
        view.members().values().stream()
                .filter(member -> member.raft() != null)
                .forEach(member -> dialed.put(member.id(), flagPeers.getOrDefault(member.id(), member.raft())));
        return Map.copyOf(dialed);
    }

    /**
     * The HTTP address a committed membership records for a node; null if it records none. Safe from
     * any thread.
     */
    String httpAddress(String nodeId) {
        return committedHttp.get(nodeId);
    }

    /** Every HTTP address a committed membership records, by id. Safe from any thread. */
    Map<String, String> httpAddresses() {
        return committedHttp;
    }

    /** The members, each with the address this node dials (or listens on, for itself). */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Membership.Member member : view.members().values()) {
            String address = dialed.getOrDefault(member.id(), member.raft());
            b.append(b.isEmpty() ? "" : ", ")
                    .append(member.id())
                    .append(member.voter() ? "" : " (learner)")
                    .append(address == null ? "" : " at " + address);
        }
        return b.isEmpty() ? "none yet" : b.toString();
    }
}
