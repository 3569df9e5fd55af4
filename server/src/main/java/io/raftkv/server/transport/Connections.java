package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one transport, inbound and outbound: reads and checks their frames (the
 * protocol in {@code package-info}), runs the handshake, sends keepalives and closes connections
 * that break the protocol, fail the handshake or fall silent. Runs on the transport's context only.
 */
final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    private static final Buffer KEEPALIVE = MessageCodec.encode(new Frame.Keepalive());
    private static final byte[] NO_NONCE = new byte[0];
    /** A misconfigured peer redials every second or so: one warning a minute is enough. */
    private static final long REPEAT_WARNING_NANOS = 60_000_000_000L;

    private final String selfId;
    private final TransportOptions options;
    private final ClusterSecret secret;
    private final Consumer<Message> deliver;
    private final Consumer<Frame.SnapshotAck> snapshotAcked;
    private final Set<Connection> open = new HashSet<>();
    /** The snapshot being received, whichever connection its chunks come over. */
    private final SnapshotAssembly snapshots = new SnapshotAssembly();

    private final RepeatedWarnings refusals = new RepeatedWarnings(REPEAT_WARNING_NANOS);

    /**
     * @param secret the cluster secret each peer must prove it knows, or null to take any peer at its
     *     word
     * @param deliver receives every valid message addressed to this node
     * @param snapshotAcked receives every valid acknowledgement of a snapshot chunk this node sent
     */
    Connections(
            String selfId,
            TransportOptions options,
            ClusterSecret secret,
            Consumer<Message> deliver,
            Consumer<Frame.SnapshotAck> snapshotAcked) {
        this.selfId = selfId;
        this.options = options;
        this.secret = secret;
        this.deliver = deliver;
        this.snapshotAcked = snapshotAcked;
    }

    /**
     * Takes over {@code socket}: runs the handshake (hellos, then proofs with a cluster secret), then
     * reads messages from the peer to this node, tracks the connection's liveness and runs {@code
     * onClose} when it closes. An outbound connection (to {@code expectedPeer}) writes its hello at
     * once; an inbound one answers the peer's. {@code onReady} runs once this side may send messages:
     * with a cluster secret, once the peer proved it; without, at once on an outbound connection.
     */
    void serve(NetSocket socket, String expectedPeer, Runnable onReady, Runnable onClose) {
        Connection c = new Connection(socket, expectedPeer, secret == null ? NO_NONCE : ClusterSecret.nonce(), onReady);
        open.add(c);
        FrameDecoder decoder = new FrameDecoder(
                options.maxFrameBytes(),
                frame -> {
                    if (c.rejected) {
                        return;
                    }
                    try {
                        onFrame(c, frame);
                    } catch (FrameException e) {
                        reject(c, e.getMessage());
                    }
                },
                e -> reject(c, e.getMessage()));
        socket.handler(chunk -> {
            c.lastReadNanos = System.nanoTime();
            decoder.handle(chunk);
        });
        socket.closeHandler(v -> {
            open.remove(c);
            onClose.run();
        });
        socket.exceptionHandler(t -> {
            log.debug("peer connection {}: {}", c.describe(), t.toString());
            socket.close();
        });
        if (c.outbound()) {
            sayHello(c);
            if (secret == null) {
                c.ready();
            }
        }
    }

    private void sayHello(Connection c) {
        c.socket.write(MessageCodec.encode(new Frame.Hello(selfId, c.nonce)));
        c.helloSent = true;
    }

    private void onFrame(Connection c, Frame frame) throws FrameException {
        if (frame instanceof Frame.Hello h) {
            onHello(c, h);
            return;
        }
        if (frame instanceof Frame.Proof p) {
            onProof(c, p);
            return;
        }
        if (c.peer == null) {
            String what = frame instanceof Frame.Raft r
                    ? r.message().getClass().getSimpleName()
                    : frame.getClass().getSimpleName();
            throw new FrameException("a " + what + " arrived before the " + (secret == null ? "hello" : "handshake"));
        }
        if (frame instanceof Frame.Raft r) {
            checkRoute(c, r.message().from(), r.message().to());
            deliver.accept(r.message());
        } else if (frame instanceof Frame.SnapshotChunk chunk) {
            checkRoute(c, chunk.from(), chunk.to());
            Message whole = snapshots.add(chunk);
            // Told after every chunk, so that after a reconnection the sender resumes from here.
            c.socket.write(MessageCodec.encode(new Frame.SnapshotAck(
                    selfId,
                    chunk.from(),
                    chunk.term(),
                    chunk.index(),
                    chunk.snapshotTerm(),
                    chunk.total(),
                    chunk.offset(),
                    snapshots.held())));
            if (whole != null) {
                deliver.accept(whole);
            }
        } else if (frame instanceof Frame.SnapshotAck ack) {
            checkRoute(c, ack.from(), ack.to());
            snapshotAcked.accept(ack);
        }
        // a Keepalive has done its work: it refreshed lastReadNanos
    }

    private void onHello(Connection c, Frame.Hello h) throws FrameException {
        if (c.claimed != null) {
            throw new FrameException("second hello");
        }
        c.claimed = h.id();
        if (c.outbound() && !c.expectedPeer.equals(h.id())) {
            throw new FrameException("expected peer " + c.expectedPeer + " but " + h.id() + " answered");
        }
        if (h.id().equals(selfId)) {
            throw new FrameException("peer claims this node's own id " + selfId);
        }
        if (secret != null && h.nonce().length == 0) {
            throw new FrameException("the peer offers no cluster-secret proof (it runs without a cluster secret)");
        }
        if (secret == null && h.nonce().length != 0) {
            throw new FrameException("the peer asks for a cluster-secret proof, and this node has no cluster secret");
        }
        c.peerNonce = h.nonce();
        if (!c.helloSent) {
            sayHello(c);
        }
        if (secret == null) {
            c.peer = h.id();
            c.ready();
            return;
        }
        // Both nonces are known now: prove this side, then wait for the peer's proof.
        c.socket.write(MessageCodec.encode(new Frame.Proof(proof(c, c.outbound()))));
        c.proofSent = true;
    }

    private void onProof(Connection c, Frame.Proof p) throws FrameException {
        if (secret == null || c.claimed == null || c.peer != null) {
            throw new FrameException("a Proof arrived out of turn");
        }
        if (!MessageDigest.isEqual(p.mac(), proof(c, !c.outbound()))) {
            throw new FrameException("wrong cluster-secret proof: the peer has another cluster secret, or none");
        }
        c.peer = c.claimed;
        log.debug("peer connection {}: cluster secret proven", c.describe());
        c.ready();
    }

    /** The proof of the side that dialed ({@code dialer}) or listened on connection {@code c}. */
    private byte[] proof(Connection c, boolean dialer) {
        String dialerId = c.outbound() ? selfId : c.claimed;
        String listenerId = c.outbound() ? c.claimed : selfId;
        byte[] dialerNonce = c.outbound() ? c.nonce : c.peerNonce;
        byte[] listenerNonce = c.outbound() ? c.peerNonce : c.nonce;
        return secret.proof(dialer, dialerId, listenerId, dialerNonce, listenerNonce);
    }

    private void checkRoute(Connection c, String from, String to) throws FrameException {
        if (!from.equals(c.peer) || !to.equals(selfId)) {
            throw new FrameException(
                    "message from " + from + " to " + to + " on the connection of " + c.peer + " to " + selfId);
        }
    }

    private void reject(Connection c, String reason) {
        if (c.rejected) {
            return;
        }
        c.rejected = true;
        // Per peer and reason: the remote port changes with every redial, the claimed id does not.
        String who = c.peer != null
                ? c.peer
                : c.claimed != null ? c.claimed : c.socket.remoteAddress().host();
        long heldBack = refusals.admit(who + ": " + reason, System.nanoTime());
        if (heldBack < 0) {
            log.debug("closing peer connection {}: {}", c.describe(), reason);
        } else if (heldBack == 0) {
            log.warn("closing peer connection {}: {}", c.describe(), reason);
        } else {
            log.warn(
                    "closing peer connection {}: {} ({} more times in the last minute)",
                    c.describe(),
                    reason,
                    heldBack);
        }
        c.socket.close();
    }

    /**
     * Sends keepalives; closes connections that have been silent past the idle timeout, or that
     * have not finished their handshake within it.
     */
    void check() {
        long now = System.nanoTime();
        for (Connection c : List.copyOf(open)) {
            long silentMillis = (now - c.lastReadNanos) / 1_000_000;
            long openMillis = (now - c.openedNanos) / 1_000_000;
            if (silentMillis > options.idleTimeoutMillis()) {
                log.info("closing peer connection {}: nothing heard for {} ms", c.describe(), silentMillis);
                c.socket.close();
            } else if (c.peer == null && openMillis > options.idleTimeoutMillis()) {
                reject(c, "no handshake within " + openMillis + " ms");
            } else if (c.helloSent && (secret == null || c.proofSent) && !c.socket.writeQueueFull()) {
                c.socket.write(KEEPALIVE);
            }
        }
    }

    /**
     * Writes {@code frame} on an inbound connection from {@code peer}, for a peer this node has no
     * address for yet (a leader talking to a node that is joining); false if there is none.
     */
    boolean writeInbound(String peer, Buffer frame) {
        for (Connection c : open) {
            if (c.expectedPeer == null && peer.equals(c.peer) && !c.socket.writeQueueFull()) {
                c.socket.write(frame);
                return true;
            }
        }
        return false;
    }

    List<Future<Void>> closeAll() {
        return List.copyOf(open).stream().map(c -> c.socket.close()).toList();
    }
}
