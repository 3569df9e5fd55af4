package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value is the raw request body whatever its content type: curl's default form content type stores
 * the bytes as sent, and a multipart body, which is not a raw value, is refused rather than stored
 * empty.
 */
class RequestBodiesTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static InProcessCluster cluster;
    private static String url;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(1, 1024, 1 << 20).start();
        cluster.awaitLeader(Duration.ofSeconds(10));
        url = cluster.url("n1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void largeValueWithFormContentTypeIsStoredAsSent() {
        String value = "0123456789abcdef".repeat(100 * 1024 / 16);
        Http.Reply put = send("PUT", url + "/kv/form-big", value, "Content-Type", FORM);
        assertEquals(200, put.status(), put.body());
        assertEquals(value, Http.get(url + "/kv/form-big").body());
    }

    @Test
    void formLookingValuesAreNotDecoded() {
        String fields = "a=b&".repeat(5000);
        assertEquals(
                200,
                send("PUT", url + "/kv/fields", fields, "Content-Type", FORM).status());
        assertEquals(fields, Http.get(url + "/kv/fields").body());
        String badEscape = "100%ZZ+%";
        assertEquals(
                200,
                send("PUT", url + "/kv/escape", badEscape, "Content-Type", FORM).status());
        assertEquals(badEscape, Http.get(url + "/kv/escape").body());
        assertEquals(
                200,
                send("POST", url + "/kv/escape/append", "&x=%", "Content-Type", FORM)
                        .status());
        assertEquals(badEscape + "&x=%", Http.get(url + "/kv/escape").body());
    }

    @Test
    void jsonBodiesWithFormContentTypeAreRead() {
        String big = "j".repeat(20 * 1024);
        Http.Reply cas = send(
                "POST",
                url + "/kv/json-form/cas",
                "{\"expected\":null,\"value\":\"" + big + "\"}",
                "Content-Type",
                FORM);
        assertEquals(200, cas.status(), cas.body());
        assertEquals(big, Http.get(url + "/kv/json-form").body());
        Http.Reply putAll = send("POST", url + "/key", "{\"form-a\":\"" + big + "\"}", "Content-Type", FORM);
        assertEquals(200, putAll.status(), putAll.body());
        assertEquals(big, Http.get(url + "/kv/form-a").body());
    }

    @Test
    void multipartBodyIsRefusedNotStoredEmpty() {
        String boundary = "xYzZY";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nhello\r\n--"
                + boundary + "--\r\n";
        String type = "multipart/form-data; boundary=" + boundary;
        Http.Reply put = send("PUT", url + "/kv/multi", multipart, "Content-Type", type);
        assertEquals(415, put.status(), put.body());
        assertTrue(put.header("Content-Type").startsWith("application/json"));
        assertTrue(put.json().getString("error").contains("multipart"), put.body());
        assertEquals(404, Http.get(url + "/kv/multi").status());
        Http.Reply append = send("POST", url + "/kv/multi/append", multipart, "Content-Type", type);
        assertEquals(415, append.status(), append.body());
        Http.Reply cas = send("POST", url + "/kv/multi/cas", multipart, "Content-Type", type);
        assertEquals(415, cas.status(), cas.body());
        assertEquals(404, Http.get(url + "/kv/multi").status());
    }
}
