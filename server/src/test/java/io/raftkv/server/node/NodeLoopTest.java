package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftCore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeLoopTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final RaftCore core =
            new RaftCore(RaftConfig.of("n1", List.of("n1")), new HardState(0, null, 0), List.of(), new Random(1));
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger pumps = new AtomicInteger();
    private final NodeLoop loop = new NodeLoop(context, () -> core, stopped::get, pumps::incrementAndGet);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static <T> Future<T> settled(Future<T> f) throws Exception {
        f.transform(ar -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
        return f;
    }

    @Test
    void aRequestRunsOnTheNodesContextWithTheCoreThenPumps() throws Exception {
        Future<Boolean> f = loop.request(c -> Future.succeededFuture(c == core && Vertx.currentContext() == context));
        assertEquals(true, f.await(10, TimeUnit.SECONDS));
        assertEquals(1, pumps.get());
    }

    @Test
    void aStoppedNodeRefusesRequestsUnavailableButStillAnswersReads() throws Exception {
        stopped.set(true);
        Future<String> refused = settled(loop.request(c -> Future.succeededFuture("ran")));
        assertEquals(NodeException.Kind.UNAVAILABLE, ((NodeException) refused.cause()).kind());
        assertEquals("ran", loop.read(c -> Future.succeededFuture("ran")).await(10, TimeUnit.SECONDS));
        assertEquals(0, pumps.get());
    }

    @Test
    void aRefusedRequestFailsItsFutureInsteadOfThrowing() throws Exception {
        IllegalArgumentException bad = new IllegalArgumentException("no such member");
        Future<String> f = settled(loop.request(c -> {
            throw bad;
        }));
        assertSame(bad, assertInstanceOf(IllegalArgumentException.class, f.cause()));
        assertEquals(0, pumps.get());
    }
}
