package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LostLogWatchTest {
    private final LostLogWatch watch = new LostLogWatch();

    @Test
    void aMatchThatGoesBackIsReportedWithWhatWasAcknowledged() {
        assertEquals(Map.of(), watch.update(Map.of("n1", 5L, "n2", 5L, "n3", 4L)));
        assertEquals(Map.of(), watch.update(Map.of("n1", 9L, "n2", 9L, "n3", 9L)), "progress is no loss");
        assertEquals(Map.of("n3", 9L), watch.update(Map.of("n1", 9L, "n2", 9L, "n3", 0L)));
        assertEquals(Map.of(), watch.update(Map.of("n1", 9L, "n2", 9L, "n3", 3L)), "reported once");
    }

    @Test
    void aNewLeadershipStartsAfresh() {
        watch.update(Map.of("n1", 9L, "n2", 9L));
        assertEquals(Map.of(), watch.update(Map.of()), "not leading");
        assertEquals(Map.of(), watch.update(Map.of("n1", 12L, "n2", 0L)), "a new term's leader knows nothing yet");
    }
}
