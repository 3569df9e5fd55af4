package io.raftkv.server.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records, through {@link DurableFiles#probe}, every change the storage code makes to files under
 * one directory and every force, in order: the input of {@link CrashStates}. Public so that tests of
 * the node's recovery can record too.
 */
public final class FileOpRecorder implements AutoCloseable {
    /** One recorded step; see {@link DurableFiles.Op}. */
    public record FileOp(String step, Path path, Path source, long position, byte[] data) {
        @Override
        public String toString() {
            return step + " " + path + (source == null ? "" : " from " + source)
                    + (data == null ? "" : " @" + position + "+" + data.length)
                    + ("TRUNCATE".equals(step) ? " to " + position : "");
        }
    }

    private final Path root;
    private final List<FileOp> ops = Collections.synchronizedList(new ArrayList<>());

    /** Starts recording the steps under {@code root}, which must exist. */
    public FileOpRecorder(Path root) {
        this.root = root.toAbsolutePath();
        DurableFiles.probe = op -> {
            Path abs = op.path().toAbsolutePath();
            if (abs.startsWith(this.root) && (!abs.equals(this.root) || op.step() == DurableFiles.Step.FORCE)) {
                Path source = op.source() == null
                        ? null
                        : this.root.relativize(op.source().toAbsolutePath());
                ops.add(new FileOp(op.step().name(), this.root.relativize(abs), source, op.position(), op.data()));
            }
        };
    }

    /** Steps recorded so far, with paths relative to the root. */
    public int size() {
        return ops.size();
    }

    public List<FileOp> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    @Override
    public void close() {
        DurableFiles.probe = null;
    }
}
