package io.raftkv.server.http;

/**
 * Limits and waits of the HTTP API.
 *
 * @param host interface to listen on
 * @param port port to listen on
 * @param advertised the address other nodes and clients reach this node's API at
 * @param maxKeyBytes longest key, in UTF-8 bytes
 * @param maxValueBytes longest value, in UTF-8 bytes
 * @param leaderWaitMillis how long a request waits for a leader to be known before 503
 * @param forwardTimeoutMillis how long a follower waits for the leader's answer to a forwarded request
 */
public record HttpOptions(
        String host,
        int port,
        String advertised,
        int maxKeyBytes,
        int maxValueBytes,
        long leaderWaitMillis,
        long forwardTimeoutMillis) {

    /** This node's address as peers should reach it. */
    public String address() {
        return advertised;
    }
}
