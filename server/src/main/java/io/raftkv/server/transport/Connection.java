package io.raftkv.server.transport;

import io.vertx.core.net.NetSocket;

/** One open connection, inbound or outbound, as the transport tracks it for liveness. */
final class Connection {
    final NetSocket socket;
    /** The peer this node dialed, or null for an inbound connection. */
    final String expectedPeer;
    /** The peer's id once its hello arrived. */
    String peer;
    /** Whether this side's hello went out, after which keepalives may follow. */
    boolean helloSent;

    long lastReadNanos = System.nanoTime();

    final SnapshotAssembly snapshots = new SnapshotAssembly();

    Connection(NetSocket socket, String expectedPeer) {
        this.socket = socket;
        this.expectedPeer = expectedPeer;
    }

    String describe() {
        String who = peer != null ? peer : expectedPeer != null ? expectedPeer : "before hello";
        return socket.remoteAddress() + " (" + who + ")";
    }
}
