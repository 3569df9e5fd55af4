package io.raftkv.server.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of a cluster shares, and the proofs of knowing it that the two sides of a
 * peer connection exchange after their hellos (the handshake in {@code package-info}).
 *
 * <p>A proof is HMAC-SHA256 under the secret of the side's role (dialer or listener), both node ids
 * and both nonces. The nonces are fresh on every connection, so a recorded proof is worth nothing on
 * another connection; the role is part of it, so a side cannot send the other's proof back to it.
 */
public final class ClusterSecret {
    /** Fewest bytes a secret may have (after surrounding whitespace is dropped). */
    public static final int MIN_BYTES = 16;
    /** Bytes of a nonce in a hello. */
    public static final int NONCE_BYTES = 32;
    /** Bytes of a proof. */
    public static final int PROOF_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "raftkv peer proof v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private ClusterSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * The secret held in {@code bytes}, without leading and trailing whitespace (so a file written by
     * {@code openssl rand -hex 32 > file} works, newline and all).
     *
     * @throws IllegalArgumentException if fewer than {@link #MIN_BYTES} bytes are left
     */
    public static ClusterSecret of(byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && isSpace(bytes[from])) {
            from++;
        }
        while (to > from && isSpace(bytes[to - 1])) {
            to--;
        }
        if (to == from) {
            throw new IllegalArgumentException("the cluster secret is empty");
        }
        if (to - from < MIN_BYTES) {
            throw new IllegalArgumentException("the cluster secret has " + (to - from) + " bytes; it needs at least "
                    + MIN_BYTES + " (for example: openssl rand -hex 32)");
        }
        byte[] secret = Arrays.copyOfRange(bytes, from, to);
        try {
            return new ClusterSecret(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Reads the secret from {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it: unreadable, empty or
     *     too short
     */
    public static ClusterSecret read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e);
        }
        try {
            return of(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A fresh random nonce for one connection's hello. */
    static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /**
     * The proof that the side in role {@code dialer} (true: it opened the connection; false: it
     * accepted it) knows the secret, on the connection from {@code dialerId} to {@code listenerId}
     * whose hellos carried these nonces.
     */
    byte[] proof(boolean dialer, String dialerId, String listenerId, byte[] dialerNonce, byte[] listenerNonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(LABEL);
            mac.update((byte) (dialer ? 1 : 2));
            field(mac, dialerId.getBytes(StandardCharsets.UTF_8));
            field(mac, listenerId.getBytes(StandardCharsets.UTF_8));
            field(mac, dialerNonce);
            field(mac, listenerNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Each field length-prefixed, so no two different field lists give the same bytes. */
    private static void field(Mac mac, byte[] bytes) {
        int n = bytes.length;
        mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        mac.update(bytes);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
