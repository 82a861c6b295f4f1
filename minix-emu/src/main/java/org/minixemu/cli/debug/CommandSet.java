package org.minixemu.cli.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.minixemu.devices.DeviceSnapshot;

/**
 * A debugger console's commands: the parsing, the usage help and the commands every machine
 * has ({@code help}, {@code stop}, {@code cont}, {@code step}, {@code dev}), shared by the MINIX
 * set ({@link ConsoleCommands}) and the bare-metal set ({@link BareCommands}). Each command takes
 * a line and returns the text to show; the work runs on the machine's thread through
 * {@link DebuggerCore#call}; bad input is a usage line, never an exception for the client.
 */
public abstract class CommandSet {
    /** Command name -> its usage and one line of help, in the order {@code help} lists them. */
    private final Map<String, String[]> table = new LinkedHashMap<>();
    private final DebuggerCore core;

    protected CommandSet(DebuggerCore core) {
        this.core = core;
    }

    /** Adds a command to the table {@code help} prints. */
    protected final void command(String name, String usage, String help) {
        table.put(name, new String[] {usage, help});
    }

    /** The debugger these commands drive. */
    public DebuggerCore core() {
        return core;
    }

    /** Runs one command line and returns its output (without a trailing newline). */
    public final String execute(String line) throws InterruptedException {
        String[] words = line.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "";
        }
        String name = words[0].toLowerCase(Locale.ROOT);
        String[] args = Arrays.copyOfRange(words, 1, words.length);
        try {
            String answer = switch (name) {
                case "help", "?" -> help(args);
                case "stop" -> noArgs(name, args, this::stop);
                case "cont", "c" -> noArgs(name, args, () -> core.resume() ? "continuing" : "already running");
                case "step", "s" -> step(args);
                case "dev" -> core.call(() -> dev(args));
                default -> run(name, args);
            };
            return answer != null ? answer : "unknown command '" + words[0] + "'; 'help' lists the commands";
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    /** Runs a command of this set; null when there is no command {@code name}. */
    protected abstract String run(String name, String[] args) throws InterruptedException;

    /** The one-line report of a stop, for consoles ("breakpoint: ping at 0x..."). */
    public abstract String describeStop(StopEvent e);

    /** Where the machine stopped, appended to "already stopped" (empty when unknown). */
    protected abstract String where(StopEvent e);

    /**
     * For a command that streams ({@code ipc -f}): starts sending lines to {@code sink} and
     * returns what stops it; null for every other command (the default).
     */
    public Runnable follow(String line, String answer, Consumer<String> sink) throws InterruptedException {
        return null;
    }

    /** Command names, for completion. */
    public List<String> names() {
        return new ArrayList<>(table.keySet());
    }

    /** The names of both sets, MINIX and bare-metal, for a client that does not know which it talks to. */
    public static List<String> allNames() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(new ConsoleCommands(null).names());
        all.addAll(new BareCommands(null).names());
        return new ArrayList<>(all);
    }

    // ---- the shared commands --------------------------------------------------------------

    private String help(String[] args) {
        if (args.length > 0) {
            String[] entry = table.get(args[0].toLowerCase(Locale.ROOT));
            return entry == null ? "no command '" + args[0] + "'; 'help' lists the commands"
                    : "usage: " + entry[0] + "\n  " + entry[1];
        }
        StringBuilder out = new StringBuilder();
        table.forEach((n, e) -> out.append(String.format("  %-28s %s%n", e[0], e[1])));
        return out.toString().stripTrailing();
    }

    /** Runs {@code body} on the machine's thread, after checking that no arguments were given. */
    protected final String noArgs(String name, String[] args, Callable<String> body) throws InterruptedException {
        if (args.length > 0) {
            throw usage(name);
        }
        return core.call(body);
    }

    private String stop() {
        if (core.isStopped()) {
            return "already stopped" + where(core.lastStop());
        }
        core.requestStop();
        return "stopping at the next safe point";
    }

    private String step(String[] args) throws InterruptedException {
        if (args.length > 1) {
            throw usage("step");
        }
        long n = args.length == 0 ? 1 : number("step", args[0]);
        if (n < 1) {
            throw usage("step");
        }
        // The answer is the stop itself, as GDB's stepi: the client waits for it (not the machine).
        CompletableFuture<StopEvent> done = new CompletableFuture<>();
        StopListener once = new StopListener() {
            @Override
            public void stopped(StopEvent event) {
                done.complete(event);
            }

            @Override
            public void ended(int status, String description) {
                done.complete(null);
            }
        };
        core.addListener(once);
        try {
            core.call(() -> {
                core.stepAny(n);
                return null;
            });
            StopEvent e = done.get();
            return e == null ? "the machine has ended" : describeStop(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            core.removeListener(once);
        }
    }

    private String dev(String[] args) {
        if (args.length > 1) {
            throw usage("dev");
        }
        StringBuilder out = new StringBuilder();
        for (DeviceSnapshot d : core.machine().deviceSnapshots()) {
            if (args.length == 0 || d.device().toLowerCase(Locale.ROOT).contains(args[0].toLowerCase(Locale.ROOT))) {
                out.append(device(d)).append('\n');
            }
        }
        return out.length() == 0 ? "no device named like '" + args[0] + "'; 'dev' lists them all" : out.toString().stripTrailing();
    }

    // ---- helpers for the command sets ------------------------------------------------------

    /** One device's registers on one line. */
    protected static String device(DeviceSnapshot d) {
        StringBuilder out = new StringBuilder(d.device()).append(':');
        d.registers().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        return out.toString();
    }

    /** A decimal or 0x number, or usage help for {@code command}. */
    protected final int number(String command, String text) {
        try {
            return Integer.decode(text);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": '" + text + "' is not a number\nusage: " + table.get(command)[0]);
        }
    }

    /** A 32-bit address in hex (with or without 0x), or usage help for {@code command}. */
    protected final long address(String command, String text) {
        try {
            String t = text.toLowerCase(Locale.ROOT);
            long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t, 16);
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": '" + text + "' is not an address (hex, e.g. 0x08048000)\nusage: "
                    + table.get(command)[0]);
        }
    }

    /** The usage help of {@code command}, to throw. */
    protected final UsageException usage(String command) {
        return new UsageException("usage: " + table.get(command)[0] + "\n  " + table.get(command)[1]);
    }

    /** {@code message} followed by the usage line of {@code command}, to throw. */
    protected final UsageException usage(String command, String message) {
        return new UsageException(message + "\nusage: " + table.get(command)[0]);
    }

    /** A hex dump of {@code bytes} read from {@code address}, 16 bytes a row with their text. */
    protected static String hexDump(long address, byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < bytes.length; row += 16) {
            StringBuilder hex = new StringBuilder(), text = new StringBuilder();
            for (int i = row; i < Math.min(bytes.length, row + 16); i++) {
                int b = bytes[i] & 0xFF;
                hex.append(String.format("%02x ", b));
                text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
            out.append(String.format("%08x  %-48s %s%n", (address + row) & 0xFFFFFFFFL, hex, text));
        }
        return out.toString().stripTrailing();
    }
}
