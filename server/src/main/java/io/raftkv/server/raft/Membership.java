package io.raftkv.server.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's members (thesis ch. 4), keyed by stable id. Voters elect leaders and make up
 * quorums; learners only receive the log, and a leader promotes each learner to voter once it has
 * caught up. Addresses are opaque to the core and may be null (members configured by flags).
 *
 * <p>A configuration takes effect on each server as soon as its entry ({@link EntryType#CONFIG})
 * is in that server's log, committed or not (thesis §4.1); changes go one server at a time, so any
 * majority of the old voters overlaps any majority of the new ones.
 */
public record Membership(SortedMap<String, Member> members) {

    /** One member: {@code raft} is the peer address, {@code http} the client API address. */
    public record Member(String id, String raft, String http, boolean voter) {
        public Member {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a member needs an id");
            }
        }

        public Member asVoter() {
            return new Member(id, raft, http, true);
        }
    }

    public static final Membership EMPTY = new Membership(new TreeMap<>());

    private static final int FORMAT = 1;

    public Membership {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        members.forEach((id, m) -> {
            if (!id.equals(m.id())) {
                throw new IllegalArgumentException("member " + m + " filed under " + id);
            }
        });
    }

    /** Voters with the given ids and unknown addresses. */
    public static Membership ofVoters(Collection<String> ids) {
        var out = new TreeMap<String, Member>();
        for (String id : ids) {
            out.put(id, new Member(id, null, null, true));
        }
        return new Membership(out);
    }

    public Set<String> voters() {
        var out = new TreeSet<String>();
        members.values().stream().filter(Member::voter).forEach(m -> out.add(m.id()));
        return out;
    }

    public Set<String> learners() {
        var out = new TreeSet<String>();
        members.values().stream().filter(m -> !m.voter()).forEach(m -> out.add(m.id()));
        return out;
    }

    public boolean contains(String id) {
        return members.containsKey(id);
    }

    public boolean isVoter(String id) {
        Member m = members.get(id);
        return m != null && m.voter();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The member with that id, or null. */
    public Member get(String id) {
        return members.get(id);
    }

    /** This membership with {@code m} added or replacing the member of the same id. */
    public Membership with(Member m) {
        var out = new TreeMap<>(members);
        out.put(m.id(), m);
        return new Membership(out);
    }

    public Membership without(String id) {
        var out = new TreeMap<>(members);
        out.remove(id);
        return new Membership(out);
    }

    /**
     * Whether going from {@code from} to this is one single-server change (thesis §4.1): exactly one
     * member added, removed or promoted, and at least one voter left. Addresses may differ too (they
     * play no part in quorums), so a change of addresses alone, with the same members, is one too.
     */
    public boolean isSingleChangeFrom(Membership from) {
        if (voters().isEmpty()) {
            return false;
        }
        var ids = new TreeSet<>(members.keySet());
        ids.addAll(from.members.keySet());
        int changed = 0;
        for (String id : ids) {
            Member now = members.get(id);
            Member before = from.members.get(id);
            if (now == null || before == null || now.voter() != before.voter()) {
                changed++;
            }
        }
        return changed == 1 || (changed == 0 && !members.equals(from.members));
    }

    /** The binary form carried by {@link EntryType#CONFIG} entries and snapshots. */
    public byte[] encode() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(members.size());
            for (Member m : members.values()) {
                out.writeUTF(m.id());
                out.writeBoolean(m.voter());
                writeNullable(out, m.raft());
                writeNullable(out, m.http());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #encode()}'s form; {@link IllegalArgumentException} if it is not one. */
    public static Membership decode(byte[] data) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("unknown membership format");
            }
            int n = in.readInt();
            if (n < 0 || n > data.length) {
                throw new IllegalArgumentException("bad member count " + n);
            }
            var out = new TreeMap<String, Member>();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                boolean voter = in.readBoolean();
                out.put(id, new Member(id, readNullable(in), readNullable(in), voter));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after the membership");
            }
            return new Membership(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated membership", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public String toString() {
        return "Membership" + voters() + (learners().isEmpty() ? "" : " learners" + learners());
    }
}
