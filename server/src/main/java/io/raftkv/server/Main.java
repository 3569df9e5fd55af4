package io.raftkv.server;

import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.storage.FileRaftStorage;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.storage.StorageOptions;
import io.raftkv.server.transport.TcpTransport;
import io.raftkv.server.transport.Transport;
import io.raftkv.server.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Starts one raftkv server node. Every flag can also come from an environment variable; flags win. */
@Command(
        name = "raftkv-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "A Raft key-value server. Every node answers every HTTP route (see API.md).",
        footer = {
            "",
            "Each option may also be set by the environment variable shown in brackets; a flag wins.",
            "",
            "The --unsafe-* switches break the server's guarantees ON PURPOSE, to show that the"
                    + " fault-injection rig catches such bugs. Never use them for data you care about."
        })
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final int MAX_VALUE_LIMIT = 8 << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--id",
            defaultValue = "${env:RAFTKV_ID}",
            description = "this node's stable id (one of --peers, if given) [RAFTKV_ID]")
    String id;

    @Option(
            names = "--http",
            defaultValue = "${env:RAFTKV_HTTP:-127.0.0.1:8080}",
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

    @Option(names = "--data", defaultValue = "${env:RAFTKV_DATA}", description = "data directory [RAFTKV_DATA]")
    Path data;

    @Option(
            names = "--tick-ms",
            defaultValue = "${env:RAFTKV_TICK_MS:-100}",
            description =
                    "length of a Raft tick; elections time out after 10-20 ticks (default ${DEFAULT-VALUE}) [RAFTKV_TICK_MS]")
    long tickMillis;

    @Option(
            names = "--request-timeout-ms",
            defaultValue = "${env:RAFTKV_REQUEST_TIMEOUT_MS:-5000}",
            description =
                    "a write not committed by then is answered 504, outcome unknown (default ${DEFAULT-VALUE}) [RAFTKV_REQUEST_TIMEOUT_MS]")
    long requestTimeoutMillis;

    @Option(
            names = "--leader-wait-ms",
            defaultValue = "${env:RAFTKV_LEADER_WAIT_MS:-3000}",
            description =
                    "how long a request waits for a leader before 503 (default ${DEFAULT-VALUE}) [RAFTKV_LEADER_WAIT_MS]")
    long leaderWaitMillis;

    @Option(
            names = "--max-key-bytes",
            defaultValue = "${env:RAFTKV_MAX_KEY_BYTES:-1024}",
            description = "longest key (default ${DEFAULT-VALUE}) [RAFTKV_MAX_KEY_BYTES]")
    int maxKeyBytes;

    @Option(
            names = "--max-value-bytes",
            defaultValue = "${env:RAFTKV_MAX_VALUE_BYTES:-1048576}",
            description = "longest value (default ${DEFAULT-VALUE}) [RAFTKV_MAX_VALUE_BYTES]")
    int maxValueBytes;

    @Option(
            names = "--max-sessions",
            defaultValue = "${env:RAFTKV_MAX_SESSIONS:-10000}",
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
            defaultValue = "${env:RAFTKV_SNAPSHOT_THRESHOLD:-10000}",
            description = "take a snapshot and compact the log every N applied entries; 0 never"
                    + " [RAFTKV_SNAPSHOT_THRESHOLD] (default: ${DEFAULT-VALUE})")
    long snapshotThreshold;

    @Option(
            names = "--unsafe-no-sessions",
            defaultValue = "${env:RAFTKV_UNSAFE_NO_SESSIONS:-false}",
            description = "UNSAFE: ignore client ids, so a retried write applies twice [RAFTKV_UNSAFE_NO_SESSIONS]")
    boolean unsafeNoSessions;

    public static void main(String[] args) {
        int code = commandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
        // On success the Vert.x threads keep the process alive until SIGTERM.
    }

    /** The command line for {@code main}: a bad flag prints one line naming it and exits with 2. */
    static CommandLine commandLine(Main main) {
        return new CommandLine(main).setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("raftkv-server: " + e.getMessage());
            e.getCommandLine().getErr().println("Try --help for the options.");
            return CommandLine.ExitCode.USAGE;
        });
    }

    @Override
    public Integer call() throws Exception {
        Settings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        try {
            Files.createDirectories(data);
        } catch (java.io.IOException e) {
            throw bad("--data " + data + " is not a usable directory: " + e);
        }
        // Start-up loads many classes on the event loop; warn about that, but without stack traces.
        var registry = Metrics.registry();
        Vertx vertx = Metrics.vertx(
                new VertxOptions().setWarningExceptionTime(30).setWarningExceptionTimeUnit(TimeUnit.SECONDS), registry);
        ServerVerticle verticle = new ServerVerticle(
                s.node(),
                s.http(),
                parts(s),
                () -> {
                    // Never exit on the event loop: the shutdown hook needs it to close cleanly.
                    Thread.ofPlatform().start(() -> System.exit(1));
                },
                s.join(),
                registry);
        String deployment;
        try {
            deployment = vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("could not start: {}", e.getMessage());
            vertx.close();
            return 1;
        }
        log.info(
                "node {} serving HTTP on {} and peers on {}{}",
                s.node().id(),
                http,
                raft,
                s.node().unsafe().any() ? " with UNSAFE switches " + s.node().unsafe() : "");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
                log.info("stopped");
            } catch (Exception e) {
                log.warn("unclean shutdown: {}", e.toString());
            }
        }));
        return 0;
    }

    private ServerVerticle.Parts parts(Settings s) {
        return new ServerVerticle.Parts() {
            @Override
            public RaftStorage storage() throws Exception {
                StorageOptions options =
                        s.node().unsafe().noFsync() ? StorageOptions.DEFAULT.unsafeNoFsync() : StorageOptions.DEFAULT;
                return new FileRaftStorage(data, options);
            }

            @Override
            public SnapshotStore snapshots() throws Exception {
                return new SnapshotStore(
                        data.resolve("snapshots"), 2, !s.node().unsafe().noFsync());
            }

            @Override
            public Transport transport(Vertx vertx) {
                // Listen on --raft; peers reach this node at its --peers entry.
                Map<String, String> addresses = new LinkedHashMap<>(s.peers());
                addresses.put(s.node().id(), raft);
                return new TcpTransport(vertx, s.node().id(), s.http().address(), addresses, TransportOptions.DEFAULT);
            }
        };
    }

    /** The validated options. */
    /**
     * @param peers the initial members' advertised raft addresses (empty when joining)
     * @param join how to join a running cluster, or null
     */
    record Settings(NodeOptions node, HttpOptions http, Map<String, String> peers, ServerVerticle.Join join) {}

    Settings settings() {
        require(id, "--id");
        require(data, "--data");
        if (!NodeOptions.NODE_ID.matcher(id).matches()) {
            throw bad("--id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit; got '" + id
                    + "'");
        }
        if (peers != null && join != null) {
            throw bad("--peers starts a new cluster and --join joins a running one: give one of them");
        }
        Map<String, String> peerMap;
        if (peers != null) {
            peerMap = parsePeers(peers);
            if (!peerMap.containsKey(id)) {
                throw bad("--peers must include this node's id '" + id + "', got " + peerMap.keySet());
            }
            if (raft == null) {
                raft = peerMap.get(id);
            }
        } else {
            require(raft, "--raft");
            peerMap = new LinkedHashMap<>();
        }
        HostPort raftAddress = HostPort.parse(raft, "--raft");
        // With --peers a node is reached at its entry there; otherwise at --advertise-raft or --raft.
        String selfRaft = peers != null
                ? peerMap.get(id)
                : advertiseRaft != null
                        ? HostPort.parse(advertiseRaft, "--advertise-raft").toString()
                        : raftAddress.toString();
        if (peers == null && join == null) {
            peerMap.put(id, selfRaft); // a one-node cluster that others may join
        }
        HostPort httpAddress = HostPort.parse(http, "--http");
        if (advertiseHttp != null) {
            HostPort.parse(advertiseHttp, "--advertise-http");
        }
        positive(tickMillis, "--tick-ms");
        positive(requestTimeoutMillis, "--request-timeout-ms");
        positive(leaderWaitMillis, "--leader-wait-ms");
        positive(maxKeyBytes, "--max-key-bytes");
        positive(maxValueBytes, "--max-value-bytes");
        positive(maxSessions, "--max-sessions");
        if (maxValueBytes > MAX_VALUE_LIMIT) {
            throw bad("--max-value-bytes must be at most " + MAX_VALUE_LIMIT);
        }
        if (maxKeyBytes > MAX_VALUE_LIMIT) {
            throw bad("--max-key-bytes must be at most " + MAX_VALUE_LIMIT);
        }
        var unsafe = new NodeOptions.Unsafe(unsafeStaleReads, unsafeAckBeforeCommit, unsafeNoFsync, unsafeNoSessions);
        // Keep one AppendEntries batch of maximal entries well inside one transport frame.
        long entryBytes = 2L * maxValueBytes + maxKeyBytes + 1024; // a CAS carries two values
        int batch = (int) Math.max(1, Math.min(256, (TransportOptions.DEFAULT.maxFrameBytes() / 2) / entryBytes));
        if (snapshotThreshold < 0) {
            throw bad("--snapshot-threshold must not be negative, got " + snapshotThreshold);
        }
        var node = new NodeOptions(
                id, peerMap, tickMillis, 10, 1, batch, requestTimeoutMillis, maxSessions, unsafe, snapshotThreshold);
        String advertised = advertiseHttp != null ? advertiseHttp : advertised(httpAddress, selfRaft);
        ServerVerticle.Join joining = null;
        if (join != null) {
            HostPort target = HostPort.parse(join, "--join");
            if (isWildcard(HostPort.parse(selfRaft, "--raft").host())) {
                throw bad("--join needs an address the members can dial: give --advertise-raft (--raft " + raft
                        + " listens on all interfaces)");
            }
            joining = new ServerVerticle.Join(target.toString(), selfRaft, advertised);
        }
        var httpOptions = new HttpOptions(
                httpAddress.host(),
                httpAddress.port(),
                advertised,
                maxKeyBytes,
                maxValueBytes,
                leaderWaitMillis,
                requestTimeoutMillis + 1000);
        raft = raftAddress.toString();
        return new Settings(node, httpOptions, peerMap, joining);
    }

    /**
     * The HTTP address to announce when none is given: --http itself, unless it listens on a
     * wildcard address (as in a container), in which case this node's host as its peers know it.
     */
    static String advertised(HostPort http, String selfPeerAddress) {
        if (!isWildcard(http.host())) {
            return http.toString();
        }
        return HostPort.parse(selfPeerAddress, "--peers").host() + ":" + http.port();
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private Map<String, String> parsePeers(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw bad("--peers entry '" + p + "' is not id=host:port");
            }
            String peerId = p.substring(0, eq);
            String address = HostPort.parse(p.substring(eq + 1), "--peers entry '" + peerId + "'")
                    .toString();
            if (map.put(peerId, address) != null) {
                throw bad("--peers names '" + peerId + "' twice");
            }
        }
        return map;
    }

    private void require(Object value, String flag) {
        if (value == null || value.toString().isBlank()) {
            throw bad("missing " + flag + " (or " + envName(flag) + ")");
        }
    }

    private void positive(long value, String flag) {
        if (value <= 0) {
            throw bad(flag + " must be positive, got " + value);
        }
    }

    private static String envName(String flag) {
        return "RAFTKV_" + flag.substring(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A host:port pair. */
    record HostPort(String host, int port) {
        static HostPort parse(String value, String what) {
            int colon = value == null ? -1 : value.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(what + " must be host:port, got '" + value + "'");
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(value.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " has a bad port in '" + value + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
