package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.kernel.system.CheckLines.passed;
import static org.minixemu.kernel.system.CheckLines.printed;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.abi.Abi;

/**
 * Kernel signals through a signal manager, SYS_UPDATE of two live servers, and page faults sent
 * to a pager, from the guest program {@code signals}: {@code mgr} is the signal manager of the
 * others ({@code sigmgr mgr}); it reports each signal on the console, clears the crashed
 * processes (which then leave no trace in GET_PROC) and lets a killed but healthy one go on;
 * it swaps {@code svcone} and {@code svctwo}, two different programs, after which each
 * endpoint is served by the other program; {@code pager} takes {@code pfault}'s page faults
 * as VM_PAGEFAULT messages, resumes it once, and kills it. {@code orphan} has no manager: the
 * kernel removes it as before.
 */
class SignalManagerTest {
    static final String CONFIG = """
            process mgr {
                program signals.elf
                args mgr @segv @fpe @ill @trap @gp @abrt @healthy @pfault @pager @svcone @svctwo @orphan
                system BASIC GETKSIG ENDKSIG CLEAR KILL UPDATE ABORT
                priority 3
            }
            process segv {
                program signals.elf
                args crash segv
                sigmgr mgr
            }
            process fpe {
                program signals.elf
                args crash fpe
                sigmgr mgr
            }
            process ill {
                program signals.elf
                args crash ill
                sigmgr mgr
            }
            process trap {
                program signals.elf
                args crash trap
                sigmgr mgr
            }
            process gp {
                program signals.elf
                args crash gp
                sigmgr mgr
            }
            process abrt {
                program signals.elf
                args crash abrt
                sigmgr mgr
            }
            process healthy {
                program signals.elf
                args echo
                sigmgr mgr
            }
            process pfault {
                program signals.elf
                args pfault
                sigmgr mgr
            }
            process pager {
                program signals.elf
                args pager @pfault
                system BASIC VMCTL KILL
                sigmgr mgr
            }
            process svcone {
                program svcone.elf
                sigmgr mgr
            }
            process svctwo {
                program svctwo.elf
                sigmgr mgr
            }
            process orphan {
                program crasher.elf
                args null
            }
            """;

    /** Each crasher's signal. */
    static final Map<String, Integer> CRASHES = Map.of("segv", Abi.SIGSEGV, "fpe", Abi.SIGFPE, "ill", Abi.SIGILL,
            "trap", Abi.SIGTRAP, "gp", Abi.SIGSEGV, "abrt", Abi.SIGABRT);

    @TempDir
    static Path dir;
    static GuestSystem.Run run;

    @BeforeAll
    static void boot() {
        run = new GuestSystem(dir).config(CONFIG).programs("signals", "svcone", "svctwo", "crasher").boot();
    }

    private static void ok(String... checks) {
        passed(run, "mgr", checks);
    }

    @Test
    void everyCheckPassesAndTheMachinePowersOffWithNoFailures() {
        CheckLines.allPassed(run, "mgr");
    }

    @Test
    void eachFaultReachesTheManagerAsItsSignal() {
        CRASHES.forEach((label, signal) -> {
            printed(run, label + ": about to crash: " + label, "mgr: " + label + " got signal " + signal);
            ok(label + " takes the order to crash", "the manager is notified by SYSTEM with SIGKSIG (" + label + ")",
                    label + " is held in PROC_SIGNALED");
            // The manager decides, not the kernel: no "killed" report for a managed process.
            assertTrue(run.lines().stream().noneMatch(l -> l.startsWith("kernel: " + label + " ")), run.console());
        });
        ok("segv gets SIGSEGV", "fpe gets SIGFPE", "ill gets SIGILL", "trap gets SIGTRAP", "gp gets SIGSEGV",
                "abrt gets SIGABRT");
    }

    @Test
    void aClearedProcessLeavesNoTrace() {
        for (String label : CRASHES.keySet()) {
            ok("CLEAR " + label, "GET_PROC of " + label + "'s slot",
                    label + " leaves no trace (PROC_FREE, endpoint NONE)",
                    "IPC to " + label + "'s endpoint is EDEADSRCDST");
        }
    }

    @Test
    void aKilledHealthyProcessGoesOnAfterEndksig() {
        printed(run, "mgr: healthy got signal " + Abi.SIGTERM, "mgr: healthy got signal " + Abi.SIGUSR1,
                "mgr: healthy got signal " + Abi.SIGUSR2);
        ok("KILL healthy with SIGTERM", "healthy gets SIGTERM", "healthy is held in PROC_SIGNALED", "ENDKSIG healthy",
                "healthy answers after ENDKSIG", "KILL healthy with SIGUSR1", "KILL healthy with SIGUSR2",
                "two signals come as one set", "ENDKSIG healthy again",
                "ENDKSIG of a process no longer signalled is EINVAL", "healthy still answers",
                "healthy survived and answers");
    }

    @Test
    void aProcessWithoutAManagerIsReportedAndRemoved() {
        assertTrue(run.console().contains("kernel: orphan killed: page fault at address 0x00000000"), run.console());
        ok("a process with no signal manager is removed when it crashes");
    }

    @Test
    void aPagerGetsPageFaultsAsMessagesAndTheManagerSeesItsKill() {
        passed(run, "pager", "CLEAR_PAGEFAULT of a process not in a page fault is EINVAL",
                "an unknown VMCTL request is EINVAL", "ENABLE_PAGING makes us pfault's pager",
                "pfault takes the order to fault", "pfault waits in PROC_PAGEFAULT", "CLEAR_PAGEFAULT resumes it",
                "KILL pfault with SIGSEGV");
        for (String which : new String[] {"first", "second"}) {
            passed(run, "pager", "the " + which + " page fault comes to the pager",
                    "... as VM_PAGEFAULT (" + which + ")", "... under pfault's endpoint (" + which + ")",
                    "... with the faulting address (" + which + ")",
                    "... with error code 4, a user read of a page not present (" + which + ")",
                    "... flagged as sent by the kernel (" + which + ")");
        }
        printed(run, "mgr: pfault got signal " + Abi.SIGSEGV);
        ok("the pager runs its checks", "the pager saw no failures", "pfault gets SIGSEGV from its pager's KILL",
                "CLEAR pfault", "pfault leaves no trace (PROC_FREE, endpoint NONE)");
    }

    @Test
    void updateSwapsTwoLiveServersAndBothKeepAnswering() {
        for (String before : new String[] {"svcone before the update", "svctwo before the update",
                "svcone's endpoint after the update", "svctwo's endpoint after the update"}) {
            ok(before + ": the program's tag", before + ": the requests that program has served",
                    before + ": whoami gives the slot's endpoint", before + ": whoami gives the program's label");
        }
        ok("both wait in RECEIVE", "UPDATE of two live servers",
                "GET_PROC of svcone's slot names the program now in it", "both keep answering, each from its program");
    }
}
