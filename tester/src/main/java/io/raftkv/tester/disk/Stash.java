package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hidden directory of the backing directory that holds names removed or replaced since the
 * last fsync of their directory, and the file-tree helpers around it.
 */
final class Stash {
    /** Its name, at the root of the backing directory; the mount neither lists nor serves it. */
    static final String NAME = ".diskfs-unsynced";

    private Stash() {}

    /** Deletes {@code path} and, for a directory, everything under it; nothing there is fine. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The inode number of {@code path} on the backing file system. */
    static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** Every regular file under {@code root} (the stash included), by inode number. */
    static Map<Long, Path> filesByInode(Path root) throws IOException {
        Map<Long, Path> byInode = new HashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    byInode.put(inode(p), p);
                }
            }
        }
        return byInode;
    }
}
