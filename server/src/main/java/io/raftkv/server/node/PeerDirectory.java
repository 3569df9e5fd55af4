package io.raftkv.server.node;

import io.raftkv.server.raft.Membership;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the members are. The core's membership may lack addresses (members named by flags carry
 * none); this fills them in from {@code --peers} and from the HTTP addresses peers announce, keeps
 * the result as a view other threads may read, and remembers the Raft address to dial for every
 * node that was a member while this one ran (removed nodes stay reachable: the leader still tells
 * them of their removal).
 */
final class PeerDirectory {
    private final Map<String, String> flagPeers;
    private final Supplier<Map<String, String>> announcedHttp;
    private final Map<String, String> dialed = new HashMap<>();
    private Membership synced; // the core's membership the dial map was last built for
    private volatile Membership view = Membership.EMPTY;

    /**
     * @param flagPeers the Raft addresses of {@code --peers}, by id: where this node dials them, even
     *     when the membership says otherwise (they may name a proxy or a route that differs from node
     *     to node)
     * @param announcedHttp the HTTP addresses peers announced, by id
     */
    PeerDirectory(Map<String, String> flagPeers, Supplier<Map<String, String>> announcedHttp) {
        this.flagPeers = Map.copyOf(flagPeers);
        this.announcedHttp = announcedHttp;
    }

    /** The membership in force with every address known. Safe from any thread. */
    Membership view() {
        return view;
    }

    /** {@code m} with the addresses it lacks filled in from the flags and peers' announcements. */
    Membership addressed(Membership m) {
        Map<String, String> http = announcedHttp.get();
        Membership out = m;
        for (Membership.Member member : m.members().values()) {
            String raft = member.raft() != null ? member.raft() : flagPeers.get(member.id());
            String h = member.http() != null ? member.http() : http.get(member.id());
            if (!Objects.equals(raft, member.raft()) || !Objects.equals(h, member.http())) {
                out = out.with(new Membership.Member(member.id(), raft, h, member.voter()));
            }
        }
        return out;
    }

    /**
     * Takes the core's membership in force. Returns the Raft address to dial by id when it changed
     * (the transport must be pointed there), or null when it did not.
     */
    Map<String, String> sync(Membership core) {
        if (core == synced) {
            if (view.members().values().stream().anyMatch(member -> member.http() == null)) {
                view = addressed(core); // HTTP addresses learned from announcements since
            }
            return null;
        }
        synced = core;
        view = addressed(core);
        view.members().values().stream()
                .filter(member -> member.raft() != null)
                .forEach(member -> dialed.put(member.id(), flagPeers.getOrDefault(member.id(), member.raft())));
        return Map.copyOf(dialed);
    }

    /** The HTTP address a node announced, or the one its membership entry gives; null if unknown. */
    String httpAddress(String nodeId) {
        String announced = announcedHttp.get().get(nodeId);
        if (announced != null) {
            return announced;
        }
        Membership.Member m = view.get(nodeId);
        return m == null ? null : m.http();
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
