package io.raftkv.tester.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's fsynced image on a plain file, without FUSE: what restoring and tearing put back. */
class FileImageTest {
    private static final int PAGE = FileImage.PAGE;

    @TempDir
    Path dir;

    private Path file;
    private final byte[] durable = filled(3 * PAGE, 'a');

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @BeforeEach
    void fsyncedFile() throws IOException {
        file = Files.write(dir.resolve("f"), durable);
    }

    /** Overwrites page 1 and appends two pages, through {@code image} as the file system does. */
    private FileImage changed(FileChannel ch) throws IOException {
        FileImage image = new FileImage(ch.size());
        image.beforeChange(ch, PAGE, 2L * PAGE);
        FileImage.writeFully(ch, filled(PAGE, 'b'), PAGE);
        image.beforeChange(ch, 3L * PAGE, 5L * PAGE);
        FileImage.writeFully(ch, filled(2 * PAGE, 'c'), 3L * PAGE);
        return image;
    }

    @Test
    void restorePutsBackTheFsyncedBytesAndSize() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileImage image = changed(ch);
            assertEquals(1, image.keptPages(), "only the overwritten page within the fsynced size is kept");
            assertEquals(PAGE, image.firstChange(ch.size()));
            image.restore(ch);
        }
        assertArrayEquals(durable, Files.readAllBytes(file));
    }

    @Test
    void restoreFromACutKeepsTheChangesBelowIt() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            changed(ch).restoreFrom(ch, 4L * PAGE);
        }
        byte[] expected = new byte[4 * PAGE];
        Arrays.fill(expected, 0, PAGE, (byte) 'a');
        Arrays.fill(expected, PAGE, 2 * PAGE, (byte) 'b');
        Arrays.fill(expected, 2 * PAGE, 3 * PAGE, (byte) 'a');
        Arrays.fill(expected, 3 * PAGE, 4 * PAGE, (byte) 'c');
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void aCutBelowTheOverwrittenPageKeepsNoneOfIt() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            changed(ch).restoreFrom(ch, PAGE);
        }
        assertArrayEquals(durable, Files.readAllBytes(file));
    }

    @Test
    void aTruncationKeepsWhatItCutOff() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileImage image = new FileImage(ch.size());
            image.beforeChange(ch, 100, ch.size());
            FileImage.setSize(ch, 100);
            assertEquals(3, image.keptPages());
            assertEquals(0, image.firstChange(ch.size()));
            image.restore(ch);
        }
        assertArrayEquals(durable, Files.readAllBytes(file));
    }

    @Test
    void flipDamagesTheKeptPageWhereTheFileChangedSinceAndTheFileWhereNot() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileImage image = changed(ch);
            image.flip(ch, PAGE - 1, 2); // last byte of page 0 (in the file), first of page 1 (kept)
            byte[] now = Files.readAllBytes(file);
            assertEquals((byte) ~'a', now[PAGE - 1]);
            assertEquals((byte) 'b', now[PAGE], "the unfsynced page reads as written");
            image.restore(ch);
        }
        byte[] after = Files.readAllBytes(file);
        assertEquals((byte) ~'a', after[PAGE - 1]);
        assertEquals((byte) ~'a', after[PAGE]);
        assertEquals((byte) 'a', after[PAGE + 1]);
    }
}
