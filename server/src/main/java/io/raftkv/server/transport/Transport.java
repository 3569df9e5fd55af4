package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Consumer;

/** Peer-to-peer delivery of Raft messages. Placeholder until the TCP transport lands. */
public interface Transport {

    Future<Void> start();

    /** Queues {@code message} for its recipient; never blocks; may drop. */
    void send(Message message);

    void handler(Consumer<Message> handler);

    /** The HTTP address each peer announced, by id. */
    Map<String, String> peerHttp();

    Future<Void> close();
}
