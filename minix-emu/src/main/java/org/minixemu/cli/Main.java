package org.minixemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;

/**
 * The {@code minix-emu} command.
 *
 * <p>Subcommands are registered in one place: the {@code subcommands} list of the
 * {@link Command} annotation below. Exit statuses: 0 success, 1 a command failed,
 * 2 bad usage (picocli's convention); {@code run} passes on the guest's own status and adds a
 * few of its own (see {@link RunCommand}).
 *
 * <p>Bad input must never produce a stack trace: usage errors become one line on stderr,
 * and an exception escaping a subcommand becomes one line too, with the full trace
 * logged at DEBUG (set {@code MINIXEMU_LOG=debug} to see it).
 */
@Command(
        name = "minix-emu",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "An i386 PC emulator that boots a MINIX-3-style microkernel.",
        subcommands = {
            HelpCommand.class,
            CpuTestCommand.class,
            RunCommand.class,
            ImageCommand.class,
            BootCommand.class,
            AttachCommand.class,
            // Subcommands are added here, and only here.
        })
public final class Main implements Callable<Integer> {

    /** Exit status for bad usage: an unknown option, a missing or malformed argument. */
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        StartupPreload.start();
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the configured command line; tests use it with their own writers. */
    static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true); // --clock virtual, not VIRTUAL
        cmd.setParameterExceptionHandler(Main::onBadUsage);
        cmd.setExecutionExceptionHandler(Main::onFailure);
        RunLast run = new RunLast();
        cmd.setExecutionStrategy(parsed -> {
            StartupPreload.awaitLogging(); // a command may log; --help and bad usage do not wait
            return run.execute(parsed);
        });
        return cmd;
    }

    /** Without a subcommand there is nothing to do: show how to use the command. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** One line naming the problem, e.g. "minix-emu: Unknown option: '--bogus' ...". */
    private static int onBadUsage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    /** A subcommand failed: say why in one line; the trace is for developers only. */
    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(Main.class).debug("command failed", e);
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The version is the Maven project version, written into version.properties at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"minix-emu " + projectVersion()};
        }

        static String projectVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        }
    }
}
