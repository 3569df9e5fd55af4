package io.raftkv.server;

import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.http.Tls;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.storage.StorageOptions;
import io.raftkv.server.transport.TransportOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A node's checked configuration, derived from its {@link Flags} alone: no file, network or clock is
 * touched, so every rule here is a unit test away.
 *
 * @param node how the Raft node runs
 * @param http how the HTTP API listens, limits and waits
 * @param storage how the log is written
 * @param data the data directory
 * @param raftListen the address the node listens on for peers
 * @param transportPeers where the transport reaches each initial member by id (its --peers entry),
 *     and this node's own listen address under its id
 * @param join how to join a running cluster, or null
 * @param exitWithParent the pid whose end shuts this node down, or null
 * @param clusterSecretFile the file holding the cluster secret peers prove, or null when peers are
 *     not authenticated (read at start, not here)
 * @param httpTokenFile the file holding the bearer token clients must send, or null when the HTTP
 *     API asks for none (read at start, not here)
 */
record Settings(
        NodeOptions node,
        HttpOptions http,
        StorageOptions storage,
        Path data,
        String raftListen,
        Map<String, String> transportPeers,
        ServerVerticle.Join join,
        Long exitWithParent,
        Path clusterSecretFile,
        Path httpTokenFile) {

    /**
     * Checks {@code f} and derives the settings.
     *
     * @throws IllegalArgumentException naming the flag at fault
     */
    static Settings from(Flags f) {
        require(f.id, "--id");
        require(f.data, "--data");
        if (!NodeOptions.NODE_ID.matcher(f.id).matches()) {
            throw new IllegalArgumentException(
                    "--id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit; got '" + f.id
                            + "'");
        }
        if (f.peers != null && f.join != null) {
            throw new IllegalArgumentException(
                    "--peers starts a new cluster and --join joins a running one: give one of them");
        }
        Map<String, String> peers = f.peers == null ? Map.of() : parsePeers(f.peers);
        if (f.peers != null && !peers.containsKey(f.id)) {
            throw new IllegalArgumentException(
                    "--peers must include this node's id '" + f.id + "', got " + peers.keySet());
        }
        if (f.peers == null) {
            require(f.raft, "--raft");
        }
        HostPort raftListen = HostPort.parse(f.raft != null ? f.raft : peers.get(f.id), "--raft");
        // With --peers a node is reached at its entry there; otherwise at --advertise-raft or --raft.
        String selfRaft = f.peers != null
                ? peers.get(f.id)
                : f.advertiseRaft != null
                        ? HostPort.parse(f.advertiseRaft, "--advertise-raft").toString()
                        : raftListen.toString();
        // Without --peers or --join, a one-node cluster that others may join.
        Map<String, String> members = f.peers == null && f.join == null ? Map.of(f.id, selfRaft) : peers;

        HostPort httpListen = HostPort.parse(f.http, "--http");
        String advertisedHttp = f.advertiseHttp != null
                ? HostPort.parse(f.advertiseHttp, "--advertise-http").toString()
                : advertised(httpListen, selfRaft);
        positive(f.tickMillis, "--tick-ms");
        positive(f.requestTimeoutMillis, "--request-timeout-ms");
        positive(f.leaderWaitMillis, "--leader-wait-ms");
        if (f.httpHeaderTimeoutMillis < HttpOptions.MIN_HEADER_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("--http-header-timeout-ms must be at least "
                    + HttpOptions.MIN_HEADER_TIMEOUT_MILLIS + ", not " + f.httpHeaderTimeoutMillis);
        }
        positive(f.maxKeyBytes, "--max-key-bytes");
        positive(f.maxValueBytes, "--max-value-bytes");
        positive(f.maxSessions, "--max-sessions");
        atMost(f.maxKeyBytes, HttpOptions.MAX_LIMIT_BYTES, "--max-key-bytes");
        atMost(f.maxValueBytes, HttpOptions.MAX_LIMIT_BYTES, "--max-value-bytes");
        if (f.snapshotThreshold < 0) {
            throw new IllegalArgumentException("--snapshot-threshold must not be negative, got " + f.snapshotThreshold);
        }

        ServerVerticle.Join join = null;
        if (f.join != null) {
            HostPort target = HostPort.parse(f.join, "--join");
            if (HostPort.parse(selfRaft, "--raft").isWildcard()) {
                throw new IllegalArgumentException("--join needs an address the members can dial: give --advertise-raft"
                        + " (--raft " + raftListen + " listens on all interfaces)");
            }
            join = new ServerVerticle.Join(target.toString(), selfRaft, advertisedHttp);
        }
        var unsafe = new NodeOptions.Unsafe(
                f.unsafeStaleReads, f.unsafeAckBeforeCommit, f.unsafeNoFsync, f.unsafeNoSessions);
        var node = new NodeOptions(
                f.id,
                members,
                f.tickMillis,
                NodeOptions.DEFAULT_ELECTION_TICKS,
                NodeOptions.DEFAULT_HEARTBEAT_TICKS,
                batchEntries(f.maxKeyBytes, f.maxValueBytes, TransportOptions.DEFAULT.maxFrameBytes()),
                f.requestTimeoutMillis,
                f.maxSessions,
                unsafe,
                f.snapshotThreshold);
        HttpOptions http = new HttpOptions(
                httpListen.host(),
                httpListen.port(),
                advertisedHttp,
                f.maxKeyBytes,
                f.maxValueBytes,
                f.leaderWaitMillis,
                f.requestTimeoutMillis + HttpOptions.FORWARD_MARGIN_MILLIS,
                f.httpHeaderTimeoutMillis);
        if (f.httpTlsCert != null || f.httpTlsKey != null || f.httpTlsCa != null) {
            if (f.httpTlsCert == null || f.httpTlsKey == null) {
                throw new IllegalArgumentException(
                        "--http-tls-cert and --http-tls-key go together: give both, or neither for plain HTTP");
            }
            http = http.withTls(new Tls(f.httpTlsCert, f.httpTlsKey, f.httpTlsCa));
        }
        StorageOptions storage = unsafe.noFsync() ? StorageOptions.DEFAULT.unsafeNoFsync() : StorageOptions.DEFAULT;
        Map<String, String> transportPeers = new LinkedHashMap<>(peers);
        transportPeers.put(f.id, raftListen.toString());
        if (f.exitWithParent != null) {
            positive(f.exitWithParent, "--exit-with-parent");
        }
        return new Settings(
                node,
                http,
                storage,
                f.data,
                raftListen.toString(),
                transportPeers,
                join,
                f.exitWithParent,
                f.clusterSecretFile,
                f.httpTokenFile);
    }

    /**
     * The most entries in one AppendEntries such that a batch of maximal entries (a CAS carries two
     * values) fills at most half a transport frame; between 1 and {@link
     * NodeOptions#DEFAULT_MAX_BATCH_ENTRIES}.
     */
    static int batchEntries(int maxKeyBytes, int maxValueBytes, int maxFrameBytes) {
        long entryBytes = 2L * maxValueBytes + maxKeyBytes + 1024;
        return (int) Math.max(1, Math.min(NodeOptions.DEFAULT_MAX_BATCH_ENTRIES, (maxFrameBytes / 2) / entryBytes));
    }

    /**
     * The HTTP address to announce when none is given: the listen address itself, unless it is a
     * wildcard (as in a container); then this node's host as its peers know it.
     */
    static String advertised(HostPort http, String selfPeerAddress) {
        if (!http.isWildcard()) {
            return http.toString();
        }
        return HostPort.parse(selfPeerAddress, "--peers").host() + ":" + http.port();
    }

    private static Map<String, String> parsePeers(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--peers entry '" + p + "' is not id=host:port");
            }
            String peerId = p.substring(0, eq);
            String address = HostPort.parse(p.substring(eq + 1), "--peers entry '" + peerId + "'")
                    .toString();
            if (map.put(peerId, address) != null) {
                throw new IllegalArgumentException("--peers names '" + peerId + "' twice");
            }
        }
        return map;
    }

    private static void require(Object value, String flag) {
        if (value == null || value.toString().isBlank()) {
            String env = "RAFTKV_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
            throw new IllegalArgumentException("missing " + flag + " (or " + env + ")");
        }
    }

    private static void positive(long value, String flag) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, got " + value);
        }
    }

    private static void atMost(long value, long limit, String flag) {
        if (value > limit) {
            throw new IllegalArgumentException(flag + " must be at most " + limit + ", got " + value);
        }
    }
}
