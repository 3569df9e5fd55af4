package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message;
import io.raftkv.server.testing.LogCapture;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster-secret handshake between transports on loopback ports, and against a raw client that
 * speaks the protocol by hand without the secret, or with a proof taken from another connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerAuthTest {
    private static final long DEADLINE_MS = TcpTransportTest.DEADLINE_MS;
    private static final ClusterSecret SECRET = secret("the cluster's shared secret, 32+");
    private static final ClusterSecret OTHER = secret("another cluster's secret, also 32");

    private final List<TcpTransport> started = new ArrayList<>();
    private final List<NetClient> clients = new ArrayList<>();

    record Peer(String id, TcpTransport transport, BlockingQueue<Message> inbox) {}

    private static ClusterSecret secret(String s) {
        return ClusterSecret.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (TcpTransport t : started) {
            TcpTransportTest.await(t.close());
        }
        for (NetClient c : clients) {
            TcpTransportTest.await(c.close());
        }
    }

    private Peer start(Vertx vertx, String id, Map<String, String> addresses, ClusterSecret secret) throws Exception {
        TcpTransport t = new TcpTransport(vertx, id, addresses, TransportOptions.DEFAULT, secret);
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        t.handler(inbox::add);
        TcpTransportTest.await(t.start());
        started.add(t);
        return new Peer(id, t, inbox);
    }

    private static Message ping(String from, String to, long n) {
        return new Message.VoteResponse(from, to, n, false, false);
    }

    /** Sends pings from {@code a} to {@code b} until one arrives. */
    private static void awaitDelivery(Peer a, Peer b) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            a.transport().send(ping(a.id(), b.id(), 1));
            Message m = b.inbox().poll(50, TimeUnit.MILLISECONDS);
            if (m != null) {
                assertEquals(a.id(), m.from());
                return;
            }
        }
        throw new AssertionError("nothing from " + a.id() + " reached " + b.id() + " within " + DEADLINE_MS + " ms");
    }

    private static int port(Map<String, String> addresses, String id) {
        return Integer.parseInt(addresses.get(id).split(":")[1]);
    }

    @Test
    void transportsWithTheSameSecretExchangeMessagesBothWays(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        Peer a = start(vertx, "n1", addrs, SECRET);
        Peer b = start(vertx, "n2", addrs, SECRET);
        awaitDelivery(a, b);
        awaitDelivery(b, a);
    }

    @Test
    void aTransportWithAnotherSecretIsRefusedAndHearsNothing(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        try (LogCapture log = new LogCapture(Connections.class)) {
            Peer a = start(vertx, "n1", addrs, SECRET);
            Peer b = start(vertx, "n2", addrs, OTHER);
            for (int i = 0; i < 20; i++) {
                a.transport().send(ping("n1", "n2", i));
                b.transport().send(ping("n2", "n1", i));
            }
            // Each side refuses the other's dialed connection, naming it.
            log.await(
                    "n1 refusing n2",
                    DEADLINE_MS,
                    line -> line.startsWith("WARN")
                            && line.contains("claims to be n2")
                            && line.contains("wrong cluster-secret proof"));
            log.await(
                    "n2 refusing n1",
                    DEADLINE_MS,
                    line -> line.startsWith("WARN")
                            && line.contains("claims to be n1")
                            && line.contains("wrong cluster-secret proof"));
            assertNull(a.inbox().poll(), "n1 received from n2");
            assertNull(b.inbox().poll(), "n2 received from n1");
        }
    }

    @Test
    void aTransportWithoutASecretAndOneWithOneRefuseEachOther(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        try (LogCapture log = new LogCapture(Connections.class)) {
            Peer a = start(vertx, "n1", addrs, SECRET);
            Peer b = start(vertx, "n2", addrs, null);
            log.await(
                    "the secret-less peer refused",
                    DEADLINE_MS,
                    line -> line.contains("claims to be n2") && line.contains("offers no cluster-secret proof"));
            log.await(
                    "the secret-less node refusing",
                    DEADLINE_MS,
                    line -> line.contains("claims to be n1") && line.contains("this node has no cluster secret"));
            b.transport().send(ping("n2", "n1", 5));
            a.transport().send(ping("n1", "n2", 5));
            assertNull(a.inbox().poll(), "n1 received from n2");
            assertNull(b.inbox().poll(), "n2 received from n1");
        }
    }

    /** A raw client that says hello as {@code id}, and the frames the node answers with. */
    private record Raw(NetSocket socket, BlockingQueue<Frame> heard, Promise<Void> closed, byte[] nonce) {}

    private Raw helloAs(Vertx vertx, int port, String id, byte[] nonce) throws Exception {
        NetClient client = vertx.createNetClient();
        clients.add(client);
        NetSocket socket = TcpTransportTest.await(client.connect(port, "127.0.0.1"));
        BlockingQueue<Frame> heard = new LinkedBlockingQueue<>();
        Promise<Void> closed = Promise.promise();
        socket.closeHandler(v -> closed.tryComplete());
        socket.handler(new FrameDecoder(1 << 20, heard::add, e -> closed.tryFail(e)));
        socket.write(MessageCodec.encode(new Frame.Hello(id, nonce)));
        return new Raw(socket, heard, closed, nonce);
    }

    private static <F extends Frame> F expect(Raw raw, Class<F> type) throws InterruptedException {
        Frame f = raw.heard().poll(DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertTrue(type.isInstance(f), "expected a " + type.getSimpleName() + ", got " + f);
        return type.cast(f);
    }

    private static void awaitClosed(Raw raw, String what) throws Exception {
        try {
            TcpTransportTest.await(raw.closed().future());
        } catch (Exception e) {
            throw new AssertionError("the connection " + what + " stayed open", e);
        }
    }

    @Test
    void aForgedHelloWithoutTheSecretIsClosedLoggedAndDeliversNothing(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        Peer n1 = start(vertx, "n1", addrs, SECRET);
        try (LogCapture log = new LogCapture(Connections.class)) {
            // Claims to be n2 with a proof it cannot make: any 32 bytes.
            Raw guess = helloAs(vertx, port(addrs, "n1"), "n2", ClusterSecret.nonce());
            expect(guess, Frame.Hello.class);
            expect(guess, Frame.Proof.class);
            guess.socket().write(MessageCodec.encode(new Frame.Proof(new byte[ClusterSecret.PROOF_BYTES])));
            guess.socket().write(MessageCodec.encode(ping("n2", "n1", 9)));
            awaitClosed(guess, "with a wrong proof");
            String line = log.await("the refusal", DEADLINE_MS, l -> l.contains("wrong cluster-secret proof"));
            assertTrue(line.startsWith("WARN"), line);
            assertTrue(line.contains("claims to be n2"), line);
            assertTrue(
                    line.contains("127.0.0.1:" + guess.socket().localAddress().port()), line);

            // Or skips the proof and sends a message at once.
            Raw skip = helloAs(vertx, port(addrs, "n1"), "n2", ClusterSecret.nonce());
            skip.socket().write(MessageCodec.encode(ping("n2", "n1", 10)));
            awaitClosed(skip, "that skipped the proof");
            log.await("the refusal", DEADLINE_MS, l -> l.contains("arrived before the handshake"));

            // Or says hello the way a node without a secret does.
            Raw plain = helloAs(vertx, port(addrs, "n1"), "n2", new byte[0]);
            plain.socket().write(MessageCodec.encode(ping("n2", "n1", 11)));
            awaitClosed(plain, "without a nonce");
        }
        assertNull(n1.inbox().poll(), "delivered to n1");
    }

    @Test
    void aProofSentBackOrReplayedOnAnotherConnectionIsRefused(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        Peer n1 = start(vertx, "n1", addrs, SECRET);
        int port = port(addrs, "n1");

        // Reflection: n1's own proof, sent back to it as n2's.
        Raw reflect = helloAs(vertx, port, "n2", ClusterSecret.nonce());
        expect(reflect, Frame.Hello.class);
        Frame.Proof own = expect(reflect, Frame.Proof.class);
        reflect.socket().write(MessageCodec.encode(own));
        awaitClosed(reflect, "that reflected the node's proof");

        // A genuine handshake by a holder of the secret, recorded...
        byte[] nonce = ClusterSecret.nonce();
        Raw genuine = helloAs(vertx, port, "n2", nonce);
        Frame.Hello n1Hello = expect(genuine, Frame.Hello.class);
        expect(genuine, Frame.Proof.class);
        byte[] proof = SECRET.proof(true, "n2", "n1", nonce, n1Hello.nonce());
        genuine.socket().write(MessageCodec.encode(new Frame.Proof(proof)));
        genuine.socket().write(MessageCodec.encode(ping("n2", "n1", 1)));
        assertEquals(ping("n2", "n1", 1), n1.inbox().poll(DEADLINE_MS, TimeUnit.MILLISECONDS), "accepted");

        // ...and replayed byte for byte on a new connection: n1's fresh nonce makes it worthless.
        Raw replay = helloAs(vertx, port, "n2", nonce);
        Frame.Hello fresh = expect(replay, Frame.Hello.class);
        assertTrue(!java.util.Arrays.equals(fresh.nonce(), n1Hello.nonce()), "a fresh nonce per connection");
        replay.socket().write(MessageCodec.encode(new Frame.Proof(proof)));
        replay.socket().write(MessageCodec.encode(ping("n2", "n1", 2)));
        awaitClosed(replay, "that replayed a proof");
        genuine.socket().write(MessageCodec.encode(ping("n2", "n1", 3)));
        assertEquals(ping("n2", "n1", 3), n1.inbox().poll(DEADLINE_MS, TimeUnit.MILLISECONDS), "only the genuine one");
    }

    @Test
    void aConnectionThatNeverFinishesItsHandshakeIsClosed(Vertx vertx) throws Exception {
        Map<String, String> addrs = TcpTransportTest.addresses("n1", "n2");
        TcpTransport t = new TcpTransport(vertx, "n1", addrs, TransportOptions.DEFAULT.withKeepalive(50, 300), SECRET);
        TcpTransportTest.await(t.start());
        started.add(t);
        try (LogCapture log = new LogCapture(Connections.class)) {
            Raw stuck = helloAs(vertx, port(addrs, "n1"), "n2", ClusterSecret.nonce());
            // Never silent, never done: the start of a long frame, then one byte of it at a time.
            stuck.socket().write(Buffer.buffer().appendInt(1000).appendByte(MessageCodec.PROOF));
            long timer = vertx.setPeriodic(50, id -> stuck.socket().write(Buffer.buffer(new byte[1])));
            try {
                awaitClosed(stuck, "without a proof");
            } finally {
                vertx.cancelTimer(timer);
            }
            log.await("the refusal", DEADLINE_MS, l -> l.contains("claims to be n2") && l.contains("no handshake"));
        }
    }
}
