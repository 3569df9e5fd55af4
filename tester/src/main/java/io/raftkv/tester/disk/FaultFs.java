package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE side: a passthrough over a backing directory that tells {@link Unsynced} about every
 * change before it makes it, and serves the faults. Every callback and every fault runs under one
 * lock, so a fault sees no half-done operation. Regular files and directories only (no links,
 * devices or extended attributes).
 */
final class FaultFs extends FuseStubFS {
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private final Path root;
    private final Unsynced unsynced;
    private final Random random;
    private final Map<Long, Handle> handles = new HashMap<>();
    private long nextHandle = 1;
    private boolean failNextFsync;

    /** An open file: its backing channel and inode. */
    private record Handle(FileChannel channel, long ino) {}

    FaultFs(Path root, long seed) throws IOException {
        this.root = root.toAbsolutePath();
        this.unsynced = new Unsynced(this.root);
        this.random = new Random(seed);
    }

    // ---- faults (the control channel calls these) ----

    synchronized Unsynced.Outcome loseUnsynced() throws IOException {
        return unsynced.loseUnsynced();
    }

    synchronized Unsynced.Outcome torn(Long seed) throws IOException {
        return unsynced.torn(seed == null ? random : new Random(seed));
    }

    synchronized Unsynced.Outcome corrupt(String file, long offset, long len) throws IOException {
        String rel = relative(file.startsWith("/") ? file : "/" + file);
        if (rel == null) {
            throw new IllegalArgumentException("no such file in the mount: " + file);
        }
        return unsynced.corrupt(rel, offset, len);
    }

    synchronized Unsynced.Outcome corruptRandom(long seed, long len) throws IOException {
        return unsynced.corruptRandom(new Random(seed), len);
    }

    synchronized Unsynced.Outcome repair() throws IOException {
        return unsynced.repair();
    }

    synchronized Unsynced.Outcome failNextFsync() {
        failNextFsync = true;
        return new Unsynced.Outcome("the next fsync fails with EIO");
    }

    /** Disarms an armed fsync error; says whether one was armed (an armed one has not fired yet). */
    synchronized Unsynced.Outcome disarmFsyncError() {
        boolean was = failNextFsync;
        failNextFsync = false;
        return new Unsynced.Outcome(was ? "disarmed the fsync error before it fired" : "no fsync error was armed");
    }

    synchronized String status() {
        return unsynced.summary() + " fsync-error=" + (failNextFsync ? "armed" : "off");
    }

    // ---- paths ----

    /** The FUSE path ("/a/b") relative to the root ("a/b"; "" for the root), or null for the stash. */
    private static String relative(String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.endsWith("/")) {
            rel = rel.substring(0, rel.length() - 1);
        }
        if (rel.equals(Stash.NAME) || rel.startsWith(Stash.NAME + "/")) {
            return null;
        }
        return rel;
    }

    private Path backing(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** Runs {@code op} on the backing path of {@code path}; maps exceptions to negated errno values. */
    private int run(String path, PathOp op) {
        String rel = relative(path);
        if (rel == null) {
            return -ErrorCodes.ENOENT();
        }
        try {
            return op.apply(rel, backing(rel));
        } catch (Throwable t) {
            return -errno(t);
        }
    }

    private interface PathOp {
        int apply(String rel, Path p) throws IOException;
    }

    private static int errno(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return ErrorCodes.ENOENT();
        } else if (t instanceof FileAlreadyExistsException) {
            return ErrorCodes.EEXIST();
        } else if (t instanceof DirectoryNotEmptyException) {
            return ErrorCodes.ENOTEMPTY();
        } else if (t instanceof NotDirectoryException) {
            return ErrorCodes.ENOTDIR();
        } else if (t instanceof AccessDeniedException) {
            return ErrorCodes.EACCES();
        }
        // Unexpected: say so, since the application sees only EIO.
        System.err.println("diskfs: answering EIO: " + t);
        return ErrorCodes.EIO();
    }

    // ---- metadata ----

    @Override
    public synchronized int getattr(String path, FileStat stat) {
        return run(path, (rel, p) -> {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            stat.st_mode.set((Integer) a.get("mode"));
            stat.st_ino.set((Long) a.get("ino"));
            stat.st_nlink.set((Integer) a.get("nlink"));
            stat.st_uid.set((Integer) a.get("uid"));
            stat.st_gid.set((Integer) a.get("gid"));
            long size = (Long) a.get("size");
            stat.st_size.set(size);
            stat.st_blocks.set((size + 511) / 512);
            setTime(stat.st_mtim, (FileTime) a.get("lastModifiedTime"));
            setTime(stat.st_atim, (FileTime) a.get("lastAccessTime"));
            setTime(stat.st_ctim, (FileTime) a.get("ctime"));
            return 0;
        });
    }

    private static void setTime(Timespec ts, FileTime t) {
        long nanos = t.to(TimeUnit.NANOSECONDS);
        ts.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
        ts.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public synchronized int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        return run(path, (rel, p) -> {
            filter.apply(buf, ".", null, 0);
            filter.apply(buf, "..", null, 0);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                for (Path e : entries) {
                    String name = e.getFileName().toString();
                    if (!(rel.isEmpty() && name.equals(Stash.NAME))) {
                        filter.apply(buf, name, null, 0);
                    }
                }
            }
            return 0;
        });
    }

    @Override
    public synchronized int opendir(String path, FuseFileInfo fi) {
        return run(path, (rel, p) -> Files.isDirectory(p) ? 0 : -ErrorCodes.ENOTDIR());
    }

    @Override
    public synchronized int access(String path, int mask) {
        return run(path, (rel, p) -> Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOENT());
    }

    @Override
    public synchronized int statfs(String path, Statvfs st) {
        try {
            FileStore store = Files.getFileStore(root);
            long block = 4096;
            st.f_bsize.set(block);
            st.f_frsize.set(block);
            st.f_blocks.set(store.getTotalSpace() / block);
            st.f_bfree.set(store.getUnallocatedSpace() / block);
            st.f_bavail.set(store.getUsableSpace() / block);
            st.f_namemax.set(255);
            return 0;
        } catch (IOException e) {
            return -ErrorCodes.EIO();
        }
    }

    @Override
    public synchronized int chmod(String path, @mode_t long mode) {
        return run(path, (rel, p) -> {
            Files.setAttribute(p, "unix:mode", (int) (mode & 07777), LinkOption.NOFOLLOW_LINKS);
            return 0;
        });
    }

    @Override
    public synchronized int chown(String path, long uid, long gid) {
        return run(path, (rel, p) -> {
            if (uid != 0xFFFFFFFFL) {
                Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != 0xFFFFFFFFL) {
                Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            }
            return 0;
        });
    }

    @Override
    public synchronized int utimens(String path, Timespec[] timespec) {
        return run(path, (rel, p) -> {
            // [0] access, [1] modification; tv_nsec may say "now" or "leave as is" (utimensat(2)).
            Timespec m = timespec[1];
            long nanos = m.tv_nsec.longValue();
            if (nanos != UTIME_OMIT) {
                FileTime t = nanos == UTIME_NOW
                        ? FileTime.fromMillis(System.currentTimeMillis())
                        : FileTime.from(m.tv_sec.get() * 1_000_000_000L + nanos, TimeUnit.NANOSECONDS);
                Files.setLastModifiedTime(p, t);
            }
            return 0;
        });
    }

    // ---- names ----

    @Override
    public synchronized int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return run(path, (rel, p) -> {
            boolean existed = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            FileChannel ch =
                    FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (!existed) {
                unsynced.changed(new NameChange.Created(rel));
                Files.setPosixFilePermissions(p, permissions(mode));
            }
            fi.fh.set(register(new Handle(ch, Stash.inode(p))));
            return 0;
        });
    }

    @Override
    public synchronized int mknod(String path, @mode_t long mode, long rdev) {
        return run(path, (rel, p) -> {
            Files.createFile(p);
            unsynced.changed(new NameChange.Created(rel));
            Files.setPosixFilePermissions(p, permissions(mode));
            return 0;
        });
    }

    @Override
    public synchronized int mkdir(String path, @mode_t long mode) {
        return run(path, (rel, p) -> {
            Files.createDirectory(p);
            unsynced.changed(new NameChange.Created(rel));
            Files.setPosixFilePermissions(p, permissions(mode));
            return 0;
        });
    }

    @Override
    public synchronized int unlink(String path) {
        return run(path, (rel, p) -> {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return -ErrorCodes.EISDIR();
            }
            return stashAway(rel, p);
        });
    }

    @Override
    public synchronized int rmdir(String path) {
        return run(path, (rel, p) -> {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return -ErrorCodes.ENOTDIR();
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                if (entries.iterator().hasNext()) {
                    return -ErrorCodes.ENOTEMPTY();
                }
            }
            return stashAway(rel, p);
        });
    }

    private int stashAway(String rel, Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return -ErrorCodes.ENOENT();
        }
        String name = unsynced.newStashName();
        Files.move(p, unsynced.stash().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        unsynced.changed(new NameChange.Removed(rel, name));
        return 0;
    }

    @Override
    public synchronized int rename(String oldpath, String newpath) {
        String to = relative(newpath);
        if (to == null) {
            return -ErrorCodes.EACCES();
        }
        return run(oldpath, (from, p) -> {
            Path target = backing(to);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return -ErrorCodes.ENOENT();
            }
            String replaced = null;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                boolean fromDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                boolean toDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
                if (fromDir && !toDir) {
                    return -ErrorCodes.ENOTDIR();
                } else if (!fromDir && toDir) {
                    return -ErrorCodes.EISDIR();
                } else if (toDir) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                        if (entries.iterator().hasNext()) {
                            return -ErrorCodes.ENOTEMPTY();
                        }
                    }
                }
                replaced = unsynced.newStashName();
                Files.move(target, unsynced.stash().resolve(replaced), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
            unsynced.changed(new NameChange.Renamed(from, to, replaced));
            return 0;
        });
    }

    // ---- data ----

    @Override
    public synchronized int open(String path, FuseFileInfo fi) {
        return run(path, (rel, p) -> {
            int access = fi.flags.get() & O_ACCMODE;
            Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
            if (access == O_RDONLY) {
                options.add(StandardOpenOption.READ);
            } else {
                // Readable too: a write keeps the fsynced bytes it overwrites.
                options.add(StandardOpenOption.READ);
                options.add(StandardOpenOption.WRITE);
            }
            FileChannel ch = FileChannel.open(p, options);
            fi.fh.set(register(new Handle(ch, Stash.inode(p))));
            return 0;
        });
    }

    private long register(Handle h) {
        long id = nextHandle++;
        handles.put(id, h);
        return id;
    }

    @Override
    public synchronized int release(String path, FuseFileInfo fi) {
        Handle h = handles.remove(fi.fh.get());
        if (h != null) {
            try {
                h.channel().close();
            } catch (IOException e) {
                return -ErrorCodes.EIO();
            }
        }
        return 0;
    }

    @Override
    public synchronized int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Handle h = handles.get(fi.fh.get());
        if (h == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            ByteBuffer into = ByteBuffer.allocate((int) size);
            while (into.hasRemaining()) {
                if (h.channel().read(into, offset + into.position()) < 0) {
                    break;
                }
            }
            buf.put(0, into.array(), 0, into.position());
            return into.position();
        } catch (Throwable t) {
            return -errno(t);
        }
    }

    @Override
    public synchronized int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Handle h = handles.get(fi.fh.get());
        if (h == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            byte[] bytes = new byte[(int) size];
            buf.get(0, bytes, 0, bytes.length);
            unsynced.beforeChange(h.ino(), h.channel(), offset, offset + size);
            FileImage.writeFully(h.channel(), bytes, offset);
            return bytes.length;
        } catch (Throwable t) {
            return -errno(t);
        }
    }

    @Override
    public synchronized int truncate(String path, @off_t long size) {
        return run(path, (rel, p) -> {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                unsynced.beforeResize(Stash.inode(p), ch, size);
                FileImage.setSize(ch, size);
            }
            return 0;
        });
    }

    @Override
    public synchronized int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        Handle h = handles.get(fi.fh.get());
        if (h == null) {
            return truncate(path, size);
        }
        try {
            unsynced.beforeResize(h.ino(), h.channel(), size);
            FileImage.setSize(h.channel(), size);
            return 0;
        } catch (Throwable t) {
            return -errno(t);
        }
    }

    @Override
    public synchronized int flush(String path, FuseFileInfo fi) {
        return 0;
    }

    // ---- durability ----

    @Override
    public synchronized int fsync(String path, int isdatasync, FuseFileInfo fi) {
        if (failNextFsync) {
            failNextFsync = false;
            return -ErrorCodes.EIO();
        }
        Handle h = handles.get(fi.fh.get());
        try {
            if (h != null) {
                h.channel().force(isdatasync == 0);
                unsynced.fileSynced(h.ino());
                return 0;
            }
            return run(path, (rel, p) -> {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    ch.force(true);
                }
                unsynced.fileSynced(Stash.inode(p));
                return 0;
            });
        } catch (Throwable t) {
            return -errno(t);
        }
    }

    @Override
    public synchronized int fsyncdir(String path, FuseFileInfo fi) {
        if (failNextFsync) {
            failNextFsync = false;
            return -ErrorCodes.EIO();
        }
        return run(path, (rel, p) -> {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ch.force(true);
            }
            unsynced.dirSynced(rel);
            return 0;
        });
    }

    private static Set<PosixFilePermission> permissions(long mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1L << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
