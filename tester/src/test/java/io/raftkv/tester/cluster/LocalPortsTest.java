package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void portsComeFromOutsideTheEphemeralRange_andNeverTwice() {
        int[] range = LocalPorts.fixedRange();
        var seen = new HashSet<Integer>();
        IntStream.range(0, 200).map(i -> LocalPorts.DEFAULT.next()).forEach(port -> {
            assertTrue(port >= range[0] && port < range[1], port + " outside " + range[0] + "-" + range[1]);
            assertTrue(seen.add(port), port + " handed out twice");
        });
        assertEquals(200, seen.size());
    }
}
