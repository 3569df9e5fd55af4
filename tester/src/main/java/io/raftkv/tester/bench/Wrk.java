package io.raftkv.tester.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same writes from wrk (a load generator in C), for comparison: its command line, the Lua
 * script that makes its requests ({@code PUT /kv/<prefix><i mod keys>}, the bench's keys in the
 * bench's order) and what its {@code --latency} output says.
 */
public final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)%\\s+([0-9.]+)(us|ms|s|m)\\s*$");

    private Wrk() {}

    /** What one wrk run reported: successful requests per second and latency percentiles in ms. */
    public record Result(double okPerSecond, long requests, long non2xx, Map<Double, Double> millis) {
        public String line(String name) {
            return String.format(
                    Locale.ROOT,
                    "%-20s %9.0f ops/s  (%d requests, %d not 2xx)  latency ms: p50 %.2f  p99 %.2f",
                    name,
                    okPerSecond,
                    requests,
                    non2xx,
                    millis.getOrDefault(50.0, Double.NaN),
                    millis.getOrDefault(99.0, Double.NaN));
        }
    }

    /** A Lua script for wrk that writes {@code value} to keys {@code prefix0 .. prefix<keys-1>} in turn. */
    public static String putScript(String prefix, int keys, String value) {
        if (!prefix.matches("[A-Za-z0-9_-]*") || !value.matches("[A-Za-z0-9_-]*") || keys < 1) {
            throw new IllegalArgumentException("keys and values for wrk are plain words");
        }
        return "local i = -1\n"
                + "request = function()\n"
                + "  i = i + 1\n"
                + "  return wrk.format(\"PUT\", \"/kv/" + prefix + "\" .. (i % " + keys + "), nil, \"" + value + "\")\n"
                + "end\n";
    }

    /** wrk's command line: {@code threads} threads, {@code connections} connections, {@code seconds}. */
    public static List<String> command(String script, int threads, int connections, int seconds, String target) {
        return List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script,
                target);
    }

    /**
     * What wrk printed.
     *
     * @throws IllegalArgumentException if there is no {@code Requests/sec} line
     */
    public static Result parse(String output) {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalArgumentException("no Requests/sec in wrk's output:\n" + output);
        }
        double perSecond = Double.parseDouble(rate.group(1));
        Matcher total = TOTAL.matcher(output);
        long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
        Matcher bad = NON_2XX.matcher(output);
        long non2xx = bad.find() ? Long.parseLong(bad.group(1)) : 0;
        var millis = new LinkedHashMap<Double, Double>();
        for (String line : output.split("\n")) {
            Matcher p = PERCENTILE.matcher(line);
            if (p.matches()) {
                millis.put(Double.parseDouble(p.group(1)), toMillis(Double.parseDouble(p.group(2)), p.group(3)));
            }
        }
        double okShare = requests == 0 ? 1 : (requests - non2xx) / (double) requests;
        return new Result(perSecond * okShare, requests, non2xx, millis);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }

    /** The bench's figure over wrk's: {@code bench / wrk}, none when wrk had no success. */
    public static OptionalDouble ratio(double bench, Result wrk) {
        return wrk.okPerSecond() > 0 ? OptionalDouble.of(bench / wrk.okPerSecond()) : OptionalDouble.empty();
    }
}
