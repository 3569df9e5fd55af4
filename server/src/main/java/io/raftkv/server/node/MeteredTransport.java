package io.raftkv.server.node;

import io.raftkv.server.raft.Message;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Consumer;

/** A {@link Transport} that counts the messages sent and received by type; otherwise the same. */
final class MeteredTransport implements Transport {
    private final Transport transport;
    private final NodeMetrics metrics;

    MeteredTransport(Transport transport, NodeMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> start() {
        return transport.start();
    }

    @Override
    public void send(Message message) {
        metrics.sent(message);
        transport.send(message);
    }

    @Override
    public void handler(Consumer<Message> handler) {
        transport.handler(message -> {
            metrics.received(message);
            handler.accept(message);
        });
    }

    @Override
    public void setPeers(Map<String, String> raftAddresses) {
        transport.setPeers(raftAddresses);
    }

    @Override
    public Future<Void> close() {
        return transport.close();
    }
}
