package io.raftkv.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardStateFileTest {
    @TempDir
    Path dir;

    private HardState reopen() throws IOException {
        try (HardStateFile f = HardStateFile.open(dir, true)) {
            return f.current();
        }
    }

    @Test
    void aNewFileHoldsTheEmptyState() throws IOException {
        assertEquals(HardState.EMPTY, reopen());
    }

    @Test
    void theLatestWriteWins() throws IOException {
        try (HardStateFile f = HardStateFile.open(dir, true)) {
            f.write(new HardState(1, "n1", 0));
            f.write(new HardState(2, null, 3));
            f.write(new HardState(2, "n3", 5));
        }
        assertEquals(new HardState(2, "n3", 5), reopen());
    }

    /**
     * A write torn at any byte damages only the slot being written: recovery returns either the state
     * before the write or the new one, never a mix and never nothing.
     */
    @Test
    void aTornWriteLeavesThePreviousOrTheNewState() throws IOException {
        HardState before = new HardState(4, "n2", 9);
        HardState after = new HardState(5, "n1", 9);
        Path file = dir.resolve(HardStateFile.NAME);
        for (int tornBytes = 0; tornBytes < HardStateFile.SLOT_BYTES; tornBytes += 7) {
            java.nio.file.Files.deleteIfExists(file);
            long afterSlot;
            try (HardStateFile f = HardStateFile.open(dir, true)) {
                f.write(new HardState(3, "n3", 1));
                f.write(before);
                f.write(after);
                // writes alternate slots and seq says which is newer; find the slot `after` went to
                afterSlot = slotHolding(file, after);
            }
            // model a torn write: bytes from tornBytes on never reached the disk (zeros)
            byte[] b = java.nio.file.Files.readAllBytes(file);
            for (int i = tornBytes; i < HardStateFile.SLOT_BYTES; i++) {
                b[(int) afterSlot * HardStateFile.SLOT_BYTES + i] = 0;
            }
            java.nio.file.Files.write(file, b);
            HardState got = reopen();
            if (!got.equals(after)) {
                assertEquals(before, got, "torn at " + tornBytes);
            }
        }
    }

    private static long slotHolding(Path file, HardState hs) throws IOException {
        byte[] b = java.nio.file.Files.readAllBytes(file);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        for (int slot = 0; slot < 2; slot++) {
            if (buf.getLong(slot * HardStateFile.SLOT_BYTES + 12) == hs.term()) {
                return slot;
            }
        }
        throw new AssertionError("no slot holds " + hs);
    }

    @Test
    void commitOnlyChangesGoToTheSpareSlot() throws IOException {
        HardState vote = new HardState(7, "n2", 1);
        Path file = dir.resolve(HardStateFile.NAME);
        try (HardStateFile f = HardStateFile.open(dir, true)) {
            f.write(vote);
            long voteSlot = slotHolding(file, vote);
            for (int c = 2; c < 20; c++) {
                f.write(new HardState(7, "n2", c));
                // the slot with the forced vote is never overwritten by an unforced write
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file));
                assertEquals(1, buf.getLong((int) voteSlot * HardStateFile.SLOT_BYTES + 20));
            }
        }
        assertEquals(new HardState(7, "n2", 19), reopen());
    }

    @Test
    void bothSlotsDamagedIsAnError() throws IOException {
        try (HardStateFile f = HardStateFile.open(dir, true)) {
            f.write(new HardState(1, "x", 0));
        }
        Path file = dir.resolve(HardStateFile.NAME);
        Logs.flipByte(file, 14);
        Logs.flipByte(file, HardStateFile.SLOT_BYTES + 14);
        CorruptLogException e = assertThrows(CorruptLogException.class, this::reopen);
        assertEquals(file, e.file());
    }

    @Test
    void randomStatesRoundTrip() throws IOException {
        Random rnd = new Random(16);
        HardState last = HardState.EMPTY;
        try (HardStateFile f = HardStateFile.open(dir, true)) {
            for (int i = 0; i < 200; i++) {
                String vote = rnd.nextBoolean() ? null : "node-" + rnd.nextInt(1000) + "-ü";
                last = new HardState(last.term() + rnd.nextInt(2), vote, rnd.nextLong(Long.MAX_VALUE));
                f.write(last);
            }
        }
        assertEquals(last, reopen());
    }
}
