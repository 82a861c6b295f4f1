package org.minixemu.kernel.system;

import static org.minixemu.kernel.system.CheckLines.passed;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confused deputy that "no third-party copies" (minix3-facts.md section 6) closes: a driver
 * that always copies with the request's {@code m_source} as the granter (the request's
 * USER_ENDPT only identifies the user) cannot be made to read or write another process's buffer
 * by an intruder that sends it that process's grant id. Guest program {@code deputy}: the owner
 * grants a buffer to the driver; the intruder sends the driver requests naming the owner's grant
 * id and the owner as user.
 */
class ConfusedDeputyTest {
    static final String CONFIG = """
            process intruder {
                program deputy.elf
                args main @owner @driver
                system BASIC ABORT
            }
            process owner {
                program deputy.elf
                args owner @driver
            }
            process driver {
                program deputy.elf
                args driver
            }
            """;

    @TempDir
    static Path dir;
    static GuestSystem.Run run;

    @BeforeAll
    static void boot() {
        run = new GuestSystem(dir).config(CONFIG).programs("deputy").boot();
    }

    private static void ok(String... checks) {
        passed(run, "intruder", checks);
    }

    @Test
    void everyCheckPassesAndTheMachinePowersOffWithNoFailures() {
        CheckLines.allPassed(run, "intruder");
    }

    @Test
    void theOwnersOwnRequestsWork() {
        ok("the owner grants its buffers to the driver", "the owner's own write request works",
                "the owner's own read request works", "... and brings back what it wrote",
                "the owner's own read request still works", "... and brings back what the device holds",
                "the owner's own write request still works", "... and the device then holds the owner's data");
    }

    @Test
    void withoutThatGrantIdInItsOwnTableTheIntruderGetsEpermAndTheOwnersBufferIsUntouched() {
        for (String how : new String[] {"with no grant table", "with the id beyond our table",
                "with the id revoked in our table"}) {
            ok(how + ": a read request naming the owner's grant fails with EPERM",
                    how + ": the reply names the user the request named",
                    how + ": the owner's buffer is unchanged, byte for byte",
                    how + ": a write request naming the owner's grant fails with EPERM",
                    how + ": after it too, the owner's buffer is unchanged",
                    how + ": the owner's data never reached the device");
        }
        ok("the owner fills the device with other data", "our own grant has another id than the owner's",
                "our own write request works", "the device holds what we wrote",
                "our table holds the owner's id, revoked");
    }

    @Test
    void withItsOwnGrantUnderThatIdTheIntruderOnlyReachesItsOwnBuffer() {
        ok("our next grant takes the owner's grant id", "a read request naming that id, for the owner, succeeds",
                "... and fills our own buffer with the device's data",
                "... while the owner's buffer is unchanged, byte for byte",
                "a write request naming that id, for the owner, succeeds",
                "... and sends our own data to the device, not the owner's",
                "... and the owner's buffer is still unchanged");
    }
}
