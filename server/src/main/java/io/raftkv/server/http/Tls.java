package io.raftkv.server.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;

/**
 * HTTPS for the client and admin API ({@code --http-tls-cert}, {@code --http-tls-key}): this node
 * serves HTTPS only, and speaks HTTPS to the other members when it forwards or joins, checking their
 * certificates (and that they name the address it dials) against {@code ca}, or against the JVM's
 * trusted authorities when {@code ca} is null.
 *
 * @param cert this node's certificate chain, PEM
 * @param key its private key, PEM (PKCS#8 or PKCS#1, unencrypted)
 * @param ca the certificates that vouch for the members' certificates, PEM; null: the JVM's
 */
public record Tls(Path cert, Path key, Path ca) {
    public Tls {
        if (cert == null || key == null) {
            throw new IllegalArgumentException("HTTPS needs both a certificate and its key");
        }
    }

    /** The URL scheme of a node's API: {@code https} with TLS, {@code http} without. */
    static String scheme(Tls tls) {
        return tls == null ? "http" : "https";
    }

    HttpServerOptions server(HttpServerOptions options) {
        return options.setSsl(true)
                .setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
    }

    /** {@code options} set to trust the members' certificates (HTTPS itself follows the URL). */
    WebClientOptions client(WebClientOptions options) {
        options.setVerifyHost(true);
        if (ca != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
        }
        return options;
    }
}
