package io.raftkv.server.transport;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random messages of every type, for codec and transport tests. */
final class Messages {
    private Messages() {}

    static Message random(Random rnd, String from, String to) {
        long term = rnd.nextLong(Long.MAX_VALUE);
        return switch (rnd.nextInt(6)) {
            case 0 ->
                new Message.VoteRequest(
                        from, to, term, rnd.nextLong(), rnd.nextLong(), rnd.nextBoolean(), rnd.nextBoolean());
            case 1 -> new Message.VoteResponse(from, to, term, rnd.nextBoolean(), rnd.nextBoolean());
            case 2 ->
                new Message.AppendRequest(
                        from, to, term, rnd.nextLong(), rnd.nextLong(), entries(rnd), rnd.nextLong(), rnd.nextLong());
            default ->
                new Message.AppendResponse(
                        from,
                        to,
                        term,
                        rnd.nextBoolean(),
                        rnd.nextLong(),
                        rnd.nextLong(),
                        rnd.nextLong(),
                        rnd.nextLong());
        };
    }

    static List<Entry> entries(Random rnd) {
        List<Entry> entries = new ArrayList<>();
        for (int i = rnd.nextInt(5); i > 0; i--) {
            byte[] data = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(2000)];
            rnd.nextBytes(data);
            entries.add(new Entry(rnd.nextLong(), rnd.nextLong(), EntryType.values()[rnd.nextInt(2)], data));
        }
        return entries;
    }
}
