package io.raftkv.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test parser is strict: it accepts the format and refuses what breaks it. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP up whether it runs
            # TYPE up gauge
            up{job="a\\"b",node="n1"} 1
            # TYPE req_total counter
            req_total 3 1700000000000
            # TYPE lat_seconds histogram
            lat_seconds_bucket{le="0.1"} 1
            lat_seconds_bucket{le="+Inf"} 2
            lat_seconds_count 2
            lat_seconds_sum 0.3
            """;

    @Test
    void acceptsTheFormat() {
        var scrape = PrometheusText.parse(GOOD);
        assertEquals(1, scrape.value("up", "job", "a\"b"));
        assertEquals(3, scrape.value("req_total"));
        assertEquals(2, scrape.value("lat_seconds_count"));
        assertEquals("histogram", scrape.types().get("lat_seconds"));
        assertTrue(scrape.find("up", "node", "n2").isEmpty());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "up 1|no TYPE declared",
                "# TYPE up gauge\\nup 1\\nup 2|series repeated",
                "# TYPE up gauge\\n# TYPE up gauge\\nup 1|a second TYPE",
                "# TYPE up meter\\nup 1|unknown type",
                "# TYPE up gauge\\nup{a=b} 1|bad label",
                "# TYPE up gauge\\nup{a=\"b\" 1|unclosed",
                "# TYPE up gauge\\nup one|bad value",
                "# TYPE 1up gauge\\n1up 1|bad metric name",
                "# TYPE up gauge\\nup{a=\"b\";c=\"d\"} 1|not separated",
                "# TYPE h histogram\\nh_bucket{le=\"1\"} 2\\nh_bucket{le=\"+Inf\"} 1\\nh_count 1|not cumulative",
                "# TYPE h histogram\\nh_bucket{le=\"1\"} 2\\nh_count 2|no le=\"+Inf\"",
                "# TYPE h histogram\\nh_bucket{le=\"+Inf\"} 2\\nh_count 3|differs from _count",
            })
    void refusesWhatBreaksIt(String text, String problem) {
        var e = assertThrows(
                IllegalArgumentException.class, () -> PrometheusText.parse(text.replace("\\n", "\n") + "\n"));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
