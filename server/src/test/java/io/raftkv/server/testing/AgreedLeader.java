package io.raftkv.server.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Waiting for a leader all running nodes of a test cluster agree on. */
public final class AgreedLeader {
    private AgreedLeader() {}

    /**
     * Waits until every running node names the same leader, itself running, and that node reports
     * itself leader, and returns it. (One node calling itself leader is not enough: a deposed leader
     * may not know yet.)
     *
     * @param running the ids of the nodes running now (asked again on every try)
     * @param url each node's base URL
     * @param headers name, value, ... sent with each status request (a bearer token)
     */
    public static String await(
            Duration timeout, Supplier<Collection<String>> running, Function<String, String> url, String... headers) {
        return Http.await(
                "an agreed leader",
                timeout,
                () -> {
                    Collection<String> up = List.copyOf(running.get());
                    String leader = null;
                    for (String id : up) {
                        String l = Http.send("GET", url.apply(id) + "/status", null, headers)
                                .json()
                                .getString("leader");
                        if (l == null || (leader != null && !leader.equals(l))) {
                            return null;
                        }
                        leader = l;
                    }
                    if (leader == null || !up.contains(leader)) {
                        return null;
                    }
                    var s = Http.send("GET", url.apply(leader) + "/status", null, headers)
                            .json();
                    return "leader".equals(s.getString("role")) ? leader : null;
                },
                id -> id != null);
    }
}
