package io.raftkv.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every change this package makes to files and directories, and every force that makes one durable,
 * goes through here, so that {@link #probe} sees them all, in order and with the bytes written: a
 * test can check what was forced and when, and rebuild what a crash at any point could leave.
 */
final class DurableFiles {
    private DurableFiles() {}

    /** A file-system step, as seen by a {@link Probe}. */
    enum Step {
        /** A directory made; the path is the new directory. */
        MKDIR,
        /** A file created empty, or an existing one truncated to nothing as it is opened. */
        CREATE,
        /** Bytes written at a position. */
        WRITE,
        /** A file cut to a length. */
        TRUNCATE,
        /** {@code force} of a file, or of a directory (its entries). */
        FORCE,
        /** Atomic rename within a directory; the path is the new name. */
        RENAME,
        /** A file removed. */
        DELETE
    }

    /**
     * One step. {@code source} is the old name of a {@link Step#RENAME}; {@code position} is where a
     * {@link Step#WRITE} began or the length a {@link Step#TRUNCATE} left; {@code data} is a copy of
     * the bytes written. Unused fields are null or 0.
     */
    record Op(Step step, Path path, Path source, long position, byte[] data) {
        static Op of(Step step, Path path) {
            return new Op(step, path, null, 0, null);
        }
    }

    /** Sees each step after it succeeded. A test seam. */
    interface Probe {
        void step(Op op);
    }

    /** Null except in tests; production pays one field read per step. */
    static volatile Probe probe;

    private static void report(Op op) {
        Probe p = probe;
        if (p != null) {
            p.step(op);
        }
    }

    /**
     * Creates {@code dir} and any missing parents; with {@code fsync}, each new directory's name is
     * made durable in its parent, or a power loss could take the whole directory, and with it a vote.
     */
    static void createDirectories(Path dir, boolean fsync) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent, fsync);
        }
        Files.createDirectory(abs);
        report(Op.of(Step.MKDIR, dir));
        if (fsync && parent != null) {
            syncDirectory(parent);
        }
    }

    /** Makes the directory's entries (files created, renamed or removed in it) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
        report(Op.of(Step.FORCE, dir));
    }

    /** Forces what was written to {@code file} (open as {@code ch}) to the device. */
    static void force(FileChannel ch, Path file, boolean metadata) throws IOException {
        ch.force(metadata);
        report(Op.of(Step.FORCE, file));
    }

    /** Opens {@code file} for writing, created if absent and emptied if present. */
    static FileChannel create(Path file) throws IOException {
        FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        report(Op.of(Step.CREATE, file));
        return ch;
    }

    /** Writes all of {@code buf} at {@code position} of {@code file} (open as {@code ch}). */
    static void writeFully(FileChannel ch, Path file, ByteBuffer buf, long position) throws IOException {
        byte[] copy = null;
        if (probe != null) {
            copy = new byte[buf.remaining()];
            buf.duplicate().get(copy);
        }
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        report(new Op(Step.WRITE, file, null, position, copy));
    }

    /** Cuts {@code file} (open as {@code ch}) to {@code size} bytes; not durable until forced. */
    static void truncate(FileChannel ch, Path file, long size) throws IOException {
        ch.truncate(size);
        report(new Op(Step.TRUNCATE, file, null, size, null));
    }

    /** Removes {@code file}; not durable until its directory is forced. */
    static void delete(Path file) throws IOException {
        Files.delete(file);
        report(Op.of(Step.DELETE, file));
    }

    /** Removes {@code file} if it exists. */
    static void deleteIfExists(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            report(Op.of(Step.DELETE, file));
        }
    }

    /** Renames {@code from} to {@code to} atomically (not durable until the directory is forced). */
    static void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        report(new Op(Step.RENAME, to, from, 0, null));
    }

    /**
     * Creates {@code target} holding exactly {@code content}, atomically: a crash leaves either no
     * file or the whole file, never a partial one.
     */
    static void createAtomically(Path target, ByteBuffer content, boolean fsync) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = create(tmp)) {
            writeFully(ch, tmp, content, 0);
            if (fsync) {
                force(ch, tmp, true);
            }
        }
        moveAtomically(tmp, target);
        if (fsync) {
            syncDirectory(target.getParent());
        }
    }
}
