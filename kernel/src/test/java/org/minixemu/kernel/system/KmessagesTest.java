package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/**
 * The kernel's console text (minix3-facts-2.md section 4.5, abi section "Kernel messages to the
 * console"): printed by the kernel until the console process fetches it, then handed to that
 * process with SIGKMESS, refused to a process without CONSOLE_PROC, and printed by the kernel
 * again once the console process is gone. kmess stands in for the tty and writes what it
 * fetches to COM1 with a "[via tty] " prefix, so each line shows which way it went.
 */
class KmessagesTest {
    static final String CONFIG = """
            process tty {
                program kmess.elf
                system BASIC DEVIO GETINFO EXIT
                io 3f8:8
                ipc ALL
                sigmgr SELF
            }
            process kmother {
                program kmother.elf
                system BASIC GETINFO ABORT
                ipc ALL
                sigmgr SELF
            }
            """;

    @TempDir
    Path dir;

    @Test
    void consoleTextGoesThroughTheConsoleProcessWhileItLives() {
        GuestSystem.Run run = new GuestSystem(dir).config(CONFIG).programs("kmess", "kmother").boot();
        List<String> lines = run.lines();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        int before = lines.indexOf("tty: before");
        int buffered = lines.indexOf("[via tty] tty: buffered 0");
        int refused = lines.indexOf("[via tty] kmother: fetch refused with " + org.minixemu.kernel.abi.Abi.EPERM);
        int after = lines.indexOf("kmother: after");
        assertTrue(before >= 0, "printed by the kernel before any fetch:\n" + run.console());
        assertTrue(buffered > before, "the first fetch drained nothing, and later text went through kmess:\n"
                + run.console());
        assertTrue(refused > buffered, "a process without CONSOLE_PROC is refused:\n" + run.console());
        assertTrue(after > refused, "once kmess left the kernel printed for itself:\n" + run.console());
    }
}
