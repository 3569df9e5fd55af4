package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries Raft messages between peers. Delivery is best effort: messages may be dropped, and are
 * never duplicated; messages from one node to another arrive in the order sent, except that a large
 * InstallSnapshot (streamed in pieces) may be overtaken by later messages. Raft tolerates loss and
 * reordering, and retries (§5.3). All methods are non-blocking.
 *
 * <p>Threading: the transport belongs to the Vert.x context that calls {@link #start()} (the
 * owner's). The handler runs on that context. {@link #send} may be called from any thread.
 */
public interface Transport {

    /**
     * Starts listening for peers and connecting to them. Completes once the listener is bound (so a
     * bad or taken address fails here); connecting to peers goes on in the background.
     */
    Future<Void> start();

    /**
     * Queues {@code message} for {@code message.to()} and returns at once. The message is dropped,
     * without an error to the caller, when that peer is unknown or unreachable, when its queue is
     * full, or when the encoded message exceeds the maximum frame size.
     */
    void send(Message message);

    /**
     * Sets the receiver of every message that arrives from a peer; called on the owner's context, in
     * arrival order per connection. Set it before {@link #start()}; messages arriving with no handler
     * are dropped.
     */
    void handler(Consumer<Message> handler);

    /**
     * Replaces the peers to connect to (raft host:port by id; this node's own entry is ignored):
     * links to new peers open, links to peers no longer listed close, a changed address reconnects.
     * Called when the cluster's membership changes. Until then a peer without an address can still be
     * answered on a connection it opened.
     *
     * @throws IllegalArgumentException if an address is not host:port
     */
    void setPeers(Map<String, String> raftAddresses);

    /** Closes the listener and all connections; queued messages are dropped. */
    Future<Void> close();
}
