package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One change to the names of the served tree that no directory fsync has made durable yet, with
 * how to undo it. Paths are relative to the backing directory ("" is its root); a name that was
 * removed or replaced was moved aside into the stash (a hidden directory of the backing directory)
 * rather than deleted, so that undoing the change can bring it back.
 */
sealed interface NameChange {
    /** The directories whose entries this change altered: an fsync of any of them makes it durable. */
    List<String> dirs();

    /** Undoes this change on the backing directory; every later change was undone already. */
    void undo(Path root, Path stash) throws IOException;

    /** The name in the stash this change holds, or null: deleted for good once the change is durable. */
    String stashed();

    /** A file or directory was created at {@code path}. */
    record Created(String path) implements NameChange {
        @Override
        public List<String> dirs() {
            return List.of(parent(path));
        }

        @Override
        public void undo(Path root, Path stash) throws IOException {
            Stash.deleteTree(root.resolve(path));
        }

        @Override
        public String stashed() {
            return null;
        }
    }

    /** The file or empty directory at {@code path} was removed (moved into the stash as {@code stashName}). */
    record Removed(String path, String stashName) implements NameChange {
        @Override
        public List<String> dirs() {
            return List.of(parent(path));
        }

        @Override
        public void undo(Path root, Path stash) throws IOException {
            Files.move(stash.resolve(stashName), root.resolve(path), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public String stashed() {
            return stashName;
        }
    }

    /**
     * {@code from} was renamed to {@code to}; what {@code to} named before went into the stash as
     * {@code replacedStashName} (null where {@code to} did not exist).
     */
    record Renamed(String from, String to, String replacedStashName) implements NameChange {
        @Override
        public List<String> dirs() {
            return List.of(parent(from), parent(to));
        }

        @Override
        public void undo(Path root, Path stash) throws IOException {
            Files.move(root.resolve(to), root.resolve(from), StandardCopyOption.ATOMIC_MOVE);
            if (replacedStashName != null) {
                Files.move(stash.resolve(replacedStashName), root.resolve(to), StandardCopyOption.ATOMIC_MOVE);
            }
        }

        @Override
        public String stashed() {
            return replacedStashName;
        }
    }

    /** The directory holding {@code path} ("" for the root). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
