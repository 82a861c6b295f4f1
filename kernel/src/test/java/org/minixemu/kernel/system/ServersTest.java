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
    @TempDir
    Path dir;

    static GuestSystem servers(Path dir, String initArgs) {
        return GuestTests.defaultSystem(dir, initArgs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forktree", "cowtest", "sigtest", "growtest", "badexec", "vfstest", "ttytest", "shtest"})
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
