package io.raftkv.tester.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.disk.FuseSupport;
import org.junit.jupiter.api.Test;

/** Which runs serve their nodes' disks through the disk-fault file system, and which are refused. */
class RunEngineDisksTest {

    @Test
    void onlyDiskFaultsServeTheDisks() {
        assertTrue(RunEngine.needsDisks(
                RunSpec.builder().nemesis("kill,power-loss-one").build()));
        assertFalse(RunEngine.needsDisks(
                RunSpec.builder().nemesis("partition,kill,pause").build()));
        assertFalse(RunEngine.needsDisks(RunSpec.builder().nemesis("none").build()));
    }

    @Test
    void diskFaultsAreRefusedOnTheSshBackendAndForEtcd() {
        var powerLoss = RunSpec.builder().nemesis("power-loss").build();
        var ssh = assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(powerLoss, "ssh"));
        assertTrue(ssh.getMessage().contains("--backend local or docker"), ssh.getMessage());
        var etcd = powerLoss.toBuilder().system("etcd").build();
        assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(etcd, "local"));
        assertDoesNotThrow(
                () -> RunEngine.checkDisks(RunSpec.builder().nemesis("kill").build(), "docker"));
    }

    @Test
    void diskFaultsOnTheLocalAndDockerBackendsRunWhereFuseIsHereAndAreRefusedSayingWhyWhereNot() {
        var powerLoss = RunSpec.builder().nemesis("power-loss").build();
        var missing = FuseSupport.missing();
        for (String backend : new String[] {"local", "docker"}) {
            if (missing.isEmpty()) {
                assertDoesNotThrow(() -> RunEngine.checkDisks(powerLoss, backend));
            } else {
                var e = assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(powerLoss, backend));
                assertTrue(e.getMessage().contains("FUSE"), e.getMessage());
            }
        }
    }
}
