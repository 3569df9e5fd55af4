package io.raftkv.server;

import io.raftkv.server.http.ApiToken;
import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.storage.FileRaftStorage;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.transport.ClusterSecret;
import io.raftkv.server.transport.TcpTransport;
import io.raftkv.server.transport.Transport;
import io.raftkv.server.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    /** How many snapshots a node keeps on disk: the latest and the one before, in case it is torn. */
    private static final int SNAPSHOTS_KEPT = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    Flags flags = new Flags();

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
            s = Settings.from(flags);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ClusterSecret secret = null;
        if (s.clusterSecretFile() != null) {
            try {
                secret = ClusterSecret.read(s.clusterSecretFile());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--cluster-secret-file " + e.getMessage());
            }
        } else {
            log.warn("peers are not authenticated: any process that reaches the peer port can take part as a"
                    + " member; give every node the same --cluster-secret-file");
        }
        HttpOptions http = s.http();
        if (http.tls() != null) {
            requireReadable(http.tls().cert(), "--http-tls-cert");
            requireReadable(http.tls().key(), "--http-tls-key");
            if (http.tls().ca() != null) {
                requireReadable(http.tls().ca(), "--http-tls-ca");
            }
        }
        if (s.httpTokenFile() != null) {
            try {
                http = http.withApiToken(ApiToken.read(s.httpTokenFile()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--http-token-file " + e.getMessage());
            }
        }
        try {
            Files.createDirectories(s.data());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--data " + s.data() + " is not a usable directory: " + e);
        }
        var registry = Metrics.registry();
        // Start-up loads many classes on the event loop; warn about that, but without stack traces.
        Vertx vertx = Metrics.vertx(
                new VertxOptions().setWarningExceptionTime(30).setWarningExceptionTimeUnit(TimeUnit.SECONDS), registry);
        ServerVerticle verticle = new ServerVerticle(
                s.node(),
                http,
                parts(s, secret),
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
                s.http().host() + ":" + s.http().port(),
                s.raftListen(),
                s.node().unsafe().any() ? " with UNSAFE switches " + s.node().unsafe() : "");
        if (s.exitWithParent() != null) {
            exitWithParent(s.exitWithParent());
        }
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

    private void requireReadable(Path file, String flag) {
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), flag + " " + file + " cannot be read");
        }
    }

    /** Exits (through the shutdown hook, so cleanly) once process {@code pid} has ended. */
    private static void exitWithParent(long pid) {
        var parent = ProcessHandle.of(pid);
        if (parent.isEmpty()) {
            log.warn("parent process {} is gone: shutting down", pid);
            Thread.ofPlatform().start(() -> System.exit(0));
            return;
        }
        parent.get().onExit().thenRun(() -> {
            log.warn("parent process {} ended: shutting down", pid);
            System.exit(0);
        });
    }

    private static ServerVerticle.Parts parts(Settings s, ClusterSecret secret) {
        return new ServerVerticle.Parts() {
            @Override
            public RaftStorage storage() throws Exception {
                return new FileRaftStorage(s.data(), s.storage());
            }

            @Override
            public SnapshotStore snapshots() throws Exception {
                return new SnapshotStore(
                        s.data().resolve("snapshots"),
                        SNAPSHOTS_KEPT,
                        s.storage().fsync());
            }

            @Override
            public Transport transport(Vertx vertx) {
                // Listen on --raft; peers reach this node at its --peers entry.
                return new TcpTransport(vertx, s.node().id(), s.transportPeers(), TransportOptions.DEFAULT, secret);
            }
        };
    }
}
