package io.raftkv.server.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

    /** One command of every kind, with and without a session; {@code append} is the suffix appended. */
    private static List<Command> everyKind(String append) {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("b", "22");
        pairs.put("a", "1");
        return List.of(
                Command.of(new Command.Put("k", "v")),
                new Command("client-1", 7, new Command.Put("key", "")),
                Command.of(new Command.Delete("k")),
                Command.of(new Command.Cas("k", null, "v")),
                new Command("c", 1, new Command.Cas("k", "old", "new")),
                Command.of(new Command.Append("k", append)),
                Command.of(new Command.PutAll(pairs)),
                new Command("c", 2, new Command.PutAll(pairs)));
    }

    @Test
    void everyCommandRoundTrips() {
        for (Command c : everyKind("ünïcode ✓")) {
            assertEquals(c, Codec.decodeCommand(Codec.encode(c)));
        }
        var decoded = (Command.PutAll)
                Codec.decodeCommand(Codec.encode(everyKind("").getLast())).op();
        assertEquals(List.of("b", "a"), List.copyOf(decoded.pairs().keySet()));
    }

    @Test
    void theSizeHintOfAnAsciiCommand_isItsEncodedSize() {
        for (Command c : everyKind("suffix")) {
            assertEquals(Codec.encode(c).length, Codec.sizeHint(c), c.toString());
        }
    }

    @Test
    void garbageIsRejectedNotCrashed() {
        byte[] valid = Codec.encode(Command.of(new Command.Put("key", "value")));
        for (int len = 0; len < valid.length; len++) {
            byte[] truncated = java.util.Arrays.copyOf(valid, len);
            assertThrows(IllegalArgumentException.class, () -> Codec.decodeCommand(truncated), "length " + len);
        }
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThrows(IllegalArgumentException.class, () -> Codec.decodeCommand(trailing));
        assertThrows(IllegalArgumentException.class, () -> Codec.decodeCommand(new byte[] {9, 0, 1}));
        // A key encoded as null is not a command.
        byte[] nullKey = {1, 0, 2, -1, -1, -1, -1};
        assertThrows(IllegalArgumentException.class, () -> Codec.decodeCommand(nullKey));
    }

    @Test
    void aPutAllWithANullValueIsNotACommand() {
        // version, no session, PutAll of one pair: "k" -> null.
        byte[] nullValue = {1, 0, 5, 0, 0, 0, 1, 0, 0, 0, 1, 'k', -1, -1, -1, -1};
        var e = assertThrows(IllegalArgumentException.class, () -> Codec.decodeCommand(nullValue));
        assertEquals("malformed command: value of k", e.getMessage());
    }
}
