package org.minixemu.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minixemu.cli.debug.BareCommands;
import org.minixemu.cli.debug.BareDebugController;
import org.minixemu.devices.InputStreamSerialInput;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * Keys through the path the terminal's take (the keyboard stream, the switch, COM1's
 * {@link InputStreamSerialInput}): exactly the guest's keys reach the serial input, and the
 * debugger console's lines are answered on the terminal. The debugger's machine has ended, so its
 * commands run at once on the keyboard's thread: no machine thread, nothing to wait for.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsoleSwitchTest {
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private int quits;

    /** What the guest receives from {@code keys}, all of it. */
    private String guestGets(String keys, boolean attach) throws InterruptedException {
        ConsoleSwitch keyboard = new ConsoleSwitch(new ByteArrayInputStream(keys.getBytes(StandardCharsets.ISO_8859_1)),
                terminal);
        if (!attach) {
            keyboard.attachWaitMillis = 0; // no machine will come: do not wait for one
        }
        if (attach) {
            PcMachine machine = new PcMachine(new PhysicalMemoryMap(2 << 20),
                    new PcMachine.Config(new ByteArrayOutputStream(), null, null));
            BareDebugController debugger = new BareDebugController(machine);
            debugger.machineEnded(0, "a test machine that never runs");
            keyboard.attach(new BareCommands(debugger), () -> quits++);
        }
        InputStreamSerialInput com1 = new InputStreamSerialInput("COM1", keyboard);
        StringBuilder got = new StringBuilder();
        while (com1.open()) {
            com1.awaitInput(1000);
            for (int b; (b = com1.read(0)) >= 0; ) {
                got.append((char) b);
            }
        }
        return got.toString();
    }

    private String terminal() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theGuestGetsItsKeysAndTheDebuggerConsoleAnswersItsLines() throws Exception {
        assertEquals("abcd\u0001", guestGets("ab\u0001cregs\r\nstep x\r\u0001ccd\u0001\u0001", true));
        String t = terminal();
        assertTrue(t.startsWith("\n[debugger console: 'help' lists the commands, Ctrl-A c goes back to the guest]\n"
                + "(minix-emu) regs\neax 00000000"), t);
        assertTrue(t.contains("\n(minix-emu) step x\nstep: 'x' is not a number\nusage: step [N]\n(minix-emu) "), t);
        assertTrue(t.endsWith("\n[guest console]\n"), t);
    }

    @Test
    void backspaceEditsTheLineAndQuitReturnsToTheGuest() throws Exception {
        assertEquals("z", guestGets("\u0001cregx\u007fs\rquit\rz", true));
        String t = terminal();
        assertTrue(t.contains("regx\b \bs\neax "), t);
        assertTrue(t.endsWith("quit\n\n[guest console]\n"), t);
    }

    @Test
    void ctrlAxQuitsAndCtrlAhHelpsWithoutTheGuestSeeingEither() throws Exception {
        assertEquals("ab", guestGets("a\u0001h\u0001xb", true));
        assertEquals(1, quits);
        assertTrue(terminal().contains(EscapeDecoder.HELP_TEXT), terminal());
        assertTrue(terminal().contains("minix-emu: terminated (Ctrl-A x)\n"), terminal());
    }

    @Test
    void beforeTheMachineExistsCtrlAcSaysSoAndTheKeysStayTheGuests() throws Exception {
        assertEquals("ab", guestGets("a\u0001cb", false));
        assertTrue(terminal().contains("[no debugger console yet"), terminal());
    }
}
