package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one transport, inbound and outbound: reads and checks their frames (the
 * protocol in {@code package-info}), answers hellos, sends keepalives and closes connections that
 * break the protocol or fall silent. Runs on the transport's context only.
 */
final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    private static final Buffer KEEPALIVE = MessageCodec.encode(new Frame.Keepalive());

    private final String selfId;
    private final TransportOptions options;
    private final Buffer hello;
    private final Consumer<Message> deliver;
    private final Set<Connection> open = new HashSet<>();

    /** @param deliver receives every valid message addressed to this node */
    Connections(String selfId, TransportOptions options, Buffer hello, Consumer<Message> deliver) {
        this.selfId = selfId;
        this.options = options;
        this.hello = hello;
        this.deliver = deliver;
    }

    /**
     * Takes over {@code socket}: reads frames from it (a hello first, from {@code expectedPeer} when
     * this node dialed, then messages from that peer to this node), tracks its liveness and runs
     * {@code onClose} when it closes. An outbound connection's hello is written at once; an inbound
     * one answers the peer's.
     */
    void serve(NetSocket socket, String expectedPeer, Runnable onClose) {
        Connection c = new Connection(socket, expectedPeer);
        open.add(c);
        FrameDecoder decoder = new FrameDecoder(
                options.maxFrameBytes(),
                frame -> {
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
        if (expectedPeer != null) {
            socket.write(hello);
            c.helloSent = true;
        }
    }

    private void onFrame(Connection c, Frame frame) throws FrameException {
        if (frame instanceof Frame.Hello h) {
            if (c.peer != null) {
                throw new FrameException("second hello from " + c.peer);
            }
            if (c.expectedPeer != null && !c.expectedPeer.equals(h.id())) {
                throw new FrameException("expected peer " + c.expectedPeer + " but " + h.id() + " answered");
            }
            if (h.id().equals(selfId)) {
                throw new FrameException("peer claims this node's own id " + selfId);
            }
            c.peer = h.id();
            if (!c.helloSent) {
                c.socket.write(hello);
                c.helloSent = true;
            }
            return;
        }
        if (c.peer == null) {
            String what = frame instanceof Frame.Raft r
                    ? r.message().getClass().getSimpleName()
                    : frame.getClass().getSimpleName();
            throw new FrameException("a " + what + " arrived before the hello");
        }
        if (frame instanceof Frame.Raft r) {
            checkRoute(c, r.message().from(), r.message().to());
            deliver.accept(r.message());
        } else if (frame instanceof Frame.SnapshotChunk chunk) {
            checkRoute(c, chunk.from(), chunk.to());
            Message whole = c.snapshots.add(chunk);
            if (whole != null) {
                deliver.accept(whole);
            }
        }
        // a Keepalive has done its work: it refreshed lastReadNanos
    }

    private void checkRoute(Connection c, String from, String to) throws FrameException {
        if (!from.equals(c.peer) || !to.equals(selfId)) {
            throw new FrameException(
                    "message from " + from + " to " + to + " on the connection of " + c.peer + " to " + selfId);
        }
    }

    private void reject(Connection c, String reason) {
        log.warn("closing peer connection {}: {}", c.describe(), reason);
        c.socket.close();
    }

    /** Sends keepalives and closes connections that have been silent past the idle timeout. */
    void check() {
        long now = System.nanoTime();
        for (Connection c : List.copyOf(open)) {
            long silentMillis = (now - c.lastReadNanos) / 1_000_000;
            if (silentMillis > options.idleTimeoutMillis()) {
                log.info("closing peer connection {}: nothing heard for {} ms", c.describe(), silentMillis);
                c.socket.close();
            } else if (c.helloSent && !c.socket.writeQueueFull()) {
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
