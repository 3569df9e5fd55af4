package io.raftkv.server.transport;

/**
 * Tuning of a {@link TcpTransport}.
 *
 * @param maxFrameBytes largest frame accepted or sent (type byte and payload); a peer announcing a
 *     larger one is disconnected, a larger outgoing message is dropped and logged
 * @param maxQueuedBytes per peer, bytes of frames held while connecting or while the socket's write
 *     queue is full; beyond it messages are dropped (Raft retries)
 * @param connectTimeoutMillis how long one connection attempt may take
 * @param minBackoffMillis first delay before reconnecting; doubles per failed attempt
 * @param maxBackoffMillis cap on the reconnect delay
 * @param keepaliveMillis interval of the keepalive frames each side of a connection sends
 * @param idleTimeoutMillis a connection on which nothing arrives for this long is closed (and, if
 *     outbound, reconnected); several keepalive intervals
 */
public record TransportOptions(
        int maxFrameBytes,
        int maxQueuedBytes,
        int connectTimeoutMillis,
        long minBackoffMillis,
        long maxBackoffMillis,
        long keepaliveMillis,
        long idleTimeoutMillis) {

    public static final TransportOptions DEFAULT = new TransportOptions(64 << 20, 16 << 20, 1000, 20, 1000, 500, 3000);

    public TransportOptions {
        if (maxFrameBytes < 64 || maxQueuedBytes < 0 || connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("frame, queue and timeout limits must be positive");
        }
        if (minBackoffMillis <= 0 || maxBackoffMillis < minBackoffMillis) {
            throw new IllegalArgumentException("need 0 < minBackoffMillis <= maxBackoffMillis");
        }
        if (keepaliveMillis <= 0 || idleTimeoutMillis <= keepaliveMillis) {
            throw new IllegalArgumentException("need 0 < keepaliveMillis < idleTimeoutMillis");
        }
    }

    public TransportOptions withMaxFrameBytes(int bytes) {
        return new TransportOptions(
                bytes,
                maxQueuedBytes,
                connectTimeoutMillis,
                minBackoffMillis,
                maxBackoffMillis,
                keepaliveMillis,
                idleTimeoutMillis);
    }

    public TransportOptions withKeepalive(long keepalive, long idleTimeout) {
        return new TransportOptions(
                maxFrameBytes,
                maxQueuedBytes,
                connectTimeoutMillis,
                minBackoffMillis,
                maxBackoffMillis,
                keepalive,
                idleTimeout);
    }
}
