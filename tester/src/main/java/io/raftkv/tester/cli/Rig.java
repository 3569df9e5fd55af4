package io.raftkv.tester.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
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
        var commandLine = new CommandLine(new Rig());
        // --verbose wherever a command has none of its own (check's means more checker detail).
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().findOption("--verbose") == null && !name.equals("help")) {
                sub.addMixin("verbose", new Verbose());
            }
        });
        return commandLine;
    }

    /** Libraries speak only of errors (logback.xml); with --verbose, of what they do. */
    static final class Verbose {
        @CommandLine.Option(
                names = "--verbose",
                description =
                        "also show what the libraries say (Testcontainers, the Docker client) and the image" + " build")
        void verbose(boolean on) {
            if (on && LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                logs.getLogger("org.testcontainers").setLevel(Level.INFO);
                logs.getLogger("tc").setLevel(Level.INFO);
                logs.getLogger("com.github.dockerjava").setLevel(Level.WARN);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
