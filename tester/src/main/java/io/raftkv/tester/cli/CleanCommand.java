package io.raftkv.tester.cli;

import io.raftkv.tester.cluster.Leftovers;
import io.raftkv.tester.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rig clean}: removes what runs whose rig died left behind. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = 3,
        description = {
            "Removes what earlier runs left behind when their rig was killed: containers, networks and volumes"
                    + " labelled by the rig, local server processes named in run folders' nodes/*.pid, host iptables"
                    + " chains named RAFTKV-* whose jumps carry the rig's owner comment. Runs in progress, and"
                    + " anything the rig did not mark as its own, are left alone. ./rig run does the same before"
                    + " it starts.",
            "Exit: 0 nothing left, 1 something could not be removed."
        })
public final class CleanCommand implements Callable<Integer> {

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "parent of run folders (default histories/runs)")
    Path runsDir;

    @Option(names = "--dry-run", description = "only list what would be removed")
    boolean dryRun;

    @Override
    public Integer call() {
        Path dir = runsDir != null ? runsDir.toAbsolutePath() : RunFolder.defaultRunsDir();
        Leftovers found = Leftovers.find(dir);
        if (found.isEmpty()) {
            System.out.println("nothing left by earlier runs");
            return 0;
        }
        System.out.println("left by earlier runs: " + found.describe());
        if (dryRun) {
            return 0;
        }
        List<String> failures = found.clean();
        failures.forEach(f -> System.out.println("could not remove " + f));
        int removed = found.items().size() - failures.size();
        System.out.println("removed " + removed + " of " + found.items().size());
        return failures.isEmpty() ? 0 : 1;
    }
}
