package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether this machine can serve a FUSE file system through jnr-fuse, and how to unmount one. */
public final class FuseSupport {
    private static final Path DEVICE = Path.of("/dev/fuse");
    private static final List<Path> LIBRARY_DIRS = List.of(
            Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"),
            Path.of("/lib64"),
            Path.of("/usr/lib64"),
            Path.of("/lib"),
            Path.of("/usr/lib"));

    private FuseSupport() {}

    /**
     * Why disk faults cannot run here, or empty where they can: {@code /dev/fuse} must be there and
     * usable, and libfuse 2 ({@code libfuse.so.2}, which jnr-fuse binds) installed.
     */
    public static Optional<String> missing() {
        return missing(DEVICE, LIBRARY_DIRS);
    }

    /** {@link #missing()} with the device and the library directories to look in given. */
    static Optional<String> missing(Path device, List<Path> libraryDirs) {
        List<String> missing = new ArrayList<>();
        if (!Files.exists(device)) {
            missing.add("/dev/fuse is missing (load the kernel's fuse module; in a container, run it with"
                    + " --device /dev/fuse --cap-add SYS_ADMIN)");
        } else if (!Files.isReadable(device) || !Files.isWritable(device)) {
            missing.add("/dev/fuse is not readable and writable by this user");
        }
        if (libraryDirs.stream().noneMatch(d -> Files.exists(d.resolve("libfuse.so.2")))) {
            missing.add("libfuse.so.2 is missing (Debian's libfuse2; docker/fuse.sh installs it as root)");
        }
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("disk faults need FUSE, and " + String.join("; ", missing));
    }

    /** Whether a file system is mounted at {@code mountPoint}, by /proc/self/mountinfo. */
    public static boolean isMounted(Path mountPoint) {
        String target = mountPoint.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].replace("\\040", " ").equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Unmounts {@code mountPoint} lazily (a busy mount is detached now and goes when its last user
     * does): {@code fusermount3 -u -z}, else {@code umount -l}. Returns whether nothing is mounted
     * there afterwards.
     */
    public static boolean unmount(Path mountPoint) {
        String mp = mountPoint.toAbsolutePath().normalize().toString();
        for (List<String> cmd : List.of(List.of("fusermount3", "-u", "-z", mp), List.of("umount", "-l", mp))) {
            if (!isMounted(mountPoint)) {
                return true;
            }
            try {
                Process p = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !isMounted(mountPoint);
    }
}
