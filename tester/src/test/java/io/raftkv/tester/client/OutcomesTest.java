package io.raftkv.tester.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.raftkv.tester.client.Outcomes.Kind;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    @Test
    void success_isOk_withTheValueReadOrWritten() {
        assertEquals(new Outcome.Ok("7"), Outcomes.ofResponse(Kind.READ, 200, "7", null));
        assertEquals(new Outcome.Ok("9"), Outcomes.ofResponse(Kind.WRITE, 200, "{\"key\":\"k\",\"value\":\"9\"}", "9"));
        assertEquals(new Outcome.Ok("b"), Outcomes.ofResponse(Kind.CAS, 200, "{}", "b"));
    }

    @Test
    void absentKeyOnRead_isOkWithNil() {
        assertEquals(new Outcome.Ok(null), Outcomes.ofResponse(Kind.READ, 404, "{\"error\":\"not found\"}", null));
    }

    @Test
    void casMismatch_isFail_withTheServersReason() {
        var o = Outcomes.ofResponse(Kind.CAS, 409, "{\"error\":\"cas mismatch\",\"current\":\"3\"}", "4");
        assertEquals(new Outcome.Fail("409 cas mismatch"), o);
    }

    @Test
    void noLeader_isFail_becauseNothingWasProposed() {
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofResponse(Kind.WRITE, 503, "{\"error\":\"no leader\"}", "1"));
    }

    @Test
    void outcomeUnknown_isInfo_forWrites_andFail_forReads() {
        String body = "{\"error\":\"outcome unknown: the write may have happened\",\"indeterminate\":true}";
        assertEquals(
                new Outcome.Info("504 outcome unknown: the write may have happened"),
                Outcomes.ofResponse(Kind.WRITE, 504, body, "1"));
        assertInstanceOf(Outcome.Info.class, Outcomes.ofResponse(Kind.CAS, 504, body, "1"));
        assertInstanceOf(Outcome.Info.class, Outcomes.ofResponse(Kind.APPEND, 500, "boom", "1"));
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofResponse(Kind.READ, 504, body, null));
    }

    @Test
    void rejectedRequest_isFail() {
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofResponse(Kind.WRITE, 400, "{\"error\":\"bad key\"}", "1"));
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofResponse(Kind.WRITE, 413, "{\"error\":\"too large\"}", "1"));
    }

    @Test
    void transportErrors_dependOnWhetherTheRequestWasSent() {
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofException(Kind.WRITE, new ConnectException("refused"), false));
        assertInstanceOf(
                Outcome.Info.class, Outcomes.ofException(Kind.WRITE, new HttpTimeoutException("timed out"), true));
        assertInstanceOf(
                Outcome.Info.class, Outcomes.ofException(Kind.CAS, new java.io.IOException("Connection reset"), true));
        assertInstanceOf(Outcome.Fail.class, Outcomes.ofException(Kind.READ, new HttpTimeoutException("t"), true));
    }

    @Test
    void errorText_quotesNonJsonBodiesShortly() {
        assertEquals("502 Bad Gateway", Outcomes.errorOf(502, "Bad Gateway"));
        assertEquals("500", Outcomes.errorOf(500, ""));
        assertEquals(4 + 200 + 1, Outcomes.errorOf(500, "x".repeat(500)).length());
    }
}
