package io.raftkv.server;

import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.node.NodeOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The server's command-line flags, as given: each may also come from the environment variable named
 * in its description, and defaults come from the options records. {@link Settings#from} checks and
 * derives everything else.
 */
final class Flags {
    @Option(
            names = "--id",
            defaultValue = "${env:RAFTKV_ID}",
            description = "this node's stable id (one of --peers, if given) [RAFTKV_ID]")
    String id;

    @Option(
            names = "--http",
            defaultValue = "${env:RAFTKV_HTTP:-" + HttpOptions.DEFAULT_LISTEN + "}",
            description = "HTTP listen address host:port (default ${DEFAULT-VALUE}) [RAFTKV_HTTP]")
    String http;

    @Option(
            names = "--advertise-http",
            defaultValue = "${env:RAFTKV_ADVERTISE_HTTP}",
            description =
                    "HTTP address other nodes forward to (default: --http, or with a wildcard --http host, this node's --peers host) [RAFTKV_ADVERTISE_HTTP]")
    String advertiseHttp;

    @Option(
            names = "--raft",
            defaultValue = "${env:RAFTKV_RAFT}",
            description =
                    "peer listen address host:port (default: this node's entry in --peers; required without --peers) [RAFTKV_RAFT]")
    String raft;

    @Option(
            names = "--advertise-raft",
            defaultValue = "${env:RAFTKV_ADVERTISE_RAFT}",
            description =
                    "peer address other nodes dial, announced when joining (default: --raft) [RAFTKV_ADVERTISE_RAFT]")
    String advertiseRaft;

    @Option(
            names = "--join",
            defaultValue = "${env:RAFTKV_JOIN}",
            description =
                    "HTTP host:port of any member of a running cluster to join (instead of --peers); ignored once this node is a member [RAFTKV_JOIN]")
    String join;

    @Option(
            names = "--peers",
            defaultValue = "${env:RAFTKV_PEERS}",
            description =
                    "the peer address of every member a new cluster starts with, this node included: id=host:port,... Without --peers and --join, a one-node cluster starts [RAFTKV_PEERS]")
    String peers;

    @Option(
            names = "--cluster-secret-file",
            paramLabel = "PATH",
            defaultValue = "${env:RAFTKV_CLUSTER_SECRET_FILE}",
            description =
                    "file holding the secret every member shares (at least 16 bytes, surrounding whitespace ignored): each peer connection opens with an HMAC proof of it both ways, and a peer without it is refused. Without it peers are not authenticated [RAFTKV_CLUSTER_SECRET_FILE]")
    Path clusterSecretFile;

    @Option(
            names = "--http-token-file",
            paramLabel = "PATH",
            defaultValue = "${env:RAFTKV_HTTP_TOKEN_FILE}",
            description =
                    "file holding a bearer token (at least 16 printable ASCII bytes, surrounding whitespace ignored) every client request must carry as 'Authorization: Bearer TOKEN' (GET /health excepted); give every member the same. Without it the HTTP API asks for none [RAFTKV_HTTP_TOKEN_FILE]")
    Path httpTokenFile;

    @Option(
            names = "--http-tls-cert",
            paramLabel = "PATH",
            defaultValue = "${env:RAFTKV_HTTP_TLS_CERT}",
            description =
                    "PEM certificate chain: serve the HTTP API over HTTPS only, and speak HTTPS to the other members (with --http-tls-key) [RAFTKV_HTTP_TLS_CERT]")
    Path httpTlsCert;

    @Option(
            names = "--http-tls-key",
            paramLabel = "PATH",
            defaultValue = "${env:RAFTKV_HTTP_TLS_KEY}",
            description = "PEM private key of --http-tls-cert (unencrypted) [RAFTKV_HTTP_TLS_KEY]")
    Path httpTlsKey;

    @Option(
            names = "--http-tls-ca",
            paramLabel = "PATH",
            defaultValue = "${env:RAFTKV_HTTP_TLS_CA}",
            description =
                    "PEM certificates that vouch for the other members' HTTPS certificates; default: the JVM's trusted authorities [RAFTKV_HTTP_TLS_CA]")
    Path httpTlsCa;

    @Option(names = "--data", defaultValue = "${env:RAFTKV_DATA}", description = "data directory [RAFTKV_DATA]")
    Path data;

    @Option(
            names = "--tick-ms",
            defaultValue = "${env:RAFTKV_TICK_MS:-" + NodeOptions.DEFAULT_TICK_MILLIS + "}",
            description = "length of a Raft tick; elections time out after " + NodeOptions.DEFAULT_ELECTION_TICKS + "-"
                    + 2 * NodeOptions.DEFAULT_ELECTION_TICKS + " ticks (default ${DEFAULT-VALUE}) [RAFTKV_TICK_MS]")
    long tickMillis;

    @Option(
            names = "--request-timeout-ms",
            defaultValue = "${env:RAFTKV_REQUEST_TIMEOUT_MS:-" + NodeOptions.DEFAULT_REQUEST_TIMEOUT_MILLIS + "}",
            description =
                    "a write not committed by then is answered 504, outcome unknown (default ${DEFAULT-VALUE}) [RAFTKV_REQUEST_TIMEOUT_MS]")
    long requestTimeoutMillis;

    @Option(
            names = "--leader-wait-ms",
            defaultValue = "${env:RAFTKV_LEADER_WAIT_MS:-" + HttpOptions.DEFAULT_LEADER_WAIT_MILLIS + "}",
            description =
                    "how long a request waits for a leader before 503 (default ${DEFAULT-VALUE}) [RAFTKV_LEADER_WAIT_MS]")
    long leaderWaitMillis;

    @Option(
            names = "--http-header-timeout-ms",
            defaultValue = "${env:RAFTKV_HTTP_HEADER_TIMEOUT_MS:-" + HttpOptions.DEFAULT_HEADER_TIMEOUT_MILLIS + "}",
            description = "an HTTP connection that has not sent a complete request head this long after it opened or"
                    + " got its last answer is closed (default ${DEFAULT-VALUE}) [RAFTKV_HTTP_HEADER_TIMEOUT_MS]")
    long httpHeaderTimeoutMillis;

    @Option(
            names = "--max-key-bytes",
            defaultValue = "${env:RAFTKV_MAX_KEY_BYTES:-" + HttpOptions.DEFAULT_MAX_KEY_BYTES + "}",
            description = "longest key (default ${DEFAULT-VALUE}) [RAFTKV_MAX_KEY_BYTES]")
    int maxKeyBytes;

    @Option(
            names = "--max-value-bytes",
            defaultValue = "${env:RAFTKV_MAX_VALUE_BYTES:-" + HttpOptions.DEFAULT_MAX_VALUE_BYTES + "}",
            description = "longest value (default ${DEFAULT-VALUE}) [RAFTKV_MAX_VALUE_BYTES]")
    int maxValueBytes;

    @Option(
            names = "--max-sessions",
            defaultValue = "${env:RAFTKV_MAX_SESSIONS:-" + NodeOptions.DEFAULT_MAX_SESSIONS + "}",
            description =
                    "client sessions remembered for exactly-once writes; must be equal on all nodes (default ${DEFAULT-VALUE}) [RAFTKV_MAX_SESSIONS]")
    int maxSessions;

    @Option(
            names = "--unsafe-stale-reads",
            defaultValue = "${env:RAFTKV_UNSAFE_STALE_READS:-false}",
            description =
                    "UNSAFE: serve linearizable reads from this node's copy, without ReadIndex or the leader [RAFTKV_UNSAFE_STALE_READS]")
    boolean unsafeStaleReads;

    @Option(
            names = "--unsafe-ack-before-commit",
            defaultValue = "${env:RAFTKV_UNSAFE_ACK_BEFORE_COMMIT:-false}",
            description =
                    "UNSAFE: answer a write once the leader has it, before a quorum does [RAFTKV_UNSAFE_ACK_BEFORE_COMMIT]")
    boolean unsafeAckBeforeCommit;

    @Option(
            names = "--unsafe-no-fsync",
            defaultValue = "${env:RAFTKV_UNSAFE_NO_FSYNC:-false}",
            description =
                    "UNSAFE: never fsync the log; a crash can lose acknowledged writes and votes [RAFTKV_UNSAFE_NO_FSYNC]")
    boolean unsafeNoFsync;

    @Option(
            names = "--snapshot-threshold",
            defaultValue = "${env:RAFTKV_SNAPSHOT_THRESHOLD:-" + NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD + "}",
            description = "take a snapshot and compact the log every N applied entries; 0 never"
                    + " [RAFTKV_SNAPSHOT_THRESHOLD] (default: ${DEFAULT-VALUE})")
    long snapshotThreshold;

    @Option(
            names = "--unsafe-no-sessions",
            defaultValue = "${env:RAFTKV_UNSAFE_NO_SESSIONS:-false}",
            description = "UNSAFE: ignore client ids, so a retried write applies twice [RAFTKV_UNSAFE_NO_SESSIONS]")
    boolean unsafeNoSessions;

    @Option(
            names = "--exit-with-parent",
            paramLabel = "PID",
            description =
                    "shut down cleanly when process PID ends: a test rig passes its own pid so that no node outlives it")
    Long exitWithParent;
}
