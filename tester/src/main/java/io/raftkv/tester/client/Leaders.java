package io.raftkv.tester.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Asks the nodes' {@code GET /status} who leads. */
public final class Leaders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private Leaders() {}

    /**
     * The node that says it is leader in the highest term, if any answers. With several claimants
     * (an old leader not yet deposed), the higher term wins.
     */
    public static Optional<String> find(Map<String, URI> nodes) {
        String best = null;
        long bestTerm = -1;
        for (var e : nodes.entrySet()) {
            Optional<JsonNode> status = status(e.getValue());
            if (status.isEmpty()) {
                continue;
            }
            JsonNode s = status.get();
            long term = s.path("term").asLong(-1);
            if ("leader".equalsIgnoreCase(s.path("role").asText()) && term > bestTerm) {
                best = e.getKey();
                bestTerm = term;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The leader that a majority of nodes agree on, or empty. */
    public static Optional<String> agreed(Map<String, URI> nodes) {
        var votes = new HashMap<String, Integer>();
        for (var uri : nodes.values()) {
            status(uri)
                    .map(s -> s.path("leader").asText(""))
                    .filter(l -> !l.isEmpty() && !"null".equals(l))
                    .ifPresent(l -> votes.merge(l, 1, Integer::sum));
        }
        return votes.entrySet().stream()
                .filter(e -> e.getValue() > nodes.size() / 2)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    public static Optional<JsonNode> status(URI base) {
        try {
            var request = HttpRequest.newBuilder(base.resolve("/status"))
                    .timeout(Duration.ofSeconds(1))
                    .build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Convenience: node ids in order with their URIs. */
    public static Map<String, URI> byId(List<String> ids, List<URI> uris) {
        var out = new LinkedHashMap<String, URI>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), uris.get(i));
        }
        return out;
    }
}
