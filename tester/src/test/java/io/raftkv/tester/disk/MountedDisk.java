package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A disk-fault file system mounted for one test, with the file steps the tests take through it. */
final class MountedDisk implements AutoCloseable {
    final Path backing;
    final Path mount;
    final DiskFsProcess fs;

    MountedDisk(Path dir) throws IOException {
        this.backing = dir.resolve("backing");
        this.mount = dir.resolve("mount");
        this.fs = DiskFsProcess.start(backing, mount, dir.resolve("control.sock"), 1, dir.resolve("diskfs.log"));
    }

    Path path(String name) {
        return mount.resolve(name);
    }

    /** Writes {@code bytes} at {@code position} of {@code name} (created if missing), without fsync. */
    void write(String name, long position, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(
                path(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf, position + buf.position());
            }
        }
    }

    /** fsync of the file {@code name}. */
    void fsync(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** fsync of the directory {@code name} ("" for the mount's root): its entries become durable. */
    void fsyncDir(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(name.isEmpty() ? mount : path(name), StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Writes {@code bytes} as the whole of a new file {@code name} and makes file and name durable. */
    void writeDurably(String name, byte[] bytes) throws IOException {
        write(name, 0, bytes);
        fsync(name);
        fsyncDir("");
    }

    byte[] read(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    String send(String command) throws IOException {
        return fs.send(command);
    }

    @Override
    public void close() {
        fs.close();
    }
}
