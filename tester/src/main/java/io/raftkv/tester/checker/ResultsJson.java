package io.raftkv.tester.checker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code results.json} form of checker results:
 *
 * <pre>
 * {"verdict": "invalid",
 *  "results": [{"checker": "linearizable", "verdict": "invalid", "summary": "...",
 *               "details": {"key": "k7", "failingOp": 41, "linearizedPrefix": [0, 2], ...}}]}
 * </pre>
 *
 * The top-level verdict merges the results: invalid wins over unknown, unknown over valid.
 */
public final class ResultsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private ResultsJson() {}

    /** The merged verdict of {@code results}; valid when there are none. */
    public static Verdict merged(List<CheckResult> results) {
        Verdict v = Verdict.VALID;
        for (CheckResult r : results) {
            v = v.merge(r.verdict());
        }
        return v;
    }

    /** One result as JSON-ready maps. */
    public static Map<String, Object> toMap(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checker", r.checker());
        m.put("verdict", r.verdict().wire());
        m.put("summary", r.summary());
        m.put("details", r.details());
        return m;
    }

    /** The whole document as JSON-ready maps; {@code extra} fields (file, times...) come first. */
    public static Map<String, Object> toMap(List<CheckResult> results, Map<String, Object> extra) {
        Map<String, Object> doc = new LinkedHashMap<>(extra);
        doc.put("verdict", merged(results).wire());
        List<Object> list = new ArrayList<>();
        results.forEach(r -> list.add(toMap(r)));
        doc.put("results", list);
        return doc;
    }

    /** Writes any JSON-ready value (as built by {@link #toMap}), indented. */
    public static void write(Object doc, Writer out) throws IOException {
        JSON.writeValue(out, doc);
        out.write('\n');
        out.flush();
    }
}
