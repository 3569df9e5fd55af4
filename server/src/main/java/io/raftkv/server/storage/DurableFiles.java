package io.raftkv.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File-system steps that make creation, removal and writes durable. Every write, force and rename of
 * this package goes through here, so that {@link #probe} sees them all (truncations and deletions,
 * which are followed by a force of the file or its directory, do not).
 */
final class DurableFiles {
    private DurableFiles() {}

    /** A durability step, as seen by a {@link Probe}. */
    enum Step {
        WRITE,
        /** {@code force} of a file, or of a directory (its entries). */
        FORCE,
        /** Atomic rename; the path is the new name. */
        RENAME
    }

    /** Sees each step after it succeeded. A test seam: lets a test check what was forced and when. */
    interface Probe {
        void step(Step step, Path path);
    }

    /** Null except in tests; production pays one field read per write, force or rename. */
    static volatile Probe probe;

    private static void report(Step step, Path path) {
        Probe p = probe;
        if (p != null) {
            p.step(step, path);
        }
    }

    /** Makes the directory's entries (files created, renamed or removed in it) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
        report(Step.FORCE, dir);
    }

    /** Forces what was written to {@code file} (open as {@code ch}) to the device. */
    static void force(FileChannel ch, Path file, boolean metadata) throws IOException {
        ch.force(metadata);
        report(Step.FORCE, file);
    }

    /** Writes all of {@code buf} at {@code position} of {@code file} (open as {@code ch}). */
    static void writeFully(FileChannel ch, Path file, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        report(Step.WRITE, file);
    }

    /** Renames {@code from} to {@code to} atomically (not durable until the directory is forced). */
    static void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        report(Step.RENAME, to);
    }

    /**
     * Creates {@code target} holding exactly {@code content}, atomically: a crash leaves either no
     * file or the whole file, never a partial one.
     */
    static void createAtomically(Path target, ByteBuffer content, boolean fsync) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
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
