package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over Vert.x TCP: a listener for inbound connections and one persistent outbound
 * connection per peer ({@link PeerLink}); {@link Connections} runs the protocol on every connection.
 * With a {@link ClusterSecret}, every connection must open with a proof of it, both ways. A
 * connection that fails that proof or sends a malformed, unknown or oversized frame is closed and
 * logged with its address; nothing else is affected.
 */
public final class TcpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final Vertx vertx;
    private final String selfId;
    private final SocketAddress listenAddress;
    private final Map<String, SocketAddress> peers = new LinkedHashMap<>();

    private final TransportOptions options;
    private final ClusterSecret secret;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    private Connections connections;
    private volatile Consumer<Message> handler;
    private volatile Context context;
    private NetServer server;
    private NetClient client;
    private boolean closed;
    private long keepaliveTimer = -1;

    /** Snapshot data per chunk frame: large enough to stream fast, small enough to interleave. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;

    /**
     * @param peerRaftAddresses every member's raft address as host:port by id, this node's included
     *     (it is the address to listen on)
     * @param secret the cluster secret peers must prove they know, and this node proves to them; null
     *     to take every peer at its word
     * @throws IllegalArgumentException if this node is missing from the map or an address is not
     *     host:port
     */
    public TcpTransport(
            Vertx vertx,
            String selfId,
            Map<String, String> peerRaftAddresses,
            TransportOptions options,
            ClusterSecret secret) {
        this(vertx, selfId, null, peerRaftAddresses, options, secret);
    }

    /**
     * As above, but listening on {@code listenAddress} (host:port) instead of this node's entry in
     * {@code peerRaftAddresses}, for when peers reach this node through another address (a proxy, a
     * published port, a wildcard bind).
     */
    public TcpTransport(
            Vertx vertx,
            String selfId,
            String listenAddress,
            Map<String, String> peerRaftAddresses,
            TransportOptions options,
            ClusterSecret secret) {
        this.vertx = Objects.requireNonNull(vertx);
        this.selfId = Objects.requireNonNull(selfId);
        this.options = Objects.requireNonNull(options);
        this.secret = secret;
        if (!peerRaftAddresses.containsKey(selfId)) {
            throw new IllegalArgumentException("peer addresses " + peerRaftAddresses + " lack this node " + selfId);
        }
        for (var e : peerRaftAddresses.entrySet()) {
            peers.put(e.getKey(), parseAddress(e.getKey(), e.getValue()));
        }
        SocketAddress own = peers.remove(selfId);
        this.listenAddress = listenAddress == null ? own : parseAddress(selfId, listenAddress);
    }

    static SocketAddress parseAddress(String id, String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address of " + id + " must be host:port, got " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address of " + id + " has a bad port: " + hostPort);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address of " + id + " has a bad port: " + hostPort);
        }
        return SocketAddress.inetSocketAddress(port, host);
    }

    @Override
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> doStart().onComplete(started));
        return started.future();
    }

    private Future<Void> doStart() {
        connections = new Connections(selfId, options, secret, this::deliver, this::snapshotAcked);
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        server.connectHandler(this::accept);
        client = vertx.createNetClient(
                new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(options.connectTimeoutMillis()));
        return server.listen(listenAddress)
                .recover(t -> Future.failedFuture(new IllegalStateException(
                        "cannot listen for peers on " + listenAddress + ": " + t.getMessage(), t)))
                .map(s -> {
                    log.info("node {} listening for peers on {}", selfId, listenAddress);
                    keepaliveTimer = vertx.setPeriodic(options.keepaliveMillis(), id -> connections.check());
                    peers.forEach(this::openLink);
                    return null;
                });
    }

    private void openLink(String id, SocketAddress address) {
        if (links.containsKey(id)) {
            return; // opened by setPeers while the listener was still binding
        }
        PeerLink link = new PeerLink(
                id,
                address,
                vertx,
                client,
                options,
                connections,
                Math.min(SNAPSHOT_CHUNK_BYTES, options.maxFrameBytes() / 2));
        links.put(id, link);
        link.start();
    }

    @Override
    public void setPeers(Map<String, String> raftAddresses) {
        Map<String, SocketAddress> next = new LinkedHashMap<>();
        raftAddresses.forEach((id, address) -> {
            if (!id.equals(selfId)) {
                next.put(id, parseAddress(id, address));
            }
        });
        Context ctx = context;
        if (ctx == null) {
            peers.clear();
            peers.putAll(next);
        } else {
            ctx.runOnContext(v -> applyPeers(next));
        }
    }

    private void applyPeers(Map<String, SocketAddress> next) {
        if (closed) {
            return;
        }
        for (String id : List.copyOf(peers.keySet())) {
            if (!next.containsKey(id) || !next.get(id).equals(peers.get(id))) {
                peers.remove(id);
                PeerLink link = links.remove(id);
                if (link != null) {
                    link.close();
                }
            }
        }
        next.forEach((id, address) -> {
            if (!peers.containsKey(id)) {
                log.info("node {} now connects to peer {} at {}", selfId, id, address);
                peers.put(id, address);
                openLink(id, address);
            }
        });
    }

    /** The port the listener is bound to (after {@link #start()}). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public void send(Message message) {
        Context ctx = context;
        if (ctx == null) {
            return; // not started: dropped
        }
        if (Vertx.currentContext() == ctx) {
            doSend(message);
        } else {
            ctx.runOnContext(v -> doSend(message));
        }
    }

    private void doSend(Message message) {
        if (closed) {
            return;
        }
        if (message.to().equals(selfId)) {
            context.runOnContext(v -> deliver(message));
            return;
        }
        PeerLink link = links.get(message.to());
        if (link == null) {
            if (message instanceof Message.InstallSnapshot || !replyInbound(message)) {
                log.debug("dropping {} to unknown peer {}", message.getClass().getSimpleName(), message.to());
            }
            return;
        }
        if (message instanceof Message.InstallSnapshot snapshot) {
            link.sendSnapshot(snapshot);
            return;
        }
        Buffer frame;
        try {
            frame = MessageCodec.encode(message);
        } catch (RuntimeException e) {
            log.error("dropping {} to {}: cannot encode it", message.getClass().getSimpleName(), message.to(), e);
            return;
        }
        if (frame.length() - MessageCodec.LENGTH_BYTES > options.maxFrameBytes()) {
            log.error(
                    "dropping {} to {}: {} bytes exceed the maximum frame size {}",
                    message.getClass().getSimpleName(),
                    message.to(),
                    frame.length() - MessageCodec.LENGTH_BYTES,
                    options.maxFrameBytes());
            return;
        }
        link.send(frame);
    }

    private void snapshotAcked(Frame.SnapshotAck ack) {
        PeerLink link = links.get(ack.from());
        if (link != null) {
            link.snapshotAcked(ack);
        }
    }

    /** Answers a peer with no known address on the connection it opened, if any. */
    private boolean replyInbound(Message message) {
        try {
            return connections.writeInbound(message.to(), MessageCodec.encode(message));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void handler(Consumer<Message> handler) {
        this.handler = handler;
    }

    private void accept(NetSocket socket) {
        if (closed) {
            socket.close();
            return;
        }
        connections.serve(socket, null, () -> {}, () -> {});
    }

    private void deliver(Message m) {
        Consumer<Message> h = handler;
        if (h == null || closed) {
            return;
        }
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> deliver(m));
            return;
        }
        try {
            h.accept(m);
        } catch (RuntimeException e) {
            log.error("message handler failed on {}", m, e);
        }
    }

    @Override
    public Future<Void> close() {
        Context ctx = context;
        if (ctx == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> {
            closed = true;
            if (keepaliveTimer != -1) {
                vertx.cancelTimer(keepaliveTimer);
            }
            List<Future<?>> all = new ArrayList<>();
            links.values().forEach(l -> all.add(l.close()));
            if (connections != null) {
                all.addAll(connections.closeAll());
            }
            if (server != null) {
                all.add(server.close());
            }
            if (client != null) {
                all.add(client.close());
            }
            Future.join(all).<Void>mapEmpty().onComplete(done);
        });
        return done.future();
    }
}
