package io.raftkv.tester.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A TCP proxy for one directed link between two local nodes: the "from" node dials {@link #port()}
 * instead of the "to" node's Raft port. While {@link #cut() cut}, it behaves like a firewall that
 * drops packets: open connections are closed and new ones are accepted but blackholed (bytes are
 * read and thrown away, nothing is forwarded), so the dialer sees a silent peer, not a refusal.
 * Healing closes the blackholed connections so the dialer reconnects through a live link.
 */
public final class LinkProxy implements AutoCloseable {
    private final String from;
    private final String to;
    private final Supplier<InetSocketAddress> target;
    private final ServerSocket server;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Set<Socket> blackholed = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    /** @param target the "to" node's Raft address, asked again for every connection */
    public LinkProxy(String from, String to, Supplier<InetSocketAddress> target) throws IOException {
        this.from = from;
        this.to = to;
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-" + from + "-" + to).start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public boolean isCut() {
        return cut;
    }

    /** Drops the link: closes open connections and blackholes new ones until {@link #heal()}. */
    public synchronized void cut() {
        cut = true;
        live.forEach(LinkProxy::closeQuietly);
        live.clear();
    }

    public synchronized void heal() {
        cut = false;
        blackholed.forEach(LinkProxy::closeQuietly);
        blackholed.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket inbound = server.accept();
                inbound.setTcpNoDelay(true);
                synchronized (this) {
                    if (cut) {
                        blackholed.add(inbound);
                        Thread.ofVirtual().start(() -> drain(inbound));
                        continue;
                    }
                    live.add(inbound);
                }
                Thread.ofVirtual().start(() -> connect(inbound));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
            }
        }
    }

    private void connect(Socket inbound) {
        Socket outbound = new Socket();
        try {
            outbound.setTcpNoDelay(true);
            outbound.connect(target.get(), 2_000);
        } catch (IOException e) {
            closeQuietly(inbound);
            closeQuietly(outbound);
            live.remove(inbound);
            return;
        }
        synchronized (this) {
            if (cut) {
                closeQuietly(inbound);
                closeQuietly(outbound);
                return;
            }
            live.add(outbound);
        }
        Thread.ofVirtual().start(() -> pump(inbound, outbound));
        pump(outbound, inbound);
    }

    private void pump(Socket src, Socket dst) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = src.getInputStream();
                OutputStream out = dst.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or the link was cut: close both
        } finally {
            closeQuietly(src);
            closeQuietly(dst);
            live.remove(src);
            live.remove(dst);
        }
    }

    private void drain(Socket socket) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buf) >= 0) {
                // blackhole
            }
        } catch (IOException e) {
            // closed on heal
        } finally {
            blackholed.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cut();
        heal();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
