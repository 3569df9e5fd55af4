package io.raftkv.tester.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the local backend gets a port for a node to listen on. A port is picked, checked free and
 * closed, and bound by the server a second or more later: in between, another socket may take it.
 */
@FunctionalInterface
interface LocalPorts {

    /** A port that was free on loopback a moment ago; nothing holds it. */
    int next();

    /**
     * Ports below the kernel's ephemeral range (where it picks the local ports of outgoing
     * connections and of {@code bind(0)}: the rig's own clients and proxies would take them), never
     * the same one twice in this JVM.
     */
    LocalPorts DEFAULT = new LocalPorts() {
        private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

        @Override
        public int next() {
            int[] range = fixedRange();
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(range[0], range[1]);
                if (handedOut.add(port) && bindable(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free port on loopback in " + range[0] + "-" + (range[1] - 1));
        }
    };

    /** [from, to): 10000 up to the ephemeral range, or above it when it starts too low. */
    static int[] fixedRange() {
        int low = 32768;
        int high = 60999;
        try {
            String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            low = Integer.parseInt(parts[0]);
            high = Integer.parseInt(parts[1]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the usual Linux range
        }
        if (low - 10000 >= 2000) {
            return new int[] {10000, low};
        }
        if (65535 - high >= 2000) {
            return new int[] {high + 1, 65536};
        }
        return new int[] {1024, 65536};
    }

    private static boolean bindable(int port) {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
