package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Membership.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
    private final Map<String, String> announced = new HashMap<>();
    private final PeerDirectory peers =
            new PeerDirectory(Map.of("n1", "proxy:7001", "n2", "proxy:7002"), () -> Map.copyOf(announced));

    @Test
    void flagAddressesFillTheMembershipAndWinWhenDialing() {
        Membership m = Membership.ofVoters(List.of("n1", "n2")).with(new Member("n2", "n2.internal:7000", null, true));
        assertEquals(Map.of("n1", "proxy:7001", "n2", "proxy:7002"), peers.sync(m));
        assertEquals("proxy:7001", peers.view().get("n1").raft());
        assertEquals("n2.internal:7000", peers.view().get("n2").raft(), "the membership's own address shows");
    }

    @Test
    void theSameMembershipNeedsNoNewDialMapButPicksUpAnnouncedHttp() {
        Membership m = Membership.ofVoters(List.of("n1", "n2"));
        peers.sync(m);
        assertNull(peers.view().get("n2").http());
        announced.put("n2", "h2:8002");
        assertNull(peers.sync(m));
        assertEquals("h2:8002", peers.view().get("n2").http());
        assertEquals("h2:8002", peers.httpAddress("n2"));
    }

    @Test
    void aRemovedNodeStaysDialable() {
        Membership both = Membership.ofVoters(List.of("n1", "n3")).with(new Member("n3", "h3:7003", null, true));
        peers.sync(both);
        Map<String, String> dial = peers.sync(both.without("n3"));
        assertEquals("h3:7003", dial.get("n3"));
        assertEquals(false, peers.view().contains("n3"));
    }

    @Test
    void httpAddressPrefersTheAnnouncementOverTheMembership() {
        peers.sync(Membership.ofVoters(List.of("n1")).with(new Member("n1", "a:1", "member-http:1", true)));
        assertEquals("member-http:1", peers.httpAddress("n1"));
        announced.put("n1", "announced:1");
        assertEquals("announced:1", peers.httpAddress("n1"));
        assertNull(peers.httpAddress("n9"));
    }

    @Test
    void describeNamesLearnersAndDialedAddresses() {
        assertEquals("none yet", peers.describe());
        peers.sync(Membership.ofVoters(List.of("n1")).with(new Member("n4", "h4:7004", null, false)));
        assertEquals("n1 at proxy:7001, n4 (learner) at h4:7004", peers.describe());
    }
}
