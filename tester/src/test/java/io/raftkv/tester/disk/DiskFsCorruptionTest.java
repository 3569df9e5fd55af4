package io.raftkv.tester.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the corrupt and fsync-error nemeses use: {@code corrupt-random}, {@code repair} and
 * {@code fsync-error off}, on a mounted disk-fault file system.
 */
@RequiresFuse
@Timeout(60)
class DiskFsCorruptionTest {
    private static final int PAGE = FileImage.PAGE;

    @TempDir
    Path dir;

    private static byte[] counting(int length, int from) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void corruptRandom_flipsTheRangeItNamesInFsyncedContent_andRepairRestoresIt() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            Map<String, byte[]> durable = Map.of("a", counting(2 * PAGE, 0), "sub/b", counting(PAGE, 7));
            Files.createDirectories(disk.path("sub"));
            disk.fsyncDir("");
            for (var e : durable.entrySet()) {
                disk.writeDurably(e.getKey(), e.getValue());
            }
            disk.fsyncDir("sub");
            disk.write("unsynced", 0, counting(PAGE, 3)); // no fsync: nothing of it may be picked

            List<String> picked = List.of(disk.send("corrupt-random 42 4").split(" "));

            assertEquals(3, picked.size(), "FILE OFFSET LEN: " + picked);
            String file = picked.get(0);
            int offset = Integer.parseInt(picked.get(1));
            assertEquals("4", picked.get(2));
            assertTrue(durable.containsKey(file), "a file with fsynced content, not " + file);
            byte[] expected = durable.get(file).clone();
            for (int i = offset; i < offset + 4; i++) {
                expected[i] = (byte) ~expected[i];
            }
            assertArrayEquals(expected, disk.read(file));
            assertArrayEquals(counting(PAGE, 3), disk.read("unsynced"));

            assertEquals("restored " + file + " " + offset + " 4", disk.send("repair"));
            for (var e : durable.entrySet()) {
                assertArrayEquals(e.getValue(), disk.read(e.getKey()), e.getKey());
            }
            assertEquals("nothing to repair", disk.send("repair"));
            assertEquals(
                    String.join(" ", picked), disk.send("corrupt-random 42 4"), "the same seed picks the same place");
        }
    }

    @Test
    void repair_leavesARangeRewrittenSince_orNoLongerFsynced() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("rewritten", counting(PAGE, 0));
            disk.writeDurably("cut", counting(PAGE, 0));
            disk.send("corrupt rewritten 10 2");
            disk.send("corrupt cut 100 1");
            byte[] fresh = counting(PAGE, 99);
            disk.write("rewritten", 0, fresh);
            disk.fsync("rewritten");
            try (FileChannel ch = FileChannel.open(disk.path("cut"), StandardOpenOption.WRITE)) {
                ch.truncate(50);
                ch.force(true);
            }

            String said = disk.send("repair");

            assertEquals("left cut 100 1: no longer fsynced content; left rewritten 10 2: rewritten since", said);
            assertArrayEquals(fresh, disk.read("rewritten"), "the data written after the corruption is intact");
            assertArrayEquals(Arrays.copyOf(counting(PAGE, 0), 50), disk.read("cut"));
        }
    }

    @Test
    void repair_findsTheCorruptedFileUnderItsNewName() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("tmp", counting(PAGE, 0));
            disk.send("corrupt tmp 0 3");
            Files.move(disk.path("tmp"), disk.path("final"));

            assertEquals("restored tmp 0 3", disk.send("repair"));
            assertArrayEquals(counting(PAGE, 0), disk.read("final"));
        }
    }

    @Test
    void corruptRandom_picksOnlyBytesThatReadAsTheyWereFsynced() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("log", counting(3 * PAGE, 0));
            disk.write("log", PAGE + 5, counting(10, 50)); // page 1 rewritten since: damage there would not show
            disk.writeDurably("rewritten", counting(PAGE, 0));
            disk.write("rewritten", 0, counting(1, 9)); // its only page rewritten since

            for (int seed = 0; seed < 20; seed++) {
                List<String> picked =
                        List.of(disk.send("corrupt-random " + seed + " 4").split(" "));
                assertEquals("log", picked.get(0), picked.toString());
                assertTrue(Integer.parseInt(picked.get(1)) <= PAGE - 4, "before the rewritten page: " + picked);
                disk.send("repair");
            }
            assertArrayEquals(counting(PAGE, 0), Arrays.copyOf(disk.read("log"), PAGE), "every pick repaired");
        }
    }

    @Test
    void corruptRandom_isRefusedWhereNoFileHoldsEnoughFsyncedBytes() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("small", counting(3, 0));
            IOException e = assertThrows(IOException.class, () -> disk.send("corrupt-random 1 4"));
            assertTrue(e.getMessage().contains("no served file holds 4 fsynced bytes"), e.getMessage());
            assertEquals("small 0 3", disk.send("corrupt-random 1 3"));
        }
    }

    @Test
    void fsyncErrorOff_disarmsAnArmedErrorAndSaysWhetherOneWasArmed() throws IOException {
        try (MountedDisk disk = new MountedDisk(dir)) {
            disk.writeDurably("log", counting(10, 0));
            disk.send("fsync-error");
            assertEquals("disarmed the fsync error before it fired", disk.send("fsync-error off"));
            assertTrue(disk.send("status").endsWith("fsync-error=off"));
            disk.fsync("log"); // succeeds: disarmed

            disk.send("fsync-error");
            assertThrows(IOException.class, () -> disk.fsync("log"));
            assertEquals("no fsync error was armed", disk.send("fsync-error off"), "it fired");
            IOException e = assertThrows(IOException.class, () -> disk.send("fsync-error on"));
            assertTrue(e.getMessage().contains("no argument, or off"), e.getMessage());
        }
    }
}
