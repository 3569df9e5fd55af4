package io.raftkv.server.transport;

import io.vertx.core.net.NetSocket;

/** One open connection, inbound or outbound, as the transport tracks it for liveness. */
final class Connection {
    final NetSocket socket;
    /** The peer this node dialed, or null for an inbound connection. */
    final String expectedPeer;
    /** This side's nonce, sent in its hello (empty without a cluster secret). */
    final byte[] nonce;
    /** Run once, when this side may send messages: the handshake is done. */
    private Runnable onReady;
    /** The id the peer's hello claimed, proven or not. */
    String claimed;
    /** The nonce of the peer's hello. */
    byte[] peerNonce;
    /** The peer's id once its hello arrived and, with a cluster secret, its proof checked out. */
    String peer;
    /** Whether this side's hello went out. */
    boolean helloSent;
    /** Whether this side's proof went out, after which keepalives may follow. */
    boolean proofSent;
    /** Whether this side closed the connection for breaking the protocol: later frames are ignored. */
    boolean rejected;

    final long openedNanos = System.nanoTime();
    long lastReadNanos = openedNanos;

    Connection(NetSocket socket, String expectedPeer, byte[] nonce, Runnable onReady) {
        this.socket = socket;
        this.expectedPeer = expectedPeer;
        this.nonce = nonce;
        this.onReady = onReady;
    }

    boolean outbound() {
        return expectedPeer != null;
    }

    void ready() {
        Runnable r = onReady;
        onReady = null;
        if (r != null) {
            r.run();
        }
    }

    String describe() {
        String who = peer != null
                ? peer
                : claimed != null
                        ? "claims to be " + claimed
                        : expectedPeer != null ? "dialed as " + expectedPeer : "before hello";
        return socket.remoteAddress() + " (" + who + ")";
    }
}
