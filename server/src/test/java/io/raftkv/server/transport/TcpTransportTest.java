package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transports on loopback ports. The test thread blocks on futures and queues, never sleeps. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpTransportTest {
    static final long DEADLINE_MS = 10_000;

    private final List<TcpTransport> started = new ArrayList<>();
    /**
     * Raw clients, held until the test ends: Vert.x closes a client, and its connections, once it is
     * garbage collected, which would look like the transport closing them.
     */
    private final List<NetClient> clients = new ArrayList<>();

    record Peer(String id, TcpTransport transport, BlockingQueue<Message> inbox) {}

    @AfterEach
    void closeAll() throws Exception {
        for (TcpTransport t : started) {
            await(t.close());
        }
        for (NetClient c : clients) {
            await(c.close());
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Map<String, String> addresses(String... ids) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, "127.0.0.1:" + freePort());
        }
        return m;
    }

    /** A plain TCP connection to a transport's port, for speaking (or not speaking) the protocol by hand. */
    private NetSocket connectRaw(Vertx vertx, int port) throws Exception {
        NetClient client = vertx.createNetClient();
        clients.add(client);
        return await(client.connect(port, "127.0.0.1"));
    }

    private Peer start(Vertx vertx, String id, Map<String, String> addresses) throws Exception {
        return start(vertx, id, addresses, TransportOptions.DEFAULT);
    }

    private Peer start(Vertx vertx, String id, Map<String, String> addresses, TransportOptions options)
            throws Exception {
        TcpTransport t = new TcpTransport(vertx, id, addresses, options, null);
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        t.handler(inbox::add);
        await(t.start());
        started.add(t);
        return new Peer(id, t, inbox);
    }

    private static Message ping(String from, String to) {
        return new Message.VoteResponse(from, to, 0, false, false);
    }

    private static boolean isPing(Message m) {
        return m instanceof Message.VoteResponse v && v.term() == 0;
    }

    /**
     * Sends pings from {@code a} to {@code b} until one arrives: the link is up. Pings left over from
     * earlier links (several may be queued while a link connects) are skipped.
     */
    private static void awaitLink(Peer a, Peer b) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            a.transport.send(ping(a.id, b.id));
            Message m = b.inbox.poll(50, TimeUnit.MILLISECONDS);
            while (m != null) {
                assertTrue(isPing(m), "only pings so far: " + m);
                if (m.from().equals(a.id)) {
                    return;
                }
                m = b.inbox.poll();
            }
        }
        throw new AssertionError("no link from " + a.id + " to " + b.id + " within " + DEADLINE_MS + " ms");
    }

    /** Next message that is not a ping, waiting up to the deadline. */
    private static Message next(Peer p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            Message m = p.inbox.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (m != null && !isPing(m)) {
                return m;
            }
        }
        throw new AssertionError(p.id + " received nothing within " + DEADLINE_MS + " ms");
    }

    private static List<Message> withoutSnapshots(List<Message> messages) {
        return messages.stream()
                .filter(m -> !(m instanceof Message.InstallSnapshot))
                .toList();
    }

    @Test
    void threeTransportsExchangeMessagesInOrder(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2", "n3");
        List<Peer> peers = new ArrayList<>();
        for (String id : addrs.keySet()) {
            peers.add(start(vertx, id, addrs));
        }
        for (Peer a : peers) {
            for (Peer b : peers) {
                if (a != b) {
                    awaitLink(a, b);
                }
            }
        }
        Random rnd = new Random(1);
        Map<String, List<Message>> expected = new LinkedHashMap<>();
        for (Peer a : peers) {
            for (Peer b : peers) {
                if (a != b) {
                    for (int i = 0; i < 50; i++) {
                        Message m = Messages.random(rnd, a.id, b.id);
                        expected.computeIfAbsent(b.id + "<" + a.id, k -> new ArrayList<>())
                                .add(m);
                        a.transport.send(m);
                    }
                }
            }
        }
        for (Peer b : peers) {
            Map<String, List<Message>> got = new LinkedHashMap<>();
            for (int i = 0; i < 100; i++) {
                Message m = next(b);
                got.computeIfAbsent(b.id + "<" + m.from(), k -> new ArrayList<>())
                        .add(m);
            }
            for (var e : got.entrySet()) {
                // in order, except that a snapshot streamed in chunks may be overtaken
                assertEquals(withoutSnapshots(expected.get(e.getKey())), withoutSnapshots(e.getValue()), e.getKey());
                assertEquals(
                        new java.util.HashSet<>(expected.get(e.getKey())),
                        new java.util.HashSet<>(e.getValue()),
                        e.getKey());
            }
        }
    }

    @Test
    void aMessageToItselfIsDelivered(Vertx vertx) throws Exception {
        Peer a = start(vertx, "n1", addresses("n1", "n2"));
        Message m = new Message.VoteRequest("n1", "n1", 3, 1, 1, false);
        a.transport.send(m);
        assertEquals(m, next(a));
    }

    @Test
    void aRestartedPeerIsReconnected(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        Peer a = start(vertx, "n1", addrs);
        Peer b = start(vertx, "n2", addrs);
        awaitLink(a, b);

        await(b.transport.close());
        started.remove(b.transport);
        for (int i = 0; i < 10_000; i++) {
            a.transport.send(new Message.VoteRequest("n1", "n2", 5, i, 1, false)); // never blocks or throws
        }

        Peer b2 = start(vertx, "n2", addrs);
        awaitLink(a, b2);
        Message after = new Message.AppendResponse("n1", "n2", 9, true, 3, 0, 0, 1);
        a.transport.send(after);
        Message got;
        do {
            got = next(b2);
        } while (got instanceof Message.VoteRequest); // anything queued while reconnecting may still arrive
        assertEquals(after, got);
    }

    @Test
    void aConnectionSendingBadFramesIsClosedWhileGoodPeersAreServed(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        Peer a = start(vertx, "n1", addrs);
        Peer b = start(vertx, "n2", addrs);
        awaitLink(b, a);
        int port = Integer.parseInt(addrs.get("n1").split(":")[1]);
        Buffer hello = MessageCodec.encode(new Frame.Hello("n9", new byte[0]));
        Map<String, Buffer> bad = new LinkedHashMap<>();
        bad.put("garbage", Buffer.buffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        bad.put(
                "unknown type",
                Buffer.buffer().appendInt(3).appendByte((byte) 42).appendShort((short) 0));
        bad.put("oversized", Buffer.buffer().appendInt(Integer.MAX_VALUE).appendString("xxxx"));
        bad.put(
                "truncated payload",
                Buffer.buffer()
                        .appendInt(5)
                        .appendByte(MessageCodec.VOTE_REQUEST)
                        .appendInt(9));
        bad.put("message before hello", MessageCodec.encode(ping("n9", "n1")));
        bad.put("forged sender", hello.copy().appendBuffer(MessageCodec.encode(ping("n2", "n1"))));
        for (var e : bad.entrySet()) {
            NetSocket raw = connectRaw(vertx, port);
            Promise<Void> closed = Promise.promise();
            raw.closeHandler(v -> closed.tryComplete());
            raw.write(e.getValue());
            try {
                await(closed.future());
            } catch (Exception timeout) {
                throw new AssertionError("connection sending " + e.getKey() + " was not closed", timeout);
            }
            Message m = new Message.AppendResponse("n2", "n1", 4, true, 1, 0, 0, 0);
            b.transport.send(m);
            assertEquals(m, next(a), "served after " + e.getKey());
        }
    }

    @Test
    void aSilentPeerIsDroppedAndRedialed(Vertx vertx) throws Exception {
        // n2's address is a server that accepts and then never says anything, like a peer behind a
        // firewall that drops its packets: n1 must notice the silence and dial again.
        Map<String, String> addrs = addresses("n1", "n2");
        int port = Integer.parseInt(addrs.get("n2").split(":")[1]);
        BlockingQueue<NetSocket> accepted = new LinkedBlockingQueue<>();
        NetServer blackhole = vertx.createNetServer().connectHandler(s -> {
            s.handler(b -> {});
            accepted.add(s);
        });
        await(blackhole.listen(port, "127.0.0.1"));
        try {
            start(vertx, "n1", addrs, TransportOptions.DEFAULT.withKeepalive(50, 300));
            NetSocket first = accepted.poll(DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertNotNull(first, "n1 dialed n2");
            Promise<Void> closed = Promise.promise();
            first.closeHandler(v -> closed.tryComplete());
            await(closed.future());
            assertNotNull(accepted.poll(DEADLINE_MS, TimeUnit.MILLISECONDS), "n1 dialed again");
        } finally {
            await(blackhole.close());
        }
    }

    @Test
    void aConnectionThatNeverSaysHelloIsClosed(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        start(vertx, "n1", addrs, TransportOptions.DEFAULT.withKeepalive(50, 300));
        int port = Integer.parseInt(addrs.get("n1").split(":")[1]);
        NetSocket raw = connectRaw(vertx, port);
        Promise<Void> closed = Promise.promise();
        raw.closeHandler(v -> closed.tryComplete());
        await(closed.future());
    }

    @Test
    void keepalivesHoldAnIdleConnectionOpenPastTheIdleTimeout(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        // The idle timeout is 40 keepalive intervals: on a loaded machine timers fire late, and a
        // stall of a second has been seen; only two seconds of silence may close the connection.
        long idleMillis = 2000;
        start(vertx, "n1", addrs, TransportOptions.DEFAULT.withKeepalive(50, idleMillis));
        int port = Integer.parseInt(addrs.get("n1").split(":")[1]);
        NetSocket raw = connectRaw(vertx, port);
        Buffer keepalive = MessageCodec.encode(new Frame.Keepalive());
        BlockingQueue<Frame> heard = new LinkedBlockingQueue<>();
        Promise<Void> closed = Promise.promise();
        raw.closeHandler(v -> closed.tryComplete());
        raw.handler(new FrameDecoder(1 << 20, heard::add, e -> closed.tryFail(e)));
        raw.write(MessageCodec.encode(new Frame.Hello("n2", new byte[0])));
        long timer = vertx.setPeriodic(50, id -> raw.write(keepalive));
        try {
            Frame hello = heard.poll(DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertTrue(
                    hello instanceof Frame.Hello h && h.id().equals("n1"),
                    "n1's hello, not " + hello + "; connection closed: "
                            + closed.future().isComplete());
            // The connection must outlive the idle timeout by half again, however many keepalives that takes.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * idleMillis / 2);
            for (int i = 0; System.nanoTime() < until; i++) {
                assertEquals(new Frame.Keepalive(), heard.poll(DEADLINE_MS, TimeUnit.MILLISECONDS), "keepalive " + i);
                assertTrue(!closed.future().isComplete(), "closed after " + i + " keepalives");
            }
        } finally {
            vertx.cancelTimer(timer);
        }
    }

    @Test
    void aMessageAboveTheFrameLimitIsDroppedAndTheLinkGoesOn(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        TransportOptions small = TransportOptions.DEFAULT.withMaxFrameBytes(4096);
        Peer a = start(vertx, "n1", addrs, small);
        Peer b = start(vertx, "n2", addrs, small);
        awaitLink(a, b);
        Entry big = new Entry(1, 1, EntryType.NORMAL, new byte[5000]);
        a.transport.send(new Message.AppendRequest("n1", "n2", 1, 0, 0, List.of(big), 0, 0));
        Message after = new Message.AppendRequest("n1", "n2", 1, 0, 0, List.of(), 0, 0);
        a.transport.send(after);
        assertEquals(after, next(b));
    }

    @Test
    void startFailsNamingTheAddressWhenItIsTaken(Vertx vertx) throws Exception {
        // taken by a plain socket, as another process would (one Vert.x instance shares its own ports)
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> addrs = Map.of("n1", "127.0.0.1:" + taken.getLocalPort(), "n2", "127.0.0.1:1");
            TcpTransport t = new TcpTransport(vertx, "n1", addrs, TransportOptions.DEFAULT, null);
            Throwable failure = t.start()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .handle((v, e) -> e)
                    .get(DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertNotNull(failure, "listening on a taken port");
            assertTrue(failure.getMessage().contains(addrs.get("n1")), failure.getMessage());
            await(t.close());
        }
    }

    @Test
    void badAddressesAreRejectedNamingThePeer(Vertx vertx) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new TcpTransport(
                        vertx, "n1", Map.of("n1", "127.0.0.1:7000", "n2", "nohost"), TransportOptions.DEFAULT, null));
        assertTrue(e.getMessage().contains("n2"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new TcpTransport(vertx, "n3", Map.of("n1", "127.0.0.1:7000"), TransportOptions.DEFAULT, null));
        assertTrue(e.getMessage().contains("n3"), e.getMessage());
    }

    @Test
    void aSnapshotLargerThanAFrameArrivesWholeWithMessagesInterleaved(Vertx vertx) throws Exception {
        Map<String, String> addrs = addresses("n1", "n2");
        TransportOptions small = TransportOptions.DEFAULT.withMaxFrameBytes(64 << 10);
        Peer a = start(vertx, "n1", addrs, small);
        Peer b = start(vertx, "n2", addrs, small);
        awaitLink(a, b);
        byte[] data = new byte[3 << 20];
        new Random(5).nextBytes(data);
        Message install = new Message.InstallSnapshot("n1", "n2", 4, new Snapshot(1000, 3, data), 2);
        Message heartbeat = new Message.AppendRequest("n1", "n2", 4, 1000, 3, List.of(), 1000, 2);
        a.transport.send(install);
        a.transport.send(heartbeat);
        List<Message> got = List.of(next(b), next(b));
        assertTrue(got.contains(install), "snapshot arrived whole");
        assertTrue(got.contains(heartbeat), "the heartbeat was not held behind the snapshot forever");
    }
}
