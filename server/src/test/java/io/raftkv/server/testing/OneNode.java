package io.raftkv.server.testing;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-node in-process cluster for a test class, leading before the class's first test and closed
 * after its last: {@code @RegisterExtension static final OneNode NODE = new OneNode();}.
 */
public final class OneNode implements BeforeAllCallback, AfterAllCallback {
    private InProcessCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = new InProcessCluster(1, 1024, 1 << 20).start();
        cluster.awaitLeader(Duration.ofSeconds(10));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The node's base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return cluster.url("n1");
    }

    /** The node's HTTP port. */
    public int port() {
        return cluster.port("n1");
    }
}
