package io.raftkv.tester.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-fault file system, mounted for real (a child JVM serving a temporary directory): what
 * survives each fault is what a disk that lost power would hold.
 */
@RequiresFuse
@Timeout(60)
class DiskFsTest {
    private static final int PAGE = FileImage.PAGE;

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, char c) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void aWriteThatWasFsyncedSurvivesLosingTheUnfsynced() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("log", bytes("first"));
            disk.write("log", 5, bytes(" second"));
            disk.fsync("log");

            disk.send("lose-unfsynced");

            assertEquals("first second", new String(disk.read("log"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWriteWithoutFsyncIsGoneAfterLosingTheUnfsynced() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("log", bytes("durable"));
            disk.write("log", 0, bytes("D"));
            disk.write("log", 7, bytes(" and more"));
            assertEquals("Durable and more", new String(disk.read("log"), StandardCharsets.UTF_8));

            String said = disk.send("lose-unfsynced");

            assertEquals("durable", new String(disk.read("log"), StandardCharsets.UTF_8));
            assertTrue(said.contains("restored 1 files"), said);
            assertEquals("files=0 kept-pages=0 name-changes=0 fsync-error=off", disk.send("status"));
        }
    }

    @Test
    void aTruncationWithoutFsyncIsUndone() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            byte[] content = filled(3 * PAGE + 100, 'x');
            disk.writeDurably("log", content);
            try (FileChannel ch = FileChannel.open(disk.path("log"), StandardOpenOption.WRITE)) {
                ch.truncate(10);
            }
            assertEquals(10, Files.size(disk.path("log")));

            disk.send("lose-unfsynced");

            assertArrayEquals(content, disk.read("log"));
        }
    }

    @Test
    void aCreateOrRenameWithoutDirectoryFsyncIsUndone() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("state", bytes("old"));
            disk.writeDurably("removed", bytes("r"));
            // The atomic-replace idiom, short of its last step (the directory fsync).
            disk.write("state.tmp", 0, bytes("new"));
            disk.fsync("state.tmp");
            Files.move(disk.path("state.tmp"), disk.path("state"), StandardCopyOption.ATOMIC_MOVE);
            // A file whose data was fsynced but whose name was not, and a removal.
            disk.write("created", 0, bytes("c"));
            disk.fsync("created");
            Files.createDirectory(disk.path("sub"));
            Files.delete(disk.path("removed"));

            disk.send("lose-unfsynced");

            assertEquals("old", new String(disk.read("state"), StandardCharsets.UTF_8));
            assertEquals(List.of("removed", "state"), names(disk.mount));
            assertEquals("r", new String(disk.read("removed"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRenameFollowedByADirectoryFsyncSurvives() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("state", bytes("old"));
            disk.write("state.tmp", 0, bytes("new"));
            disk.fsync("state.tmp");
            Files.move(disk.path("state.tmp"), disk.path("state"), StandardCopyOption.ATOMIC_MOVE);
            Files.createDirectory(disk.path("sub"));
            disk.write("sub/file", 0, bytes("s"));
            disk.fsync("sub/file");
            disk.fsyncDir("sub");
            disk.fsyncDir("");

            disk.send("lose-unfsynced");

            assertEquals("new", new String(disk.read("state"), StandardCharsets.UTF_8));
            assertEquals(List.of("state", "sub"), names(disk.mount));
            assertEquals("s", new String(disk.read("sub/file"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void tornKeepsAPageAlignedPrefixOfTheUnfsyncedPagesChosenByItsSeed() throws IOException {
        byte[] before = filled(2 * PAGE, 'a');
        byte[] after = filled(8 * PAGE + 10, 'b');
        List<byte[]> results = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path runDir = Files.createDirectory(dir.resolve("run" + run));
            try (MountedDisk disk = new MountedDisk(runDir)) {
                disk.writeDurably("log", before);
                disk.write("log", 0, after);

                String said = disk.send("torn 42");

                byte[] now = disk.read("log");
                int cut = prefixLength(now, after);
                assertEquals(0, cut % PAGE, "the kept prefix ends on a page boundary: " + cut + "; " + said);
                assertTrue(cut > 0 && cut < after.length, "seed 42 keeps some pages and loses others: " + said);
                // The rest is what was fsynced there; past the fsynced end there is nothing.
                assertEquals(Math.max(cut, before.length), now.length, said);
                for (int i = cut; i < now.length; i++) {
                    assertEquals(before[i], now[i], "byte " + i + " is the fsynced one");
                }
                results.add(now);
            }
        }
        assertArrayEquals(results.get(0), results.get(1), "the same seed tears the same way");
    }

    private static int prefixLength(byte[] actual, byte[] expected) {
        int n = 0;
        while (n < actual.length && n < expected.length && actual[n] == expected[n]) {
            n++;
        }
        return n;
    }

    @Test
    void corruptFlipsTheBitsItSaysInFsyncedDataOnly() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            byte[] content = new byte[2 * PAGE];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) i;
            }
            disk.writeDurably("seg", content);

            disk.send("corrupt seg 100 3");

            byte[] now = disk.read("seg");
            for (int i = 0; i < content.length; i++) {
                byte expected = i >= 100 && i < 103 ? (byte) ~content[i] : content[i];
                assertEquals(expected, now[i], "byte " + i);
            }
            IOException pastEnd =
                    assertThrows(IOException.class, () -> disk.send("corrupt seg " + (2 * PAGE - 1) + " 2"));
            assertTrue(pastEnd.getMessage().contains("8192 fsynced bytes"), pastEnd.getMessage());
            assertThrows(IOException.class, () -> disk.send("corrupt nothing 0 1"));
        }
    }

    @Test
    void corruptionOfAPageOverwrittenSinceShowsAfterThePowerLoss() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("seg", filled(PAGE, 'a'));
            disk.write("seg", 0, filled(PAGE, 'b'));

            disk.send("corrupt seg 0 1");
            assertArrayEquals(filled(PAGE, 'b'), disk.read("seg"), "the unfsynced page is what is read until then");
            disk.send("lose-unfsynced");

            byte[] expected = filled(PAGE, 'a');
            expected[0] = (byte) ~'a';
            assertArrayEquals(expected, disk.read("seg"));
        }
    }

    @Test
    void fsyncErrorFailsTheNextFsyncWithEioAndOnlyThatOne() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("log", bytes("a"));
            disk.send("fsync-error");
            assertTrue(disk.send("status").endsWith("fsync-error=armed"));
            try (FileChannel ch = FileChannel.open(disk.path("log"), StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes("b")), 1);
                IOException failed = assertThrows(IOException.class, () -> ch.force(false));
                assertTrue(failed.getMessage().contains("Input/output error"), failed.getMessage());
                ch.force(false);
            }
            assertTrue(disk.send("status").endsWith("fsync-error=off"));

            disk.send("lose-unfsynced");

            assertEquals("ab", new String(disk.read("log"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void attributesPassThrough() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("f", bytes("12345"));
            var time = java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L);
            Files.setLastModifiedTime(disk.path("f"), time);
            Files.setPosixFilePermissions(
                    disk.path("f"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

            assertEquals(time, Files.getLastModifiedTime(disk.backing.resolve("f")));
            assertEquals(time, Files.getLastModifiedTime(disk.path("f")));
            assertEquals(
                    "rw-r-----",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(disk.path("f"))));
            assertEquals(5, Files.size(disk.path("f")));
        }
    }

    @Test
    void aCommandItDoesNotKnowIsRefusedWithTheList() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            IOException e = assertThrows(IOException.class, () -> disk.send("unplug"));
            assertTrue(e.getMessage().contains("unknown command 'unplug'"), e.getMessage());
            assertTrue(e.getMessage().contains("lose-unfsynced"), e.getMessage());
            assertFalse(Files.exists(disk.mount.resolve(Stash.NAME)), "the stash is not served");
        }
    }

    private static List<String> names(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
