package io.raftkv.tester.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The server's membership API as the nemesis uses it: {@code GET /cluster}, {@code DELETE
 * /cluster/nodes/{id}} and {@code POST /cluster/nodes}. Requests go to the nodes' HTTP API as the
 * rig reaches it (for Docker, the host-mapped ports), tried in the order given, one after another;
 * any node forwards a change to the leader. The addresses sent for a member are its own, as {@code
 * GET /cluster} lists them (for Docker, the in-network ones).
 *
 * <p>Each change is retried until it is done or its deadline passes: an answer that leaves the
 * outcome open (202 still catching up, 503 no leader, 504 outcome unknown, no answer) is asked again,
 * which the server makes harmless (adding a voter or removing a non-member is done at once).
 */
final class MembershipApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member as {@code GET /cluster} lists it. */
    record Member(String id, String raft, String http, boolean voter) {
        /** The body of {@code POST /cluster/nodes} that adds this member again. */
        Map<String, Object> addBody() {
            var body = new LinkedHashMap<String, Object>();
            body.put("id", id);
            body.put("raft", raft);
            if (http != null) {
                body.put("http", http);
            }
            return body;
        }
    }

    /** The membership one node knows: its voters and learners, who leads, and which node said so. */
    record View(String node, String leader, List<String> voters, List<String> learners, Map<String, Member> members) {}

    /**
     * @param requestTimeout one request; longer than the server's own wait for a change (its
     *     --request-timeout-ms, 5 s by default), so the server answers first
     * @param removeWait how long a removal may take, retries included
     * @param addWait how long adding a node back may take, its catching up included
     * @param retryPause between tries
     */
    record Timing(Duration requestTimeout, Duration removeWait, Duration addWait, Duration retryPause) {
        static Timing defaults() {
            return new Timing(
                    Duration.ofSeconds(8), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMillis(250));
        }
    }

    private final HttpClient http;
    private final Timing timing;

    MembershipApi(Timing timing) {
        this.timing = timing;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Timing timing() {
        return timing;
    }

    /**
     * The membership as the first node that answers {@code GET /cluster} knows it.
     *
     * @param via the nodes' base URIs in the order to try; asked again before each try
     */
    View view(Supplier<List<URI>> via, Duration wait) {
        JsonNode body = retry(
                "GET /cluster",
                via,
                wait,
                base -> HttpRequest.newBuilder(base.resolve("/cluster")).GET(),
                b -> true);
        return parse(body);
    }

    /**
     * Removes {@code id}; returns the voters after, once the removal is committed.
     *
     * @throws IllegalStateException when the server refuses (409: the last voter), or when the
     *     removal is not known to be done by the deadline
     */
    List<String> remove(String id, Supplier<List<URI>> via) {
        JsonNode body = retry(
                "removing " + id,
                via,
                timing.removeWait(),
                base -> HttpRequest.newBuilder(base.resolve("/cluster/nodes/" + enc(id)))
                        .DELETE(),
                b -> !strings(b.path("voters")).contains(id)
                        && !strings(b.path("learners")).contains(id));
        return strings(body.path("voters"));
    }

    /**
     * Adds {@code m} back; returns the voters after, once it is a voter again.
     *
     * @throws IllegalStateException when the server refuses (409: the id is a member at another
     *     address), or when the node is not a voter by the deadline
     */
    List<String> add(Member m, Supplier<List<URI>> via) {
        String body;
        try {
            body = JSON.writeValueAsString(m.addBody());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = retry(
                "adding " + m.id() + " back",
                via,
                timing.addWait(),
                base -> HttpRequest.newBuilder(base.resolve("/cluster/nodes"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                b -> strings(b.path("voters")).contains(m.id()));
        return strings(answer.path("voters"));
    }

    /**
     * Sends a request until a node answers 200 with a body that {@code done} accepts; 202, 503, 504,
     * a 200 not yet done, and no answer are tried again (on the next node) until the deadline. Any
     * other status ends it at once.
     */
    private JsonNode retry(
            String what,
            Supplier<List<URI>> via,
            Duration wait,
            Function<URI, HttpRequest.Builder> request,
            Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + wait.toNanos();
        var answers = new ArrayList<String>();
        for (int attempt = 0; ; attempt++) {
            List<URI> nodes = via.get();
            URI base = nodes.get(attempt % nodes.size());
            long left = deadline - System.nanoTime();
            Duration timeout = Duration.ofNanos(Math.max(
                    Duration.ofSeconds(1).toNanos(),
                    Math.min(timing.requestTimeout().toNanos(), left)));
            String answer;
            try {
                HttpResponse<String> r =
                        http.send(request.apply(base).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                answer = status + " " + oneLine(r.body());
                switch (status) {
                    case 200 -> {
                        JsonNode body = JSON.readTree(r.body());
                        if (done.test(body)) {
                            return body;
                        }
                    }
                    case 202, 503, 504 -> {}
                    default -> throw new IllegalStateException(what + ": " + base + " answered " + answer);
                }
            } catch (IOException e) {
                answer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
            answers.add(base.getAuthority() + " " + answer);
            if (System.nanoTime() + timing.retryPause().toNanos() > deadline) {
                throw new IllegalStateException(what + ": not done within " + wait.toMillis() + " ms after "
                        + answers.size() + " tries; last answers: "
                        + String.join("; ", answers.subList(Math.max(0, answers.size() - 3), answers.size())));
            }
            try {
                Thread.sleep(timing.retryPause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
        }
    }

    static View parse(JsonNode body) {
        var members = new LinkedHashMap<String, Member>();
        for (JsonNode m : body.path("members")) {
            String id = m.path("id").asText();
            members.put(
                    id,
                    new Member(
                            id,
                            text(m.path("raft")),
                            text(m.path("http")),
                            m.path("voter").asBoolean()));
        }
        return new View(
                text(body.path("id")),
                text(body.path("leader")),
                strings(body.path("voters")),
                strings(body.path("learners")),
                members);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
