package io.raftkv.server.http;

import io.vertx.ext.web.client.WebClientOptions;

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
 * @param headerTimeoutMillis how long a connection may take to send a complete request head, from
 *     when it opens or its last answer was sent; a connection that takes longer is closed
 * @param apiToken the bearer token client requests must carry; null: none needed
 * @param tls HTTPS for the API and between members; null: plain HTTP
 */
public record HttpOptions(
        String host,
        int port,
        String advertised,
        int maxKeyBytes,
        int maxValueBytes,
        long leaderWaitMillis,
        long forwardTimeoutMillis,
        long headerTimeoutMillis,
        ApiToken apiToken,
        Tls tls) {

    /** Options that ask clients for no token. */
    public HttpOptions(
            String host,
            int port,
            String advertised,
            int maxKeyBytes,
            int maxValueBytes,
            long leaderWaitMillis,
            long forwardTimeoutMillis,
            long headerTimeoutMillis) {
        this(
                host,
                port,
                advertised,
                maxKeyBytes,
                maxValueBytes,
                leaderWaitMillis,
                forwardTimeoutMillis,
                headerTimeoutMillis,
                null,
                null);
    }

    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final int DEFAULT_MAX_KEY_BYTES = 1024;
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    /** The largest key or value limit a node accepts. */
    public static final int MAX_LIMIT_BYTES = 8 << 20;

    public static final long DEFAULT_LEADER_WAIT_MILLIS = 3000;
    /**
     * How much longer a follower waits for a forwarded request than the leader waits for its commit,
     * so the leader's own answer (504 after its request timeout) is the one the client gets.
     */
    public static final long FORWARD_MARGIN_MILLIS = 1000;

    public static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;
    /**
     * The shortest header timeout: a follower drops its idle connections to the leader after half of
     * it, in whole seconds, so they are gone before the leader closes them.
     */
    public static final long MIN_HEADER_TIMEOUT_MILLIS = 2000;

    /**
     * How long a connection may carry no bytes at all before it is closed. Longer than any wait for
     * a leader and its answer, so a request that waits in silence is still answered.
     */
    public long idleTimeoutMillis() {
        return headerTimeoutMillis + leaderWaitMillis + forwardTimeoutMillis;
    }

    /** These options, with client requests asked for {@code token}. */
    public HttpOptions withApiToken(ApiToken token) {
        return with(token, tls);
    }

    /** These options, serving (and speaking to other members) over {@code tls}. */
    public HttpOptions withTls(Tls tls) {
        return with(apiToken, tls);
    }

    private HttpOptions with(ApiToken token, Tls tls) {
        return new HttpOptions(
                host,
                port,
                advertised,
                maxKeyBytes,
                maxValueBytes,
                leaderWaitMillis,
                forwardTimeoutMillis,
                headerTimeoutMillis,
                token,
                tls);
    }

    /** {@code scheme://address} of a node's API, for a member at {@code address}. */
    String url(String address) {
        return Tls.scheme(tls) + "://" + address;
    }

    /** Client options for talking to other members: their certificates trusted when TLS is on. */
    WebClientOptions memberClient(WebClientOptions options) {
        return tls == null ? options : tls.client(options);
    }

    /** This node's address as peers should reach it. */
    public String address() {
        return advertised;
    }
}
