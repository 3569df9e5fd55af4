package io.raftkv.server.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound connection to one peer: connects, runs the handshake, writes frames in order, and on
 * any failure drops what it holds and reconnects after a capped, jittered exponential backoff. Runs
 * on the transport's context only.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    private enum State {
        WAITING,
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    private final String peerId;
    private final SocketAddress address;
    private final Vertx vertx;
    private final NetClient client;
    private final TransportOptions options;
    private final Connections connections;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    /** The chunks of a snapshot still to write: streamed as the socket drains, outside the queue limit. */
    private final ArrayDeque<Buffer> snapshot = new ArrayDeque<>();

    private State state = State.WAITING;
    private NetSocket socket;
    private long queuedBytes;
    private long backoffMillis;
    private long timer = -1;
    private boolean reportedDown;

    PeerLink(
            String peerId,
            SocketAddress address,
            Vertx vertx,
            NetClient client,
            TransportOptions options,
            Connections connections) {
        this.peerId = peerId;
        this.address = address;
        this.vertx = vertx;
        this.client = client;
        this.options = options;
        this.connections = connections;
        this.backoffMillis = options.minBackoffMillis();
    }

    void start() {
        connect();
    }

    /** Writes or queues one encoded frame; drops it if the peer is unreachable or the queue is full. */
    void send(Buffer frame) {
        switch (state) {
            case CONNECTED -> {
                if (queue.isEmpty() && !socket.writeQueueFull()) {
                    socket.write(frame);
                } else {
                    enqueue(frame);
                }
            }
            case CONNECTING -> enqueue(frame);
            case WAITING, CLOSED -> {} // unreachable: dropped, Raft will retry
        }
    }

    /**
     * Streams {@code chunks} (one snapshot) as the socket drains, replacing any snapshot still being
     * sent; messages sent meanwhile go between chunks. Dropped if the peer is unreachable.
     */
    void sendAll(List<Buffer> chunks) {
        if (state == State.CONNECTED || state == State.CONNECTING) {
            snapshot.clear();
            snapshot.addAll(chunks);
            flush();
        }
    }

    private void enqueue(Buffer frame) {
        if (queuedBytes + frame.length() <= options.maxQueuedBytes()) {
            queue.add(frame);
            queuedBytes += frame.length();
        }
    }

    private void connect() {
        state = State.CONNECTING;
        client.connect(address).onComplete(ar -> {
            if (state == State.CLOSED) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
            } else if (ar.failed()) {
                disconnected(null, ar.cause().getMessage());
            } else {
                connected(ar.result());
            }
        });
    }

    /** The socket is open; frames wait in the queue until the handshake is done. */
    private void connected(NetSocket s) {
        socket = s;
        s.drainHandler(v -> flush());
        connections.serve(s, peerId, () -> ready(s), () -> disconnected(s, "connection closed"));
    }

    private void ready(NetSocket s) {
        if (state != State.CONNECTING || socket != s) {
            return;
        }
        state = State.CONNECTED;
        backoffMillis = options.minBackoffMillis();
        if (reportedDown) {
            log.info("connected to peer {} at {}", peerId, address);
            reportedDown = false;
        }
        flush();
    }

    private void flush() {
        while (state == State.CONNECTED && !socket.writeQueueFull()) {
            Buffer frame = queue.poll();
            if (frame != null) {
                queuedBytes -= frame.length();
            } else if ((frame = snapshot.poll()) == null) {
                return;
            }
            socket.write(frame);
        }
    }

    private void disconnected(NetSocket s, String why) {
        if (state == State.CLOSED || socket != s) {
            return; // a stale socket's close, or already handled
        }
        if (!reportedDown) {
            log.info("peer {} at {} unreachable ({}); retrying", peerId, address, why);
            reportedDown = true;
        } else {
            log.debug("peer {} at {} still unreachable ({})", peerId, address, why);
        }
        socket = null;
        state = State.WAITING;
        queue.clear();
        queuedBytes = 0;
        snapshot.clear();
        long delay = backoffMillis / 2 + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
        backoffMillis = Math.min(backoffMillis * 2, options.maxBackoffMillis());
        timer = vertx.setTimer(Math.max(1, delay), id -> {
            timer = -1;
            if (state == State.WAITING) {
                connect();
            }
        });
    }

    Future<Void> close() {
        state = State.CLOSED;
        queue.clear();
        snapshot.clear();
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        NetSocket s = socket;
        socket = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
