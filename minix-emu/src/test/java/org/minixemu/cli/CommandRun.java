package org.minixemu.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the command: its status, its writers' text, and the machine's standard output. */
record CommandRun(int status, String out, String err, String stdout) {

    static CommandRun of(String... args) {
        return of(boot -> { }, args);
    }

    /** The same, with {@code setUp} applied to the boot command first (e.g. a smaller heap). */
    static CommandRun of(java.util.function.Consumer<BootCommand> setUp, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        RunCommand run = (RunCommand) cmd.getSubcommands().get("run").getCommand();
        run.stdout = stdout;
        run.stdin = null; // the test JVM's stdin is not a terminal to give the guest
        BootCommand boot = (BootCommand) cmd.getSubcommands().get("boot").getCommand();
        boot.stdout = stdout;
        boot.stdin = null;
        setUp.accept(boot);

        int status = cmd.execute(args);
        return new CommandRun(status, out.toString(), err.toString(), stdout.toString(StandardCharsets.ISO_8859_1));
    }

    /** Standard error's last line: how the machine stopped, after the boot banner. */
    String lastErrLine() {
        List<String> lines = err.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Standard error as one line, failing if it is more than one or looks like a stack trace. */
    String errLine() {
        String line = err.strip();
        if (line.contains("\n") || line.contains("Exception") || line.contains("\tat ")) {
            throw new AssertionError("expected one line on stderr, got:\n" + err);
        }
        return line;
    }
}
