package org.minixemu.cli.debug;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minixemu.kernel.KernelInspector;
import org.minixemu.kernel.MinixSystem;
import org.minixemu.kernel.inspect.KernelObserver;

/**
 * What {@code minix-emu boot --debug-port/--gdb/--trace} attach to a booted system, and their
 * teardown when the run ends. Without any of them nothing is attached and the kernel runs as
 * before.
 */
public final class DebugSetup implements AutoCloseable {
    private final DebugController debugger;
    private final ConsoleServer console;
    private final GdbStub gdb;
    private final TraceRecorder trace;

    private DebugSetup(DebugController debugger, ConsoleServer console, GdbStub gdb, TraceRecorder trace) {
        this.debugger = debugger;
        this.console = console;
        this.gdb = gdb;
        this.trace = trace;
    }

    /**
     * Attaches what is asked. {@code consolePort}/{@code gdbPort} null: not served; with a GDB
     * port the machine starts stopped until GDB continues it.
     *
     * @throws IOException when a port cannot be opened or the trace file created (nothing is left open)
     */
    public static DebugSetup attach(MinixSystem system, Integer consolePort, Integer gdbPort, Path traceFile,
            TraceFilter filter) throws IOException {
        return attach(system, consolePort, gdbPort, traceFile, filter, false);
    }

    /**
     * The same, and with {@code localConsole} a debugger even without ports, for the terminal's
     * own debugger console ({@link #commands}).
     */
    public static DebugSetup attach(MinixSystem system, Integer consolePort, Integer gdbPort, Path traceFile,
            TraceFilter filter, boolean localConsole) throws IOException {
        KernelInspector inspector = new KernelInspector(system.kernel());
        List<KernelObserver> observers = new ArrayList<>();
        DebugController debugger = null;
        ConsoleServer console = null;
        GdbStub gdb = null;
        TraceRecorder trace = null;
        try {
            if (traceFile != null) {
                Writer w = Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8);
                trace = new TraceRecorder(w, inspector, system.machine().clock(), filter);
                observers.add(trace);
            }
            if (consolePort != null || gdbPort != null || localConsole) {
                debugger = new DebugController(inspector, system.machine());
                observers.add(debugger);
                if (consolePort != null) {
                    console = new ConsoleServer(debugger, consolePort);
                }
                if (gdbPort != null) {
                    debugger.startStopped();
                    gdb = new GdbStub(debugger, gdbPort);
                }
            }
        } catch (IOException | RuntimeException e) {
            new DebugSetup(debugger, console, gdb, trace).closeQuietly();
            throw e;
        }
        inspector.attach(ObserverChain.of(observers));
        return new DebugSetup(debugger, console, gdb, trace);
    }

    /** The MINIX console's commands for a console of the caller's own, or null without a debugger. */
    public CommandSet commands() {
        return debugger == null ? null : new ConsoleCommands(debugger);
    }

    /** The console's port, or -1. */
    public int consolePort() {
        return console == null ? -1 : console.port();
    }

    /** The GDB stub's port, or -1. */
    public int gdbPort() {
        return gdb == null ? -1 : gdb.port();
    }

    /** Tells clients the machine has ended (GDB gets its exit packet). */
    public void machineEnded(int status, String description) {
        if (debugger != null) {
            debugger.machineEnded(status, description);
        }
    }

    /** Closes the ports and finishes the trace file. */
    @Override
    public void close() throws IOException {
        try {
            if (trace != null) {
                trace.close();
            }
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {console, gdb}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
    }
}
