package io.raftkv.server.testing;

import io.raftkv.server.raft.Message;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Transports that deliver messages in memory between nodes of one JVM; links can be cut.
 *
 * <p>For tests of whole nodes ({@code RaftNode} with storage, state machine and HTTP on Vert.x) that
 * do not need real sockets: delivery is asynchronous on each node's context, in real time. Tests of
 * the Raft core alone use the synchronous, clock-free networks of {@code io.raftkv.server.raft}:
 * {@code TestNetwork} for exact scenarios, {@code SimNetwork} for the seeded fault simulation.
 */
public final class MemoryNetwork {
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final List<Predicate<Message>> dropped = new CopyOnWriteArrayList<>();

    /** Drops all messages to and from {@code id} until {@link #heal()}. */
    public void isolate(String id) {
        isolated.add(id);
    }

    /**
     * Drops every AppendEntries that carries entries and is sent to ({@code to}) or by ({@code from})
     * the given node, null for any, until {@link #heal()}. Heartbeats still pass, so leadership and
     * the known leader stay as they are however long a test takes, while no entry reaches those
     * followers: unlike {@link #isolate}, which makes a leader step down an election timeout later.
     */
    public void dropEntries(String from, String to) {
        dropped.add(m -> m instanceof Message.AppendRequest a
                && !a.entries().isEmpty()
                && (from == null || from.equals(a.from()))
                && (to == null || to.equals(a.to())));
    }

    public void heal() {
        isolated.clear();
        dropped.clear();
    }

    public Transport transport(Vertx vertx, String id) {
        return new Endpoint(vertx, id);
    }

    private final class Endpoint implements Transport {
        private final Vertx vertx;
        private final String id;
        private Context context;
        private volatile Consumer<Message> handler = m -> {};

        Endpoint(Vertx vertx, String id) {
            this.vertx = vertx;
            this.id = id;
        }

        @Override
        public Future<Void> start() {
            context = vertx.getOrCreateContext();
            endpoints.put(id, this);
            return Future.succeededFuture();
        }

        @Override
        public void send(Message message) {
            if (isolated.contains(id)
                    || isolated.contains(message.to())
                    || dropped.stream().anyMatch(d -> d.test(message))) {
                return;
            }
            Endpoint to = endpoints.get(message.to());
            if (to != null && to.context != null) {
                to.context.runOnContext(v -> to.handler.accept(message));
            }
        }

        @Override
        public void handler(Consumer<Message> handler) {
            this.handler = handler;
        }

        @Override
        public void setPeers(Map<String, String> raftAddresses) {
            // Every endpoint of this network reaches every other by id: addresses play no part.
        }

        @Override
        public Future<Void> close() {
            endpoints.remove(id, this);
            return Future.succeededFuture();
        }
    }
}
