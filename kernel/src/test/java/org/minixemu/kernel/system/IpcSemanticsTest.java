package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/**
 * Acceptance 2 of the kernel issue: the IPC semantics of minix3-facts.md section 3, checked by
 * the guest program {@code ipctest} against helper processes, each case with its error code, and
 * every bystander alive at the end.
 */
class IpcSemanticsTest {
    static final String CONFIG = """
            process ipctest {
                program ipctest.elf
                args @echo @quitter @partner @notifier @sleeper @sender1 @sender2 @secret @trapper
                ipc ipctest echo quitter partner notifier sleeper sender1 sender2 trapper SYSTEM CLOCK
                system ABORT
            }
            process echo {
                program echo.elf
            }
            process quitter {
                program quitter.elf
            }
            process partner {
                program partner.elf
                args @ipctest
            }
            process notifier {
                program notifier.elf
            }
            process sleeper {
                program sleeper.elf
            }
            process sender1 {
                program sender.elf
                args @ipctest 1
            }
            process sender2 {
                program sender.elf
                args @ipctest 2
            }
            process secret {
                program secret.elf
                ipc NONE
            }
            process trapper {
                program trapper.elf
                type user
                args @ipctest
                ipc ipctest
            }
            """;

    @TempDir
    static Path dir;
    static GuestSystem.Run run;

    @BeforeAll
    static void boot() {
        run = new GuestSystem(dir).config(CONFIG)
                .programs("ipctest", "echo", "quitter", "partner", "notifier", "sleeper", "sender", "secret",
                        "trapper").boot();
    }

    private static void passed(String check) {
        assertTrue(run.lines().contains("ipctest: ok " + check), () -> "missing 'ok " + check + "' in\n" + run.console());
    }

    @Test
    void everyCheckPassesAndTheMachinePowersOffWithNoFailures() {
        List<String> failed = run.lines().stream().filter(l -> l.contains("FAIL")).toList();
        assertEquals(List.of(), failed, run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
        assertTrue(run.lines().contains("ipctest: 0 failures"), run.console());
    }

    @Test
    void deadAndStaleEndpointsAreEdeadsrcdst() {
        passed("send to a dead endpoint is EDEADSRCDST");
        passed("send to a stale endpoint (slot alive, other generation) is EDEADSRCDST");
        assertTrue(run.lines().contains("kernel: quitter exited (SYS_EXIT)"), run.console());
    }

    @Test
    void sendingToSelfAndCrossSendingAreElocked() {
        passed("send to self is ELOCKED");
        passed("sendrec to self is ELOCKED");
        passed("cross send (partner sends to us, we send to it) is ELOCKED");
        passed("cross sendrec is ELOCKED");
        passed("partner's message can still be received");
    }

    @Test
    void targetOutsideTheIpcMaskIsEcalldenied() {
        passed("send outside the IPC mask is ECALLDENIED");
        passed("notify outside the IPC mask is ECALLDENIED");
    }

    @Test
    void manyNotifiesCoalesceIntoOneMessage() {
        passed("one notification is pending");
        passed("... as NOTIFY_MESSAGE");
        passed("the 5 notifies coalesced: the next message is the CLOCK alarm");
    }

    @Test
    void sendnbToAReceiverThatIsNotWaitingIsEnotready() {
        passed("sendnb to a process not receiving from us is ENOTREADY");
        passed("sendnb to a waiting receiver is OK");
    }

    @Test
    void sendaReportsEachBadEntryAndDeliversTheGoodOne() {
        passed("entry 0 (to echo, receiving) delivered");
        passed("entry 1 (dead endpoint) is EDEADSRCDST");
        passed("entry 2 (outside the IPC mask) is ECALLDENIED");
        passed("entry 3 (unknown flag) is EINVAL");
        passed("entry 4 (kernel task) is ECALLDENIED");
        passed("entry 5 (empty) untouched");
        passed("entry 6 (receiver busy) pending, not done");
        passed("senda with too many entries is EDOM");
    }

    @Test
    void receiveFromOneEndpointSkipsEarlierQueuedSenders() {
        passed("receive from sender2 while sender1 queues first");
        passed("... the message is sender2's");
        passed("then sender1's message is still there");
    }

    @Test
    void badBuffersAndCallsFailWithoutHarm() {
        passed("send to ANY is EINVAL");
        passed("send to a kernel task is ETRAPDENIED");
        passed("an unknown IPC call is ETRAPDENIED");
        passed("send from an unmapped buffer is EFAULT");
        passed("receive into read-only memory is EFAULT");
        passed("sendrec with a buffer crossing into unmapped memory is EFAULT");
        passed("sendrec from read-only memory (the reply could not be written) is EFAULT");
    }

    @Test
    void aUserProcessMayOnlySendrecAndMakesNoKernelCalls() {
        passed("a user process's SEND is ETRAPDENIED");
        passed("a user process's NOTIFY is ETRAPDENIED");
        passed("a user process's RECEIVE is ETRAPDENIED");
        passed("a user process's SENDNB is ETRAPDENIED");
        passed("a user process's SENDA is ETRAPDENIED");
        passed("a user process's kernel call is ECALLDENIED");
        passed("... and its SENDREC gets an answer");
    }

    @Test
    void everyBystanderSurvives() {
        for (String helper : List.of("echo", "partner", "notifier", "sender1", "sender2")) {
            passed(helper + " survived and answers");
        }
    }
}
