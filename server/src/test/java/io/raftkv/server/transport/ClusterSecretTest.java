package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
    private static final ClusterSecret SECRET = ClusterSecret.of(bytes("0123456789abcdef0123456789abcdef"));
    private static final byte[] N1 = ClusterSecret.nonce();
    private static final byte[] N2 = ClusterSecret.nonce();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameSecretGivesTheSameProof() {
        ClusterSecret again = ClusterSecret.of(bytes("  0123456789abcdef0123456789abcdef\n"));
        assertArrayEquals(SECRET.proof(true, "n1", "n2", N1, N2), again.proof(true, "n1", "n2", N1, N2));
        assertEquals(ClusterSecret.PROOF_BYTES, SECRET.proof(true, "n1", "n2", N1, N2).length);
    }

    @Test
    void aProofIsBoundToTheSecretTheRoleBothIdsAndBothNonces() {
        byte[] proof = SECRET.proof(true, "n1", "n2", N1, N2);
        ClusterSecret other = ClusterSecret.of(bytes("0123456789abcdef0123456789abcdeX"));
        assertFalse(Arrays.equals(proof, other.proof(true, "n1", "n2", N1, N2)), "another secret");
        assertFalse(Arrays.equals(proof, SECRET.proof(false, "n1", "n2", N1, N2)), "the other side's role");
        assertFalse(Arrays.equals(proof, SECRET.proof(true, "n3", "n2", N1, N2)), "another dialer");
        assertFalse(Arrays.equals(proof, SECRET.proof(true, "n1", "n3", N1, N2)), "another listener");
        assertFalse(Arrays.equals(proof, SECRET.proof(true, "n1", "n2", ClusterSecret.nonce(), N2)), "fresh nonce");
        assertFalse(Arrays.equals(proof, SECRET.proof(true, "n1", "n2", N1, ClusterSecret.nonce())), "fresh nonce");
        // Fields are length-prefixed: moving a byte from one id to the other changes the proof.
        assertFalse(Arrays.equals(SECRET.proof(true, "n1", "n2", N1, N2), SECRET.proof(true, "n", "1n2", N1, N2)));
    }

    @Test
    void noncesAreFreshAndFullLength() {
        assertEquals(ClusterSecret.NONCE_BYTES, N1.length);
        assertFalse(Arrays.equals(N1, N2));
    }

    @Test
    void emptyShortAndUnreadableSecretsAreRefusedNamingTheProblem(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty"), bytes(" \n"));
        var e = assertThrows(IllegalArgumentException.class, () -> ClusterSecret.read(empty));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains(empty.toString()), e.getMessage());

        Path shortOne = Files.write(dir.resolve("short"), bytes("fifteen-bytes!!\n"));
        e = assertThrows(IllegalArgumentException.class, () -> ClusterSecret.read(shortOne));
        assertTrue(e.getMessage().contains("15 bytes") && e.getMessage().contains("at least 16"), e.getMessage());

        Path missing = dir.resolve("missing");
        e = assertThrows(IllegalArgumentException.class, () -> ClusterSecret.read(missing));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());

        Path good = Files.write(dir.resolve("good"), bytes("0123456789abcdef0123456789abcdef\n"));
        assertArrayEquals(
                SECRET.proof(false, "a", "b", N1, N2), ClusterSecret.read(good).proof(false, "a", "b", N1, N2));
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertFalse(SECRET.toString().contains("0123"));
    }
}
