package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

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
    private final List<Corruption> corruptions = new ArrayList<>();
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
     * (relative to the root), and remembers it for {@link #repair()}.
     *
     * @throws IllegalArgumentException where the range is not all fsynced data of a regular file
     */
    Outcome corrupt(String file, long offset, long len) throws IOException {
        Path p = root.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no regular file " + file);
        }
        if (offset < 0 || len <= 0 || len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset must be >= 0 and length > 0, not " + offset + " " + len);
        }
        long ino = Stash.inode(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileImage image = images.get(ino);
            long durable = durableSize(image, ch);
            if (offset + len > durable) {
                throw new IllegalArgumentException(file + " holds " + durable + " fsynced bytes; cannot corrupt " + len
                        + " bytes at offset " + offset);
            }
            flip(image, ch, offset, len);
            corruptions.add(new Corruption(ino, file, offset, durableBytes(image, ch, offset, (int) len)));
        }
        return new Outcome("flipped every bit of " + len + " bytes at offset " + offset + " of " + file);
    }

    /**
     * Flips every bit of {@code len} bytes at a random place of the fsynced content of the served
     * files that reads as it was fsynced: the part of each file before its first page changed since
     * its last fsync, so that the damage is what the next reader sees (damage under a page written
     * since would show only after a power loss). Every such byte (of the files, in path order, that
     * hold at least {@code len}) is as likely to start the range. Answers {@code FILE OFFSET LEN},
     * where FILE is relative to the root.
     *
     * @throws IllegalArgumentException where no file holds {@code len} such bytes
     */
    Outcome corruptRandom(Random random, long len) throws IOException {
        if (len <= 0 || len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length must be > 0, not " + len);
        }
        TreeMap<String, Long> starts = new TreeMap<>();
        long total = 0;
        for (Path p : servedFiles()) {
            long stable;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                stable = stableSize(images.get(Stash.inode(p)), ch);
            }
            if (stable >= len) {
                starts.put(root.relativize(p).toString(), stable - len + 1);
                total += stable - len + 1;
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("no served file holds " + len + " fsynced bytes unchanged since");
        }
        long pick = random.nextLong(total);
        for (var e : starts.entrySet()) {
            if (pick < e.getValue()) {
                corrupt(e.getKey(), pick, len);
                return new Outcome(e.getKey() + " " + pick + " " + len);
            }
            pick -= e.getValue();
        }
        throw new IllegalStateException("unreachable: the pick is below the total");
    }

    /**
     * Flips back every corruption made since the last repair, newest first, where its range still
     * holds the damaged bytes in the fsynced content of the same file (found by inode, so under any
     * name); a range the file no longer holds, or that was rewritten and fsynced since, is left
     * alone and said so.
     */
    Outcome repair() throws IOException {
        if (corruptions.isEmpty()) {
            return new Outcome("nothing to repair");
        }
        List<String> said = new ArrayList<>();
        Map<Long, Path> paths = Stash.filesByInode(root);
        for (Corruption c : corruptions.reversed()) {
            String where = c.file() + " " + c.offset() + " " + c.damaged().length;
            Path p = paths.get(c.ino());
            if (p == null || p.startsWith(stash)) {
                said.add("left " + where + ": the file is gone");
                continue;
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileImage image = images.get(c.ino());
                int len = c.damaged().length;
                if (c.offset() + len > durableSize(image, ch)) {
                    said.add("left " + where + ": no longer fsynced content");
                } else if (!Arrays.equals(durableBytes(image, ch, c.offset(), len), c.damaged())) {
                    said.add("left " + where + ": rewritten since");
                } else {
                    flip(image, ch, c.offset(), len);
                    said.add("restored " + where);
                }
            }
        }
        corruptions.clear();
        return new Outcome(String.join("; ", said));
    }

    /** How much of the file, from its start, reads as it was fsynced. */
    private static long stableSize(FileImage image, FileChannel ch) throws IOException {
        long size = ch.size();
        if (image == null) {
            return size;
        }
        long changed = image.firstChange(size);
        return Math.min(image.durableSize(), changed < 0 ? size : changed);
    }

    private static long durableSize(FileImage image, FileChannel ch) throws IOException {
        return image != null ? image.durableSize() : ch.size();
    }

    private static void flip(FileImage image, FileChannel ch, long offset, long len) throws IOException {
        if (image != null) {
            image.flip(ch, offset, len);
        } else {
            for (long at = offset; at < offset + len; at++) {
                FileImage.flipInFile(ch, at);
            }
        }
    }

    private static byte[] durableBytes(FileImage image, FileChannel ch, long offset, int len) throws IOException {
        if (image != null) {
            return image.durableBytes(ch, offset, len);
        }
        byte[] out = new byte[len];
        FileImage.readFully(ch, out, offset);
        return out;
    }

    /** The served regular files (the stash left out), in path order. */
    private List<Path> servedFiles() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.startsWith(stash))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
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

    /** Bytes flipped by a corruption: where, and what the fsynced content held once flipped. */
    private record Corruption(long ino, String file, long offset, byte[] damaged) {}
}
