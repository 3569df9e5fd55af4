package io.raftkv.tester.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The rig's command line: {@code rig <command>}. Each subcommand is its own class. */
@Command(
        name = "rig",
        mixinStandardHelpOptions = true,
        description = "Jepsen-style fault injection and history checking for raftkv.",
        subcommands = {
            RunCommand.class,
            CheckCommand.class,
            ClusterCommand.class,
            BenchCommand.class,
            CleanCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Rig implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Rig());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
