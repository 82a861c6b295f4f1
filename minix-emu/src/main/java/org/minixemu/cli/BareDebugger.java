package org.minixemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.minixemu.cli.console.ConsoleSwitch;
import org.minixemu.cli.debug.BareCommands;
import org.minixemu.cli.debug.BareDebugController;
import org.minixemu.cli.debug.ConsoleServer;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What {@code minix-emu run} attaches for debugging: the console server ({@code --debug-port})
 * and the terminal's debugger console (the Ctrl-A escape). Without either nothing is attached
 * and {@link PcMachine#run} calls no listener.
 */
final class BareDebugger {
    private final BareDebugController debugger;
    private final ConsoleServer console;

    private BareDebugger(BareDebugController debugger, ConsoleServer console) {
        this.debugger = debugger;
        this.console = console;
    }

    /**
     * Attaches what is asked: a console on 127.0.0.1:{@code port} (null: none) and the terminal's
     * debugger console through {@code keyboard} (null: none).
     *
     * @throws IOException when the port cannot be opened
     */
    static BareDebugger attach(PcMachine machine, Integer port, ConsoleSwitch keyboard, CommandLine cli)
            throws IOException {
        if (port == null && keyboard == null) {
            return new BareDebugger(null, null);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(cli, "--debug-port must be 0 to 65535, not " + port);
        }
        BareDebugController debugger = new BareDebugController(machine);
        BareCommands commands = new BareCommands(debugger);
        ConsoleServer console = null;
        if (port != null) {
            try {
                console = new ConsoleServer(commands, port);
            } catch (IOException e) {
                throw new IOException("cannot listen on 127.0.0.1 port " + port + ": " + e.getMessage(), e);
            }
            PrintWriter err = cli.getErr();
            err.println("minix-emu: debugger console on 127.0.0.1:" + console.port() + " (minix-emu attach "
                    + console.port() + ")");
            err.flush();
        }
        if (keyboard != null) {
            keyboard.attach(commands, () -> {
                try {
                    debugger.requestPowerOff();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        machine.setSafePointListener(debugger);
        return new BareDebugger(debugger, console);
    }

    /** The run has ended: clients are told, the port is closed. */
    void machineEnded(RunResult result) {
        if (debugger == null) {
            return;
        }
        debugger.machineEnded(result.exitStatus(), result.outcome().toString().toLowerCase(java.util.Locale.ROOT));
        if (console != null) {
            try {
                console.close();
            } catch (IOException ignored) {
                // best effort on the way out
            }
        }
    }
}
