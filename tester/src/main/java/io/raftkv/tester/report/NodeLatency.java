package io.raftkv.tester.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node's latency of one kind over a run, as the report draws it next to the fault bands: mean
 * milliseconds per scrape interval, at times in nanoseconds since the test started.
 *
 * @param metric e.g. "fsync" or "commit"
 */
public record NodeLatency(String node, String metric, long[] timeNanos, double[] millis) {
    public NodeLatency {
        if (timeNanos.length != millis.length) {
            throw new IllegalArgumentException(timeNanos.length + " times for " + millis.length + " values");
        }
        timeNanos = timeNanos.clone();
        millis = millis.clone();
    }

    /** JSON-ready, with times in the report's microseconds. */
    Map<String, Object> toData() {
        var out = new LinkedHashMap<String, Object>();
        out.put("node", node);
        out.put("metric", metric);
        out.put("t", Arrays.stream(timeNanos).map(ReportData::micros).toArray());
        out.put("v", millis);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeLatency n
                && node.equals(n.node)
                && metric.equals(n.metric)
                && Arrays.equals(timeNanos, n.timeNanos)
                && Arrays.equals(millis, n.millis);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * node.hashCode() + metric.hashCode()) + Arrays.hashCode(timeNanos);
    }

    @Override
    public String toString() {
        return node + " " + metric + " (" + timeNanos.length + " points)";
    }
}
