package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;

/** One decoded frame of the peer protocol. */
public sealed interface Frame {

    /**
     * First frame on every connection, in both directions: who is speaking, and a fresh random nonce
     * of {@link ClusterSecret#NONCE_BYTES} for the proofs that follow, or an empty one from a node
     * without a cluster secret.
     */
    record Hello(String id, byte[] nonce) implements Frame {}

    /**
     * Second frame in each direction between nodes with a cluster secret: the sender's proof that it
     * knows the secret, bound to this connection's ids and nonces ({@link ClusterSecret}).
     */
    record Proof(byte[] mac) implements Frame {}

    /**
     * Sent by both sides of a connection at a fixed interval after their hello, so that a side that
     * hears nothing for the idle timeout knows the link is dead even when TCP does not (a peer behind a
     * firewall that drops packets, a paused process) and reconnects.
     */
    record Keepalive() implements Frame {}

    /**
     * One piece of an InstallSnapshot, which is sent as a run of these so that a snapshot of any size
     * fits frames of bounded size; the receiver delivers the whole message once the last piece
     * arrives. {@code data} holds bytes {@code offset..offset+data.length} of the {@code total}.
     */
    record SnapshotChunk(
            String from,
            String to,
            long term,
            long index,
            long snapshotTerm,
            long readContext,
            long total,
            long offset,
            byte[] data)
            implements Frame {}

    /**
     * The receiver's answer to a {@link SnapshotChunk}: of that transfer it now holds the first {@code
     * held} bytes of {@code total}. {@code held < offset} (the chunk's) means it lacks the bytes before
     * that chunk, and the sender goes back to {@code held}; {@code held == total} means it has it all.
     */
    record SnapshotAck(
            String from, String to, long term, long index, long snapshotTerm, long total, long offset, long held)
            implements Frame {}

    /** A Raft message. */
    record Raft(Message message) implements Frame {}
}
