/**
 * Peer-to-peer transport of Raft messages over TCP, and its wire format.
 *
 * <h2>Connections</h2>
 *
 * Every node listens on its raft address and keeps one outbound connection to each peer, over which
 * it sends all its messages to that peer; a node's messages to a peer therefore arrive in the order
 * sent, and messages in the other direction use the peer's own connection. Both sides open with the
 * handshake below, then each sends a Keepalive every {@code keepaliveMillis}. A side that hears nothing for
 * {@code idleTimeoutMillis} closes the connection, so a link silently cut (a firewall dropping
 * packets, a paused peer) is redialed soon after it heals rather than when TCP gives up. A failed
 * or closed outbound connection is redialed after a jittered exponential backoff, capped; messages
 * for a peer that is not connected are dropped (Raft retries, §5.3).
 *
 * <h2>Handshake</h2>
 *
 * The dialer sends a Hello with its id and a fresh 32-byte random nonce; the listener answers with its
 * own Hello and nonce. With a cluster secret ({@link io.raftkv.server.transport.ClusterSecret}), each
 * side then sends a Proof: HMAC-SHA256 under the secret of a fixed label, its role (dialer or
 * listener), the dialer's id, the listener's id, the dialer's nonce and the listener's nonce, each
 * length-prefixed. The listener sends its Proof right after its Hello, the dialer as soon as it has
 * the listener's Hello; each checks the other's in constant time, and nothing but a Proof may follow
 * a Hello until the peer's Proof checked out. Fresh nonces on both sides mean a recorded Proof is
 * worth nothing on another connection; the role in it means a side's own Proof sent back to it fails.
 * A dialer queues its messages until the handshake is done. A connection whose Proof is wrong or
 * missing, or whose handshake is not done within {@code idleTimeoutMillis}, is closed with a warning
 * naming the remote address and the id its Hello claimed; nothing else is affected. Without a cluster
 * secret the nonce is empty and no Proofs are sent: a peer is whoever its Hello says. A node with a
 * secret and one without refuse each other.
 *
 * <p>The handshake proves who opened a connection, not what crosses it afterwards: an attacker that
 * can alter TCP traffic between two members needs TLS to be kept out. No HTTP address crosses the
 * peer protocol: followers forward client requests only to addresses in the committed membership.
 *
 * <h2>Frames</h2>
 *
 * <pre>
 * frame:  length int (bytes after this field, at least 1, at most maxFrameBytes), type byte, payload
 * string: length int, UTF-8 bytes
 * bool:   byte 0 or 1
 *
 * type 0 Hello          id string, nonce length int (0 or 32), nonce bytes
 * type 9 Proof          mac length int (32), mac bytes
 * type 1 VoteRequest    from string, to string, term long, lastLogIndex long, lastLogTerm long, preVote bool,
 *                       transfer bool
 * type 2 VoteResponse   from string, to string, term long, granted bool, preVote bool
 * type 3 AppendRequest  from string, to string, term long, prevLogIndex long, prevLogTerm long,
 *                       count int, count x entry, leaderCommit long, readContext long
 *        entry          term long, index long, type byte (1 NORMAL, 2 NOOP), data length int, data bytes
 * type 4 AppendResponse from string, to string, term long, success bool, matchIndex long,
 *                       conflictIndex long, conflictTerm long, readContext long
 * type 5 Keepalive      (empty)
 * type 6 TimeoutNow     from string, to string, term long
 * type 7 InstallSnapshot from string, to string, term long, index long, snapshotTerm long,
 *                       data length int, data bytes, readContext long
 * type 8 SnapshotChunk  from string, to string, term long, index long, snapshotTerm long,
 *                       readContext long, total long, offset long, data length int, data bytes
 * type 10 SnapshotAck   from string, to string, term long, index long, snapshotTerm long, total long,
 *                       offset long, held long
 * </pre>
 *
 * An InstallSnapshot is sent as a run of SnapshotChunk frames of at most 1 MiB of data (or half
 * the maximum frame), encoded one at a time as the socket drains and outside the per-peer queue
 * limit, so a snapshot of any size (up to 1 GiB) crosses frames of bounded size. Other messages may
 * go between the chunks. The receiver answers each chunk, on the connection it came over, with a
 * SnapshotAck saying how many bytes of that transfer (the snapshot's index, term and size, in the
 * leader's term) it holds from the start, and delivers one InstallSnapshot once it holds all of them.
 * The receiver keeps a partial transfer across connections; a chunk that starts at or before the end
 * of what it holds continues it, a chunk at offset 0 of another snapshot replaces it, and any other
 * chunk is ignored (its SnapshotAck tells the sender where the receiver's bytes end).
 *
 * <p>The sender never starts a transfer over while it is under way: the same snapshot sent again in
 * the same term (the Raft core does so each time a transfer outlasts its election timeout) is
 * ignored while that connection streams it. A transfer restarts only when the snapshot or the term
 * changed, or after the connection broke (a stalled link is closed by the idle timeout); it then
 * resumes from the last acknowledged byte. A SnapshotAck whose held is below its chunk's offset (the
 * receiver lost its partial transfer, say it restarted) sends the sender back to held.
 *
 * All integers are big-endian. A frame must be consumed exactly by its fields.
 *
 * <h2>Errors</h2>
 *
 * A frame that is too long (checked from its length field, before any of it is buffered), of an
 * unknown type, truncated, with trailing bytes or an impossible field; any frame before the
 * handshake is done; a second Hello; a failed handshake; or a message whose sender is not the
 * connection's peer or whose recipient is not this node closes that connection with a warning naming
 * the remote address and the reason. Nothing else is affected.
 */
package io.raftkv.server.transport;
