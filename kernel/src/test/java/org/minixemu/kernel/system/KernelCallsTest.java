package org.minixemu.kernel.system;

import static org.minixemu.kernel.system.CheckLines.passed;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel calls servers stand on, each with a success and its rejections, checked by the guest
 * program {@code kcalltest} (one program in several roles, so that EXEC and SIGSEND can point a
 * process at a function of it): the call bitmap as the privilege check (a {@code system BASIC}
 * helper reports every call's result), PRIVCTL, FORK by slot and of oneself, SET_SYS with and
 * without a description, EXEC, CLEAR, SCHEDCTL/SCHEDULE, RUNCTL, KILL/GETKSIG/ENDKSIG,
 * SIGSEND/SIGRETURN, STATECTL, VMCTL, the trusted copies, port I/O on COM2's scratch register,
 * and full process and privilege tables.
 */
class KernelCallsTest {
    static final String CONFIG = """
            process kcalltest {
                program kcalltest.elf
                args main @forkee @basic @victim @ward @luser
                system ALL
                ipc ALL
                io 2f8:8
                irq 3
                priority 3
            }
            process forkee {
                program kcalltest.elf
                args forkee @kcalltest
                system BASIC FORK GETKSIG ENDKSIG
                sigmgr kcalltest
            }
            process basic {
                program kcalltest.elf
                args basic @kcalltest
                system BASIC
                ipc kcalltest
                sigmgr kcalltest
            }
            process victim {
                program kcalltest.elf
                args victim @kcalltest
                sigmgr kcalltest
            }
            process ward {
                program kcalltest.elf
                args ward @kcalltest
                sigmgr forkee
            }
            process luser {
                program kcalltest.elf
                type user
                args user @basic
                ipc basic
                priority 15
            }
            """;

    /** The calls outside the BASIC set, as kcalltest names them. */
    static final List<String> NOT_BASIC = List.of("FORK", "EXEC", "CLEAR", "SCHEDULE", "PRIVCTL", "TRACE", "KILL",
            "GETKSIG", "ENDKSIG", "SIGSEND", "SIGRETURN", "NEWMAP", "MEMSET", "UMAP", "VIRCOPY", "PHYSCOPY",
            "UMAP_REMOTE", "IRQCTL", "INT86", "DEVIO", "SDEVIO", "VDEVIO", "ABORT", "IOPENABLE", "READBIOS", "SPROF",
            "CPROF", "STIME", "VMCTL", "VTIMER", "RUNCTL", "GETMCONTEXT", "SETMCONTEXT", "UPDATE", "SCHEDCTL");
    /** The BASIC set but EXIT. */
    static final List<String> BASIC = List.of("SAFECOPYFROM", "SAFECOPYTO", "VSAFECOPY", "GETINFO", "TIMES",
            "SETALARM", "SETGRANT", "SAFEMAP", "SAFEREVMAP", "SAFEUNMAP", "PROFBUF", "SYSCTL", "STATECTL");

    @TempDir
    static Path dir;
    static GuestSystem.Run run;

    @BeforeAll
    static void boot() {
        // Every process slot gets filled with copies of forkee at the end: room for them.
        run = new GuestSystem(dir).config(CONFIG).programs("kcalltest").memory(128 << 20).boot();
    }

    private static void ok(String... checks) {
        passed(run, "kcalltest", checks);
    }

    @Test
    void everyCheckPassesAndTheMachinePowersOffWithNoFailures() {
        CheckLines.allPassed(run, "kcalltest");
    }

    @Test
    void aCallOutsideTheBitmapIsEcalldenied() {
        for (String call : NOT_BASIC) {
            ok("a BASIC process calling " + call + " gets ECALLDENIED");
        }
        for (String call : BASIC) {
            ok("a BASIC process may call " + call);
        }
        ok("KERNEL_CALL - 1 is EBADREQUEST", "KERNEL_CALL + NR_SYS_CALLS is EBADREQUEST",
                "basic reported every call");
    }

    @Test
    void infoTimesAndAlarmsWorkAsBefore() {
        ok("WHOAMI gives our endpoint", "WHOAMI gives our label", "GET_HZ gives the clock frequency",
                "TIMES of ourselves", "TIMES of an invalid endpoint is EINVAL", "SYSCTL with an unknown code is EINVAL",
                "a call number below KERNEL_CALL is EBADREQUEST", "SETALARM", "SETALARM 0 cancels",
                "... and gives the ticks that were left");
    }

    @Test
    void getProcReportsEndpointStatePriorityPrivilegeAndName() {
        ok("GET_PROC gives our endpoint", "GET_PROC gives our name", "GET_PROC gives our priority",
                "GET_PROC shows us runnable (state 0)", "GET_PROC gives us a privilege id",
                "... a kernel task with endpoint SYSTEM", "... PROC_FREE with endpoint NONE",
                "GET_PROC of slot NR_PROCS is EINVAL", "GET_PROC of slot -NR_TASKS - 1 is EINVAL");
    }

    @Test
    void portIoIsCheckedAgainstTheIoRangesAndIrqsAgainstTheIrqList() {
        ok("DEVIO outb to COM2's scratch register", "... reads back what was written",
                "DEVIO on the CMOS port (outside the io ranges) is EPERM",
                "DEVIO on port 0x2F7 (just below the range) is EPERM", "DEVIO with a bad kind is EINVAL",
                "VDEVIO output", "... reads the value into each pair", "VDEVIO with a port outside the ranges is EPERM",
                "VDEVIO with VDEVIO_MAX + 1 pairs is EINVAL", "VDEVIO with a bad kind is EINVAL",
                "SDEVIO output of 4 bytes", "... the register holds the last byte", "... fills exactly 4 bytes",
                "SDEVIO on a port outside the ranges is EPERM", "SDEVIO with a bad kind is EINVAL",
                "SDEVIO into unmapped memory is EFAULT", "safe SDEVIO input into a grant",
                "... fills the grant at the offset", "safe SDEVIO beyond the grant is EPERM",
                "safe SDEVIO input into a read-only grant is EPERM", "safe SDEVIO output from a grant",
                "... the register holds the grant's last byte", "IRQCTL setpolicy on IRQ 3 (in the irq list)",
                "IRQCTL setpolicy on IRQ 5 (not in the list) is EPERM");
    }

    @Test
    void trustedCopiesMoveMemoryAndRefuseBadEndpointsAndAddresses() {
        ok("VIRCOPY from another process", "... copies that process's memory", "VIRCOPY into another process",
                "... lands in that process's memory", "VIRCOPY from an invalid endpoint is EINVAL",
                "VIRCOPY to an invalid endpoint is EINVAL", "VIRCOPY from unmapped memory is EFAULT",
                "VIRCOPY to unmapped memory is EFAULT", "PHYSCOPY between two virtual address spaces",
                "PHYSCOPY from a physical address", "PHYSCOPY from beyond RAM is EFAULT",
                "PHYSCOPY to an invalid endpoint is EINVAL");
    }

    @Test
    void grantsAreRegisteredWithSetgrantAndUsedBySafecopy() {
        ok("SETGRANT registers a table", "SETGRANT with a negative entry count is EINVAL", "SETGRANT with no table",
                "SAFECOPYFROM our own grant", "SAFECOPYFROM with granter SELF",
                "SAFECOPYTO a read-only grant is EPERM", "VSAFECOPY of 0 elements",
                "VSAFECOPY of VSCP_MAX + 1 elements is EINVAL");
    }

    @Test
    void onlyTheSchedulerMaySchedule() {
        ok("SCHEDULE by a process that is not the scheduler is EPERM", "SCHEDCTL makes us ward's scheduler",
                "SCHEDULE by the scheduler", "GET_PROC shows the new priority", "SCHEDULE to priority 16 is EINVAL",
                "SCHEDULE to priority -1 is EINVAL", "SCHEDULE with quantum 0 is EINVAL",
                "... and leaves the priority as it was", "SCHEDULE of an invalid endpoint is EINVAL",
                "ward answers at its new priority",
                "SCHEDCTL with SCHEDCTL_FLAG_KERNEL gives ward back to the kernel",
                "SCHEDULE is EPERM again afterwards", "SCHEDCTL of an invalid endpoint is EINVAL");
    }

    @Test
    void runctlStopsAndResumesAndRefusesToDelayASender() {
        ok("RUNCTL stop", "a stopped process shows PROC_STOPPED", "a stopped process does not answer",
                "RUNCTL resume", "a resumed process no longer shows PROC_STOPPED",
                "the resumed process answers what came while it was stopped",
                "RUNCTL of an invalid endpoint is EINVAL", "RUNCTL with an unknown action is EINVAL",
                "basic blocks sending its first report",
                "GETKSIG after the delayed stop's send completes", "... names basic", "... with SIGSNDELAY",
                "ENDKSIG lets basic run on",
                "RUNCTL stop with RC_DELAY on a process that is sending is EBUSY");
    }

    @Test
    void privctlAllowsDisallowsAndRefusesWhatItMustNot() {
        ok("PRIVCTL with an unknown request is EINVAL", "PRIVCTL on a kernel task is EPERM",
                "PRIVCTL on an invalid endpoint is EINVAL", "SET_SYS on a process that has its privileges is EPERM",
                "SET_USER on a process that has its privileges is EPERM", "YIELD to oneself is EPERM", "YIELD to a user process is EPERM", "DISALLOW",
                "a disallowed process shows PROC_NO_PRIV", "a disallowed process does not answer", "ALLOW",
                "an allowed process no longer shows PROC_NO_PRIV",
                "the allowed process answers what came while it was disallowed");
    }

    @Test
    void aForkedChildRunsOnlyAfterSetSysAndAllow() {
        ok("FORK of an invalid parent is EINVAL", "FORK into a slot in use is EBUSY",
                "FORK of forkee into a given slot", "the child is in that slot",
                "the child has a new generation endpoint", "GET_PROC shows the child's endpoint",
                "the child has its parent's label", "the child of a system process is in PROC_NO_PRIV",
                "FORK into the child's slot is EBUSY", "SET_SYS gives the child its own privilege",
                "... a privilege id of its own", "... and it stays in PROC_NO_PRIV until ALLOW", "ALLOW the child",
                "... PROC_NO_PRIV is gone", "the child answers a request", "... under its own endpoint",
                "... with its parent's label",
                "a default SET_SYS gives only the basic calls (DEVIO is ECALLDENIED)", "the parent still answers");
    }

    @Test
    void aPrivilegeDescriptionGivesExactlyItsCallsAndRanges() {
        ok("SET_SYS with a description", "the description's calls and io range are granted (DEVIO)",
                "... the child reads the register", "a port outside the description's io range is EPERM",
                "forkee itself (no DEVIO) is ECALLDENIED", "ADD_IO", "... the added port may be used",
                "ADD_IO with base > last is EINVAL", "ADD_IO beyond port 0xFFFF is EINVAL",
                "ADD_IO for a user process is EPERM", "ADD_IO refuses with EINVAL once the table is full",
                "ADD_IRQ", "ADD_IRQ 16 is EINVAL", "ADD_IRQ -1 is EINVAL", "ADD_IRQ for a user process is EPERM",
                "ADD_IRQ refuses with EINVAL once the table is full", "ADD_MEM", "QUERY_MEM inside the range",
                "QUERY_MEM outside it is EPERM", "QUERY_MEM across its end is EPERM",
                "ADD_MEM with base > last is EINVAL", "ADD_MEM for a user process is EPERM",
                "ADD_MEM refuses with EINVAL once the table is full",
                "UPDATE_SYS with a description without DEVIO", "... takes DEVIO away (ECALLDENIED)",
                "UPDATE_SYS of an invalid endpoint is EINVAL");
    }

    @Test
    void userProcessesShareOnePrivilege() {
        ok("FORK into any free slot", "SET_USER", "... gives the privilege all user processes share",
                "FORK of a user process", "... the child shares the user privilege and may run");
    }

    @Test
    void aProcessThatForksItselfSeesOkInParentAndChild() {
        ok("forkee forks itself", "... and in the parent, whoami is not the child",
                "the child of a self-fork is in PROC_NO_PRIV", "the child sends the parent's answer too",
                "... its fork returned OK", "... with its own endpoint", "... and whoami says it is the child",
                "the self-forked child serves requests");
    }

    @Test
    void execPointsAStoppedChildAtANewEntryAndLabel() {
        ok("forkee forks itself again", "EXEC with a bad name pointer is EFAULT",
                "EXEC of an invalid endpoint is EINVAL", "EXEC of the stopped child", "EXEC sets the label",
                "SET_SYS the exec'd child", "the exec'd child answers", "... from the new entry point",
                "... and knows itself by the new label");
    }

    @Test
    void clearRemovesAProcessAndWakesWhoeverWaitedForIt() {
        ok("forkee blocks receiving from the first child", "CLEAR of SELF is EPERM",
                "CLEAR of the caller's own endpoint is EPERM", "CLEAR of a kernel task is EPERM",
                "CLEAR of an invalid endpoint is EINVAL", "CLEAR of the first child",
                "a process receiving from the cleared child gets EDEADSRCDST", "... shows PROC_FREE and endpoint NONE",
                "IPC to the cleared endpoint is EDEADSRCDST", "CLEAR of the described child", "CLEAR of the user child",
                "CLEAR of the user process's child", "CLEAR of the self-forked child", "CLEAR of the exec'd child",
                "CLEAR of an endpoint already cleared is EINVAL");
    }

    @Test
    void updateRefusesBadEndpointsUserProcessesAndBusyOnes() {
        ok("UPDATE of a process that is sending is EBUSY", "UPDATE with a user process is EPERM",
                "UPDATE of an invalid endpoint is EINVAL", "UPDATE to an invalid endpoint is EINVAL");
    }

    @Test
    void killHoldsAProcessUntilItsManagerEndsIt() {
        ok("KILL of an invalid endpoint is EINVAL", "KILL of a kernel task is EPERM", "KILL with signal 0 is EINVAL",
                "KILL with signal NSIG is EINVAL", "GETKSIG with nothing pending",
                "ENDKSIG of a process that is not signalled is EINVAL", "ENDKSIG of an invalid endpoint is EINVAL",
                "KILL the victim (we are its signal manager)", "a signalled process is held in PROC_SIGNALED",
                "the manager is notified by SYSTEM with SIGKSIG in m2_l1",
                "GETKSIG gives the victim with SIGTERM in its set", "GETKSIG again", "ENDKSIG lets it go on",
                "... PROC_SIGNALED is gone", "the victim answers after ENDKSIG",
                "KILL ward (forkee is its signal manager)",
                "ENDKSIG by a process that is not the manager is EPERM", "forkee reports what it took",
                "... ward with SIGUSR2, ended with OK", "ward answers after its manager's ENDKSIG");
    }

    @Test
    void sigsendRunsTheHandlerAndSigreturnResumesTheProcess() {
        ok("SIGSEND with a frame that cannot be written is EFAULT", "... and the victim still answers",
                "SIGSEND to an invalid endpoint is EINVAL", "SIGRETURN of an invalid endpoint is EINVAL",
                "the victim is ready for a signal", "SIGSEND to the victim",
                "its handler returns to the trampoline, which asks us to SIGRETURN",
                "... the frame carries the signal number", "SIGRETURN with the context on the victim's stack",
                "the victim resumes where it was and reports", "... its handler got the signal number",
                "... the sigcontext held the signal number", "... its local variable survived",
                "the victim answers after its signal");
    }

    @Test
    void statectlWakesWhoeverWaitsForTheCaller() {
        ok("forkee blocks receiving from us", "STATECTL CLEAR_IPC_REFS",
                "... wakes a process receiving from us with EDEADSRCDST", "STATECTL with an unknown request is EINVAL");
    }

    @Test
    void vmctlRefusesUnknownRequestsAndProcessesNotInAPageFault() {
        ok("VMCTL with an unknown request is EINVAL",
                "VMCTL_CLEAR_PAGEFAULT of a process not in a page fault is EINVAL",
                "VMCTL of an invalid endpoint is EINVAL");
    }

    @Test
    void fullProcessAndPrivilegeTablesAreEagainAndEnospc() {
        ok("FORK with no free slot is EAGAIN", "SET_SYS with no free privilege is ENOSPC",
                "every one of those children is cleared", "FORK works again afterwards", "... and SET_SYS too");
    }

    @Test
    void everyHelperSurvives() {
        ok("forkee survived and answers", "victim survived and answers", "ward survived and answers");
    }
}
