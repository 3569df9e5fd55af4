package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkTest {
    private static final String OUTPUT = """
            Running 5s test @ http://127.0.0.1:61177
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    84.56ms   88.54ms 467.02ms   84.52%
                Req/Sec   581.07    579.99     2.25k    81.61%
              Latency Distribution
                 50%  845.98us
                 75%  125.40ms
                 90%    1.21s
                 99%  387.27ms
              5219 requests in 5.09s, 768.53KB read
              Non-2xx or 3xx responses: 1000
            Requests/sec:   1024.39
            Transfer/sec:    150.85KB
            """;

    @Test
    void okRateAndPercentilesInMilliseconds() {
        var r = Wrk.parse(OUTPUT);
        assertEquals(5219, r.requests());
        assertEquals(1000, r.non2xx());
        assertEquals(1024.39 * 4219 / 5219, r.okPerSecond(), 1e-9);
        assertEquals(0.84598, r.millis().get(50.0), 1e-9);
        assertEquals(125.40, r.millis().get(75.0), 1e-9);
        assertEquals(1210.0, r.millis().get(90.0), 1e-9);
        assertEquals(387.27, r.millis().get(99.0), 1e-9);
        assertEquals(0.5, Wrk.ratio(r.okPerSecond() / 2, r).orElseThrow(), 1e-9);
    }

    @Test
    void outputWithoutARateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1"));
    }

    @Test
    void theScriptWritesTheBenchsKeysInTurn() {
        String lua = Wrk.putScript("b", 8, "vvvv");
        assertTrue(lua.contains("wrk.format(\"PUT\", \"/kv/b\" .. (i % 8), nil, \"vvvv\")"), lua);
        assertThrows(IllegalArgumentException.class, () -> Wrk.putScript("b\"", 8, "v"));
    }
}
