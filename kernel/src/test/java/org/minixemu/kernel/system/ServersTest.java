package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first servers (issue 11): PM, VM and init boot, and init runs a guest test program, which
 * reports {@code NAME: N passed, M failed} and exits with M; then {@code poweroff} stops the
 * machine. Each program is the acceptance of one part: forktree (fork, exec, exit, wait and no
 * leak of memory or slots), cowtest (copy-on-write, and a message received into a shared page),
 * sigtest (handlers, SIGKILL, SIGSEGV, alarm, sigsuspend, a signal for a system process),
 * growtest (heap and stack growth to their limits), badexec (exec and fork failures).
 */
class ServersTest {
    /** The servers' part of boot.cfg; init's args follow. */
    static final String SERVERS = """
            process pm {
                program pm.elf
                system BASIC EXEC CLEAR KILL GETKSIG ENDKSIG SIGSEND SIGRETURN VIRCOPY PHYSCOPY ABORT RUNCTL
                ipc ALL
                sigmgr SELF
            }
            process vm {
                program vm.elf
                system BASIC FORK VMCTL UPDATE KILL VIRCOPY PHYSCOPY
                ipc ALL
                sigmgr pm
            }
            process init {
                program init.elf
                type user
                ipc pm vm
                args %s
            }
            """;

    /** Every user program the tests exec. */
    static final String[] COMMANDS = {"init", "poweroff", "forktree", "exitwith", "cowtest", "sigtest", "growtest",
        "badexec", "badelf"};

    @TempDir
    Path dir;

    static GuestSystem servers(Path dir, String initArgs) {
        return new GuestSystem(dir).config(SERVERS.formatted(initArgs)).programsFrom("servers", "pm", "vm")
                .programsFrom("commands", COMMANDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forktree", "cowtest", "sigtest", "growtest", "badexec"})
    void aGuestTestProgramPassesEveryCheck(String program) {
        GuestSystem.Run run = servers(dir, program + " poweroff").boot();
        GuestTests.assertPassed(run, program);
        if (program.equals("sigtest")) {
            // sigtest sends SIGUSR1 to VM: PM, VM's manager, forwards it as SIGS_SIGNAL_RECEIVED
            // and VM's SEF signal callback notes it.
            assertTrue(run.lines().contains("vm: signal 10 received, ignored"), run.console());
        }
    }
}
