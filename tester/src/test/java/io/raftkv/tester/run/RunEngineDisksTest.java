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
    void diskFaultsAreRefusedOffTheLocalBackendAndForEtcd() {
        var powerLoss = RunSpec.builder().nemesis("power-loss").build();
        var docker = assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(powerLoss, "docker"));
        assertTrue(docker.getMessage().contains("--backend local"), docker.getMessage());
        var etcd = powerLoss.toBuilder().system("etcd").build();
        assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(etcd, "local"));
        assertDoesNotThrow(
                () -> RunEngine.checkDisks(RunSpec.builder().nemesis("kill").build(), "docker"));
    }

    @Test
    void diskFaultsOnTheLocalBackendRunWhereFuseIsHereAndAreRefusedSayingWhyWhereNot() {
        var powerLoss = RunSpec.builder().nemesis("power-loss").build();
        var missing = FuseSupport.missing();
        if (missing.isEmpty()) {
            assertDoesNotThrow(() -> RunEngine.checkDisks(powerLoss, "local"));
        } else {
            var e = assertThrows(IllegalArgumentException.class, () -> RunEngine.checkDisks(powerLoss, "local"));
            assertTrue(e.getMessage().contains("FUSE"), e.getMessage());
        }
    }
}
