package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Membership.Member;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerDirectoryTest {
    private final PeerDirectory peers = new PeerDirectory(Map.of("n1", "proxy:7001", "n2", "proxy:7002"));

    @Test
    void flagAddressesFillTheMembershipAndWinWhenDialing() {
        Membership m = Membership.ofVoters(List.of("n1", "n2")).with(new Member("n2", "n2.internal:7000", null, true));
        assertEquals(Map.of("n1", "proxy:7001", "n2", "proxy:7002"), peers.sync(m, true));
        assertEquals("proxy:7001", peers.view().get("n1").raft());
        assertEquals("n2.internal:7000", peers.view().get("n2").raft(), "the membership's own address shows");
    }

    @Test
    void theSameMembershipNeedsNoNewDialMap() {
        Membership m = Membership.ofVoters(List.of("n1", "n2"));
        peers.sync(m, true);
        assertNull(peers.sync(m, true));
    }

    @Test
    void aRemovedNodeStaysDialable() {
        Membership both = Membership.ofVoters(List.of("n1", "n3")).with(new Member("n3", "h3:7003", null, true));
        peers.sync(both, true);
        Map<String, String> dial = peers.sync(both.without("n3"), true);
        assertEquals("h3:7003", dial.get("n3"));
        assertEquals(false, peers.view().contains("n3"));
    }

    @Test
    void httpAddressesComeFromACommittedMembershipOnly() {
        Membership first = Membership.ofVoters(List.of("n1", "n2")).with(new Member("n1", "a:1", "n1-http:1", true));
        peers.sync(first, false);
        assertNull(peers.httpAddress("n1"), "not committed yet");
        peers.sync(first, true);
        assertEquals("n1-http:1", peers.httpAddress("n1"));
        assertNull(peers.httpAddress("n2"), "none recorded");

        Membership moved = first.with(new Member("n1", "a:1", "elsewhere:1", true));
        peers.sync(moved, false);
        assertEquals("n1-http:1", peers.httpAddress("n1"), "the committed one holds until the change commits");
        assertEquals(Map.of("n1", "n1-http:1"), peers.httpAddresses());
        peers.sync(moved, true);
        assertEquals("elsewhere:1", peers.httpAddress("n1"));
    }

    @Test
    void describeNamesLearnersAndDialedAddresses() {
        assertEquals("none yet", peers.describe());
        peers.sync(Membership.ofVoters(List.of("n1")).with(new Member("n4", "h4:7004", null, false)), true);
        assertEquals("n1 at proxy:7001, n4 (learner) at h4:7004", peers.describe());
    }
}
