package io.raftkv.server.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4: every sample belongs to
 * a family declared by one {@code # TYPE} line before it, names and labels are well formed, no series
 * repeats, and a histogram's buckets are cumulative and end in {@code le="+Inf"} equal to its count.
 * Anything else is an {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its metric name, labels (sorted) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** A parsed scrape: each family's type, and its samples. */
    public record Scrape(Map<String, String> types, List<Sample> samples) {
        /** The samples named {@code name} whose labels include {@code labels} (name, value pairs). */
        public List<Sample> find(String name, String... labels) {
            List<Sample> out = new ArrayList<>();
            for (Sample s : samples) {
                boolean match = s.name().equals(name);
                for (int i = 0; match && i < labels.length; i += 2) {
                    match = labels[i + 1].equals(s.labels().get(labels[i]));
                }
                if (match) {
                    out.add(s);
                }
            }
            return out;
        }

        /** The value of the one sample {@link #find} matches. */
        public double value(String name, String... labels) {
            List<Sample> found = find(name, labels);
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " samples match " + name + " " + List.of(labels));
            }
            return found.getFirst().value();
        }

        /** The sum over the samples {@link #find} matches (0 for none). */
        public double sum(String name, String... labels) {
            return find(name, labels).stream().mapToDouble(Sample::value).sum();
        }
    }

    private PrometheusText() {}

    public static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new java.util.HashSet<>();
        List<Sample> samples = new ArrayList<>();
        Map<String, Sample> seen = new HashMap<>();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line does not end with a line feed");
        }
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    name(parts[2], where);
                    if (parts.length != 4 || !TYPES.contains(parts[3])) {
                        throw new IllegalArgumentException(where + "unknown type");
                    }
                    if (types.put(parts[2], parts[3]) != null) {
                        throw new IllegalArgumentException(where + "a second TYPE for " + parts[2]);
                    }
                    if (samples.stream().anyMatch(s -> family(s.name(), types).equals(parts[2]))) {
                        throw new IllegalArgumentException(where + "TYPE after samples of " + parts[2]);
                    }
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    name(parts[2], where);
                    if (!helped.add(parts[2])) {
                        throw new IllegalArgumentException(where + "a second HELP for " + parts[2]);
                    }
                }
                continue;
            }
            Sample s = sample(line, where);
            String family = family(s.name(), types);
            if (!types.containsKey(family)) {
                throw new IllegalArgumentException(where + "no TYPE declared for " + s.name());
            }
            String key = s.name() + s.labels();
            if (seen.put(key, s) != null) {
                throw new IllegalArgumentException(where + "series repeated");
            }
            samples.add(s);
        }
        checkHistograms(types, samples);
        return new Scrape(types, samples);
    }

    /** The family a sample belongs to: a histogram's or summary's suffixes name their family. */
    private static String family(String sample, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Sample sample(String line, String where) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new TreeMap<>();
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int close = closingBrace(line, brace, where);
            String body = line.substring(brace + 1, close);
            Matcher m = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException(where + "bad label at '" + body.substring(at) + "'");
                }
                if (labels.put(m.group(1), unescape(m.group(2))) != null) {
                    throw new IllegalArgumentException(where + "label " + m.group(1) + " repeated");
                }
                at = m.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw new IllegalArgumentException(where + "labels not separated by ','");
                    }
                    at++;
                }
            }
            rest = line.substring(close + 1);
        } else {
            if (space < 0) {
                throw new IllegalArgumentException(where + "no value");
            }
            name = line.substring(0, space);
            rest = line.substring(space);
        }
        name(name, where);
        if (!rest.startsWith(" ")) {
            throw new IllegalArgumentException(where + "no space before the value");
        }
        String[] fields = rest.substring(1).split(" ");
        if (fields.length < 1 || fields.length > 2) {
            throw new IllegalArgumentException(where + "expected a value and an optional timestamp");
        }
        double value = number(fields[0], where);
        if (fields.length == 2) {
            try {
                Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "bad timestamp");
            }
        }
        return new Sample(name, labels, value);
    }

    private static int closingBrace(String line, int open, String where) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException(where + "unclosed '{'");
    }

    private static double number(String s, String where) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "bad value '" + s + "'");
                }
        }
    }

    private static void name(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
        }
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static void checkHistograms(Map<String, String> types, List<Sample> samples) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> series = new TreeMap<>(s.labels());
                    if (series.remove("le") == null) {
                        throw new IllegalArgumentException(family + ": a bucket without 'le'");
                    }
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                }
            }
            buckets.forEach((series, bs) -> {
                bs.sort((a, b) -> Double.compare(
                        number(a.labels().get("le"), ""), number(b.labels().get("le"), "")));
                for (int i = 1; i < bs.size(); i++) {
                    if (bs.get(i).value() < bs.get(i - 1).value()) {
                        throw new IllegalArgumentException(family + series + ": buckets not cumulative");
                    }
                }
                Sample last = bs.getLast();
                if (!"+Inf".equals(last.labels().get("le"))) {
                    throw new IllegalArgumentException(family + series + ": no le=\"+Inf\" bucket");
                }
                double count = samples.stream()
                        .filter(s ->
                                s.name().equals(family + "_count") && s.labels().equals(series))
                        .mapToDouble(Sample::value)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(family + series + ": no _count"));
                if (count != last.value()) {
                    throw new IllegalArgumentException(family + series + ": +Inf bucket differs from _count");
                }
            });
        });
    }
}
