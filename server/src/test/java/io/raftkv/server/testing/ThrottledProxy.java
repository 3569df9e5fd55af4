package io.raftkv.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards to one address and slows what the dialer sends to {@code
 * bytesPerSecond} (answers flow at full speed): a slow link for tests. Counts the connections it
 * accepted and the bytes it forwarded. Uses plain threads; {@link #close()} ends them.
 */
public final class ThrottledProxy implements AutoCloseable {
    private static final int SLICE = 16 << 10;
    private static final int BUFFER = 64 << 10;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean closed;

    /** Starts forwarding {@code 127.0.0.1:port()} to {@code targetPort} on loopback. */
    public ThrottledProxy(int targetPort, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be > 0, got " + bytesPerSecond);
        }
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.bytesPerSecond = bytesPerSecond;
        try {
            this.server = new ServerSocket();
            // A small window, as on a real slow link: what the link has not carried stays with the sender.
            server.setReceiveBufferSize(BUFFER);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Bytes forwarded from dialers to the target so far. */
    public long forwardedBytes() {
        return forwarded.get();
    }

    /** Cuts every open connection, as a link that breaks; new ones are accepted as before. */
    public void cutConnections() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                continue; // closed, or one failed accept
            }
            try {
                Socket out = new Socket();
                out.connect(target, 2000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().name("proxy-up").start(() -> pump(in, out, true));
                Thread.ofPlatform().daemon().name("proxy-down").start(() -> pump(out, in, false));
            } catch (IOException e) {
                try {
                    in.close(); // the target refused: the dialer sees its connection close
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    /** Copies {@code from} to {@code to}; the throttled direction keeps to the rate from its start. */
    private void pump(Socket from, Socket to, boolean throttled) {
        byte[] buf = new byte[SLICE];
        long start = System.nanoTime();
        long sent = 0;
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (throttled) {
                    sent += n;
                    long dueNanos = start + sent * 1_000_000_000L / bytesPerSecond;
                    long waitNanos = dueNanos - System.nanoTime();
                    if (waitNanos > 0) {
                        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                    }
                    forwarded.addAndGet(n);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: closing both (try-with-resources) passes it on
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
