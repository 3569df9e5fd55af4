package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything written to the served tree that an fsync has not made durable yet, and the faults
 * that act on it. The backing directory always holds what the mount shows; this keeps what it
 * held at the last fsync: per file (by inode) a {@link FileImage}, and the {@link NameChange}s
 * made since the last fsync of their directory, in order.
 *
 * <p>Names follow an ordered metadata journal: an fsync of a directory makes durable every name
 * change up to the last one that touched that directory (a later change cannot be durable while an
 * earlier one is not). An fsync of a file makes its content and size durable, not its name.
 *
 * <p>Not thread-safe: {@link FaultFs} calls it under one lock.
 */
final class Unsynced {
    private final Path root;
    private final Path stash;
    private final Map<Long, FileImage> images = new HashMap<>();
    private final List<NameChange> names = new ArrayList<>();
    private long stashCounter;

    Unsynced(Path root) throws IOException {
        this.root = root;
        this.stash = root.resolve(Stash.NAME);
        // A stash left by an earlier run holds removals nobody can undo any more: they are final.
        Stash.deleteTree(stash);
        Files.createDirectories(stash);
    }

    Path stash() {
        return stash;
    }

    /** Call before bytes {@code [from, to)} of the file with inode {@code ino} change. */
    void beforeChange(long ino, FileChannel ch, long from, long to) throws IOException {
        image(ino, ch).beforeChange(ch, from, to);
    }

    /** Call before the file's size changes to {@code newSize}. */
    void beforeResize(long ino, FileChannel ch, long newSize) throws IOException {
        FileImage image = image(ino, ch);
        image.beforeChange(ch, newSize, Math.max(newSize, ch.size()));
    }

    private FileImage image(long ino, FileChannel ch) throws IOException {
        FileImage image = images.get(ino);
        if (image == null) {
            image = new FileImage(ch.size());
            images.put(ino, image);
        }
        return image;
    }

    /** The file's content and size are durable. */
    void fileSynced(long ino) {
        images.remove(ino);
    }

    /** A new stash name for a name about to be removed or replaced. */
    String newStashName() {
        return Long.toString(++stashCounter);
    }

    void changed(NameChange change) {
        names.add(change);
    }

    /** The entries of {@code dir} ("" for the root) are durable, and with them every earlier name change. */
    void dirSynced(String dir) throws IOException {
        int last = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).dirs().contains(dir)) {
                last = i;
            }
        }
        settle(last + 1);
    }

    /** Makes the first {@code count} name changes durable: what they removed is gone for good. */
    private void settle(int count) throws IOException {
        List<NameChange> done = new ArrayList<>(names.subList(0, count));
        names.subList(0, count).clear();
        for (NameChange c : done) {
            if (c.stashed() != null) {
                Path gone = stash.resolve(c.stashed());
                if (Files.isRegularFile(gone)) {
                    images.remove(Stash.inode(gone));
                } else if (Files.isDirectory(gone)) {
                    Stash.filesByInode(gone).keySet().forEach(images::remove);
                }
                Stash.deleteTree(gone);
            }
        }
    }

    /** Undoes every name change after the first {@code keep}, newest first. */
    private void undoNamesAfter(int keep) throws IOException {
        for (int i = names.size() - 1; i >= keep; i--) {
            names.get(i).undo(root, stash);
            names.remove(i);
        }
    }

    /** The power loss: every file back to its fsynced content, every name change undone. */
    Outcome loseUnsynced() throws IOException {
        int files = images.size();
        int changes = names.size();
        Map<Long, Path> paths = Stash.filesByInode(root);
        for (Map.Entry<Long, FileImage> e : images.entrySet()) {
            Path p = paths.get(e.getKey());
            if (p != null) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    e.getValue().restore(ch);
                }
            }
        }
        images.clear();
        undoNamesAfter(0);
        return new Outcome(
                "restored " + files + " files to their fsynced content and undid " + changes + " name changes");
    }

    /**
     * A power loss in the middle of writing back: for each changed file, a random number of its
     * changed pages, from the lowest, reached the disk; the rest is back to its fsynced content. Of
     * the name changes, a random prefix became durable and the rest is undone.
     */
    Outcome torn(Random random) throws IOException {
        List<String> said = new ArrayList<>();
        Map<Long, Path> paths = Stash.filesByInode(root);
        for (Map.Entry<Long, FileImage> e : images.entrySet()) {
            Path p = paths.get(e.getKey());
            if (p == null) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                FileImage image = e.getValue();
                long size = ch.size();
                long lo = image.firstChange(size);
                if (lo < 0) {
                    continue;
                }
                long hi = roundUp(Math.max(size, image.durableSize()));
                long pages = (hi - lo) / FileImage.PAGE;
                long kept = pages == 0 ? 0 : random.nextLong(pages + 1);
                if (kept == 0) {
                    image.restore(ch);
                } else {
                    image.restoreFrom(ch, lo + kept * FileImage.PAGE);
                }
                said.add(root.relativize(p) + ": kept " + kept + " of " + pages + " changed pages from offset " + lo);
            }
        }
        images.clear();
        int keep = random.nextInt(names.size() + 1);
        said.add("kept " + keep + " of " + names.size() + " name changes");
        settle(keep);
        undoNamesAfter(0);
        return new Outcome(String.join("; ", said));
    }

    /**
     * Flips every bit of {@code len} bytes at {@code offset} of the fsynced content of {@code file}
     * (relative to the root).
     *
     * @throws IllegalArgumentException where the range is not all fsynced data of a regular file
     */
    Outcome corrupt(String file, long offset, long len) throws IOException {
        Path p = root.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no regular file " + file);
        }
        if (offset < 0 || len <= 0) {
            throw new IllegalArgumentException("offset must be >= 0 and length > 0, not " + offset + " " + len);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileImage image = images.get(Stash.inode(p));
            long durable = image != null ? image.durableSize() : ch.size();
            if (offset + len > durable) {
                throw new IllegalArgumentException(file + " holds " + durable + " fsynced bytes; cannot corrupt " + len
                        + " bytes at offset " + offset);
            }
            if (image != null) {
                image.flip(ch, offset, len);
            } else {
                for (long at = offset; at < offset + len; at++) {
                    FileImage.flipInFile(ch, at);
                }
            }
        }
        return new Outcome("flipped every bit of " + len + " bytes at offset " + offset + " of " + file);
    }

    /** A summary of what is not durable, for {@code status}. */
    String summary() {
        int pages = images.values().stream().mapToInt(FileImage::keptPages).sum();
        return "files=" + images.size() + " kept-pages=" + pages + " name-changes=" + names.size();
    }

    private static long roundUp(long n) {
        return (n + FileImage.PAGE - 1) / FileImage.PAGE * FileImage.PAGE;
    }

    /** What a fault did, in words. */
    record Outcome(String description) {}
}
