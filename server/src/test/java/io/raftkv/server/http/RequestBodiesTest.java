package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.OneNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A value is the raw request body whatever its content type: curl's default form content type stores
 * the bytes as sent, and a multipart body, which is not a raw value, is refused rather than stored
 * empty.
 */
class RequestBodiesTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    @RegisterExtension
    static final OneNode NODE = new OneNode();

    @Test
    void largeValueWithFormContentTypeIsStoredAsSent() {
        String value = "0123456789abcdef".repeat(100 * 1024 / 16);
        Http.Reply put = send("PUT", NODE.url() + "/kv/form-big", value, "Content-Type", FORM);
        assertEquals(200, put.status(), put.body());
        assertEquals(value, Http.get(NODE.url() + "/kv/form-big").body());
    }

    @Test
    void formLookingValuesAreNotDecoded() {
        String fields = "a=b&".repeat(5000);
        assertEquals(
                200,
                send("PUT", NODE.url() + "/kv/fields", fields, "Content-Type", FORM)
                        .status());
        assertEquals(fields, Http.get(NODE.url() + "/kv/fields").body());
        String badEscape = "100%ZZ+%";
        assertEquals(
                200,
                send("PUT", NODE.url() + "/kv/escape", badEscape, "Content-Type", FORM)
                        .status());
        assertEquals(badEscape, Http.get(NODE.url() + "/kv/escape").body());
        assertEquals(
                200,
                send("POST", NODE.url() + "/kv/escape/append", "&x=%", "Content-Type", FORM)
                        .status());
        assertEquals(badEscape + "&x=%", Http.get(NODE.url() + "/kv/escape").body());
    }

    @Test
    void jsonBodiesWithFormContentTypeAreRead() {
        String big = "j".repeat(20 * 1024);
        Http.Reply cas = send(
                "POST",
                NODE.url() + "/kv/json-form/cas",
                "{\"expected\":null,\"value\":\"" + big + "\"}",
                "Content-Type",
                FORM);
        assertEquals(200, cas.status(), cas.body());
        assertEquals(big, Http.get(NODE.url() + "/kv/json-form").body());
        Http.Reply putAll = send("POST", NODE.url() + "/key", "{\"form-a\":\"" + big + "\"}", "Content-Type", FORM);
        assertEquals(200, putAll.status(), putAll.body());
        assertEquals(big, Http.get(NODE.url() + "/kv/form-a").body());
    }

    @Test
    void multipartBodyIsRefusedNotStoredEmpty() {
        String boundary = "xYzZY";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nhello\r\n--"
                + boundary + "--\r\n";
        String type = "multipart/form-data; boundary=" + boundary;
        Http.Reply put = send("PUT", NODE.url() + "/kv/multi", multipart, "Content-Type", type);
        assertEquals(415, put.status(), put.body());
        assertTrue(put.header("Content-Type").startsWith("application/json"));
        assertTrue(put.json().getString("error").contains("multipart"), put.body());
        assertEquals(404, Http.get(NODE.url() + "/kv/multi").status());
        Http.Reply append = send("POST", NODE.url() + "/kv/multi/append", multipart, "Content-Type", type);
        assertEquals(415, append.status(), append.body());
        Http.Reply cas = send("POST", NODE.url() + "/kv/multi/cas", multipart, "Content-Type", type);
        assertEquals(415, cas.status(), cas.body());
        assertEquals(404, Http.get(NODE.url() + "/kv/multi").status());
    }
}
