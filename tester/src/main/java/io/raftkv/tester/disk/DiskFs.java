package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The disk-fault file system as a program.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp raftkv-tester.jar io.raftkv.tester.disk.DiskFs \
 *     --backing DIR --mount DIR --control SOCKET [--seed N] [--exit-with-parent PID]
 *                                                                serve DIR at the mount until stopped
 * ... DiskFs --control SOCKET COMMAND [ARGS]                     send one command, print the answer
 * </pre>
 *
 * Serving prints {@code ready} on standard output once the mount serves and the control socket
 * answers, and unmounts on SIGTERM or SIGINT, or when process PID ends. Exit status: 0 done, 1
 * failed (the reason on standard error), 2 bad usage, 3 FUSE is missing here (said on standard
 * error).
 */
public final class DiskFs {
    private static final int MOUNT_WAIT_SECONDS = 20;

    private DiskFs() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path backing = null;
        Path mount = null;
        Path control = null;
        long seed = 0;
        Long parent = null;
        List<String> command = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--backing" -> backing = Path.of(args[++i]);
                    case "--mount" -> mount = Path.of(args[++i]);
                    case "--control" -> control = Path.of(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--exit-with-parent" -> parent = Long.parseLong(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            return usage("unknown option " + args[i]);
                        }
                        command.add(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return usage("an option lacks its value");
        } catch (NumberFormatException e) {
            return usage("--seed and --exit-with-parent take a whole number");
        }
        if (control == null) {
            return usage("--control SOCKET is required");
        }
        if (!command.isEmpty()) {
            if (backing != null || mount != null) {
                return usage("either serve (--backing, --mount) or send a command, not both");
            }
            return send(control, String.join(" ", command));
        }
        if (backing == null || mount == null) {
            return usage("--backing DIR and --mount DIR are required to serve");
        }
        if (parent != null) {
            // Serving outlives no rig: when the process that started it ends, unmount and go.
            var handle = ProcessHandle.of(parent);
            if (handle.isEmpty()) {
                System.err.println("diskfs: process " + parent + " (--exit-with-parent) is gone already");
                return 1;
            }
            handle.get().onExit().thenRun(() -> System.exit(0));
        }
        return serve(backing, mount, control, seed);
    }

    private static int send(Path control, String command) {
        if (!Files.exists(control)) {
            Optional<String> missing = FuseSupport.missing();
            if (missing.isPresent()) {
                System.err.println("diskfs: " + missing.get());
                return 3;
            }
        }
        try {
            System.out.println(new DiskControl(control).send(command));
            return 0;
        } catch (IOException e) {
            System.err.println("diskfs: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(Path backing, Path mount, Path control, long seed) {
        Optional<String> missing = FuseSupport.missing();
        if (missing.isPresent()) {
            System.err.println("diskfs: " + missing.get());
            return 3;
        }
        if (!Files.isDirectory(backing) || !Files.isDirectory(mount)) {
            System.err.println("diskfs: --backing and --mount must be existing directories");
            return 2;
        }
        if (FuseSupport.isMounted(mount)) {
            System.err.println("diskfs: something is mounted at " + mount.toAbsolutePath() + " already");
            return 1;
        }
        FaultFs fs;
        try {
            fs = new FaultFs(backing, seed);
        } catch (IOException | LinkageError e) {
            System.err.println("diskfs: cannot start: " + e);
            return 1;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("diskfs-fuse").start(() -> {
            try {
                fs.mount(mount, true, false, fuseOptions());
                ended.complete(null);
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        });
        try (ControlServer server = new ControlServer(control, fs)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MOUNT_WAIT_SECONDS);
            while (!FuseSupport.isMounted(mount)) {
                if (ended.isDone() || System.nanoTime() > deadline) {
                    System.err.println("diskfs: mounting at " + mount.toAbsolutePath() + " failed"
                            + (ended.isCompletedExceptionally() ? ": " + ended.exceptionNow() : ""));
                    return 1;
                }
                Thread.sleep(10);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FuseSupport.unmount(mount)));
            System.out.println("ready");
            System.out.flush();
            ended.join();
            return 0;
        } catch (IOException e) {
            System.err.println("diskfs: control socket " + control + ": " + e.getMessage());
            FuseSupport.unmount(mount);
            return 1;
        } catch (InterruptedException e) {
            FuseSupport.unmount(mount);
            return 1;
        }
    }

    /**
     * No kernel caching of attributes, names or data, so that what a fault puts back is what the
     * next read sees; one FUSE thread (every callback takes one lock anyway).
     */
    static String[] fuseOptions() {
        String options = "attr_timeout=0,entry_timeout=0,negative_timeout=0,direct_io,big_writes,"
                + "max_write=131072,use_ino,fsname=diskfs,subtype=raftkv";
        if ("root".equals(System.getProperty("user.name"))) {
            options += ",allow_other";
        }
        return new String[] {"-s", "-o", options};
    }

    private static int usage(String problem) {
        System.err.println("diskfs: " + problem + "\n" + usage());
        return 2;
    }

    private static String usage() {
        return """
                usage: DiskFs --backing DIR --mount DIR --control SOCKET [--seed N] [--exit-with-parent PID]   serve
                       DiskFs --control SOCKET COMMAND [ARGS]                          send a command
                commands: lose-unfsynced | torn [SEED] | corrupt FILE OFFSET LEN | corrupt-random SEED LEN
                    | repair | fsync-error [off] | status""";
    }
}
