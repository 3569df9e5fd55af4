package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
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
    private final int chunkBytes;

    /**
     * The snapshot being streamed on this connection, chunk by chunk as the socket drains and outside
     * the queue limit, until the peer acknowledges all of it; null if none.
     */
    private Message.InstallSnapshot snapshot;
    /** Offset of its next chunk to write. */
    private long nextOffset;
    /** Whether any of its chunks went out (a snapshot of no bytes is one empty chunk). */
    private boolean wroteChunk;
    /** Acknowledgements of chunks written before {@link #nextOffset} went back to this are stale. */
    private long rewoundFrom;
    /** The transfer the peer last acknowledged, and how many bytes of it it holds: where to resume. */
    private SnapshotId acked;

    private long ackedBytes;

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
            Connections connections,
            int chunkBytes) {
        this.peerId = peerId;
        this.chunkBytes = chunkBytes;
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
     * Streams {@code m} in chunks as the socket drains; messages sent meanwhile go between chunks.
     * The same snapshot sent again in the same term while it is under way on this connection changes
     * nothing: the transfer goes on. Otherwise the transfer starts where the peer's acknowledgements
     * left off (after a reconnection), or from the start, replacing any other snapshot being sent.
     * Dropped if the peer is unreachable.
     */
    void sendSnapshot(Message.InstallSnapshot m) {
        if (state != State.CONNECTED && state != State.CONNECTING) {
            return;
        }
        SnapshotId id = SnapshotId.of(m);
        if (snapshot != null && SnapshotId.of(snapshot).equals(id)) {
            return;
        }
        snapshot = m;
        nextOffset = id.equals(acked) && ackedBytes < id.total() ? ackedBytes : 0;
        rewoundFrom = nextOffset;
        wroteChunk = false;
        if (nextOffset > 0) {
            log.info("resuming snapshot {} to peer {} at byte {} of {}", m.snapshot(), peerId, nextOffset, id.total());
        }
        flush();
    }

    /** The peer holds {@code ack.held()} bytes of a transfer: resume there, go back to fill a gap, or finish. */
    void snapshotAcked(Frame.SnapshotAck ack) {
        SnapshotId id = SnapshotId.of(ack);
        acked = id;
        ackedBytes = ack.held();
        if (snapshot == null || !SnapshotId.of(snapshot).equals(id)) {
            return;
        }
        if (ack.held() >= id.total()) {
            snapshot = null; // all there: a later send of it starts over (the peer may have lost it)
        } else if (ack.held() < ack.offset() && ack.offset() >= rewoundFrom) {
            // The peer lacks what came before this chunk (it lost a partial transfer): go back.
            rewoundFrom = nextOffset;
            nextOffset = ack.held();
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
            } else if (snapshot != null && (nextOffset < snapshot.snapshot().data().length || !wroteChunk)) {
                frame = MessageCodec.encodeChunk(snapshot, nextOffset, chunkBytes);
                nextOffset += Math.min(chunkBytes, snapshot.snapshot().data().length - nextOffset);
                wroteChunk = true;
            } else {
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
        snapshot = null; // what the peer acknowledged stays, to resume from
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
        snapshot = null;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        NetSocket s = socket;
        socket = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
