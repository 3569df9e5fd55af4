package io.raftkv.tester.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What one bench phase measured: requests that succeeded within the measured window, failures by
 * reason, latencies in microseconds, and CPU seconds used by each node and by the client.
 *
 * @param name what the phase did ("writes")
 * @param ok successful requests whose (intended) start fell in the window
 * @param errors failed requests by reason
 * @param seconds the window's length
 * @param micros latencies of the successful requests
 * @param cpu CPU seconds per process over the window
 * @param entriesPerRequest puts each request carried (a batch), 1 for single operations
 */
public record PhaseReport(
        String name,
        long ok,
        Map<String, Long> errors,
        double seconds,
        Histogram micros,
        List<NodeCpu> cpu,
        int entriesPerRequest) {
    public PhaseReport {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a phase lasts a positive time, not " + seconds);
        }
        if (entriesPerRequest < 1) {
            throw new IllegalArgumentException("a request carries at least one entry, not " + entriesPerRequest);
        }
        errors = Map.copyOf(errors);
        cpu = List.copyOf(cpu);
    }

    /** A phase of single operations. */
    public PhaseReport(
            String name, long ok, Map<String, Long> errors, double seconds, Histogram micros, List<NodeCpu> cpu) {
        this(name, ok, errors, seconds, micros, cpu, 1);
    }

    /** Successful requests per second. */
    public double throughput() {
        return ok / seconds;
    }

    /** Keys written (or read) per second by the successful requests: a batch counts each of its puts. */
    public double entriesPerSecond() {
        return throughput() * entriesPerRequest;
    }

    /** All failed requests. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds; 0 when nothing succeeded. */
    public double millisAt(double percentile) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** CPU seconds {@code process} used per 1,000 successful requests; NaN without either. */
    public static double perThousand(NodeCpu process, long ok) {
        return ok == 0 ? Double.NaN : process.seconds() * 1000 / ok;
    }

    /** The report as printed: figures, then failures, then CPU. */
    public List<String> lines() {
        String figures = String.format(
                Locale.ROOT,
                "%-20s %9.0f ops/s  (%d ok, %d errors in %.1f s)  latency ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f",
                name,
                throughput(),
                ok,
                errorCount(),
                seconds,
                millisAt(50),
                millisAt(99),
                millisAt(99.9),
                micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0);
        String failures = errors.isEmpty()
                ? "  errors: none"
                : "  errors: "
                        + new java.util.TreeMap<>(errors)
                                .entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .collect(Collectors.joining(", "));
        String cpuLine = "  cpu s (per 1000 ok): "
                + cpu.stream()
                        .map(c -> Double.isNaN(c.seconds())
                                ? c.name() + " n/a"
                                : String.format(
                                        Locale.ROOT, "%s %.2f (%.3f)", c.name(), c.seconds(), perThousand(c, ok)))
                        .collect(Collectors.joining("  "));
        if (entriesPerRequest > 1) {
            String entries = String.format(
                    Locale.ROOT,
                    "%-20s %9.0f entries/s  (%d puts per request)",
                    "",
                    entriesPerSecond(),
                    entriesPerRequest);
            return List.of(figures, entries, failures, cpuLine);
        }
        return List.of(figures, failures, cpuLine);
    }
}
