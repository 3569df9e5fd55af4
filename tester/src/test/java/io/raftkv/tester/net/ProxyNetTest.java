package io.raftkv.tester.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local proxy mesh over real loopback sockets, with echo servers standing in for nodes. */
class ProxyNetTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private final Map<String, ServerSocket> echo = new HashMap<>();
    private ProxyNet net;

    @BeforeEach
    void start() throws IOException {
        for (var n : NODES) {
            var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            echo.put(n, server);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                                // closed
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }
        net = new ProxyNet(
                NODES,
                n -> new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), echo.get(n).getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
        for (var s : echo.values()) {
            s.close();
        }
    }

    private Socket dial(String from, String to) throws IOException {
        var s = new Socket(InetAddress.getLoopbackAddress(), net.port(from, to));
        s.setSoTimeout(2_000);
        return s;
    }

    private static int roundTrip(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void healthyLink_forwardsBothWays() throws IOException {
        try (var s = dial("n1", "n2")) {
            assertEquals(42, roundTrip(s, 42));
            assertEquals(43, roundTrip(s, 43));
        }
    }

    @Test
    void cut_closesOpenConnections_andBlackholesNewOnes_untilHealed() throws IOException {
        try (var open = dial("n1", "n2")) {
            assertEquals(1, roundTrip(open, 1));
            net.apply(Partitions.isolate(NODES, "n2"));
            assertEquals(
                    List.of("n1->n2", "n2->n1", "n2->n3", "n3->n2"),
                    net.cutLinks().stream().sorted().toList());
            // The open connection is gone: read sees end of stream or a reset.
            int r;
            try {
                r = roundTrip(open, 2);
            } catch (IOException e) {
                r = -1;
            }
            assertEquals(-1, r);
        }
        try (var blackholed = dial("n1", "n2")) {
            blackholed.setSoTimeout(300);
            blackholed.getOutputStream().write(3);
            assertThrows(
                    SocketTimeoutException.class,
                    () -> blackholed.getInputStream().read());
            net.heal();
            blackholed.setSoTimeout(2_000);
            assertEquals(-1, blackholed.getInputStream().read(), "healing closes blackholed connections");
        }
        try (var s = dial("n1", "n2")) {
            assertEquals(4, roundTrip(s, 4));
        }
        assertTrue(net.cutLinks().isEmpty());
    }

    @Test
    void linksOutsideTheGrudge_stayUp() throws IOException {
        net.apply(Partitions.isolate(NODES, "n2"));
        try (var s = dial("n1", "n3")) {
            assertEquals(5, roundTrip(s, 5));
        }
    }
}
