package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.bench.BenchRequests.BenchSystem;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String decode(JsonNode node) {
        return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.UTF_8);
    }

    @Test
    void raftkvSinglePutsAndReadsGoToTheKeysInTurn() {
        var r = new BenchRequests(BenchSystem.RAFTKV, 3, 4, 1);
        assertEquals(
                new LoadClient.Request(HttpMethod.PUT, "/kv/b0", "vvvv"),
                r.writes().apply(0));
        assertEquals(
                new LoadClient.Request(HttpMethod.PUT, "/kv/b2", "vvvv"),
                r.writes().apply(5));
        assertEquals(
                new LoadClient.Request(HttpMethod.GET, "/kv/b1", null),
                r.reads().apply(4));
    }

    @Test
    void aRaftkvBatchIsOnePostOfDistinctKeysAsAJsonObject() throws Exception {
        var r = new BenchRequests(BenchSystem.RAFTKV, 250, 20, 100);
        LoadClient.Request w = r.writes().apply(2);
        assertEquals(HttpMethod.POST, w.method());
        assertEquals("/kv", w.uri());
        JsonNode body = JSON.readTree(w.body());
        assertEquals(100, body.size(), "100 distinct keys");
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        // Batch 2 starts at pair 200 and wraps around the 250 keys.
        assertEquals("b200", names.get(0));
        assertEquals("b249", names.get(49));
        assertEquals("b0", names.get(50));
        assertEquals("b49", names.get(99));
        body.elements().forEachRemaining(v -> assertEquals("v".repeat(20), v.asText()));
        // Every key is written as often as any other over a cycle of batches.
        var covered = new HashSet<String>();
        for (long i = 0; i < 5; i++) {
            JSON.readTree(r.writes().apply(i).body()).fieldNames().forEachRemaining(covered::add);
        }
        assertEquals(250, covered.size());
    }

    @Test
    void etcdWritesAndLinearizableReadsGoThroughTheJsonGatewayInBase64() throws Exception {
        var r = new BenchRequests(BenchSystem.ETCD, 10, 5, 1);
        LoadClient.Request put = r.writes().apply(13);
        assertEquals(HttpMethod.POST, put.method());
        assertEquals("/v3/kv/put", put.uri());
        JsonNode p = JSON.readTree(put.body());
        assertEquals("b3", decode(p.get("key")));
        assertEquals("vvvvv", decode(p.get("value")));
        assertEquals(2, p.size());

        LoadClient.Request range = r.reads().apply(7);
        assertEquals("/v3/kv/range", range.uri());
        JsonNode g = JSON.readTree(range.body());
        assertEquals("b7", decode(g.get("key")));
        // No "serializable": etcd's range is then linearizable.
        assertNull(g.get("serializable"));
        assertEquals(1, g.size());
    }

    @Test
    void impossibleShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BenchRequests(BenchSystem.RAFTKV, 10, 1, 11));
        assertThrows(IllegalArgumentException.class, () -> new BenchRequests(BenchSystem.ETCD, 100, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new BenchRequests(BenchSystem.RAFTKV, 0, 1, 1));
    }
}
