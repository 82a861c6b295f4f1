package org.minixemu.kernel;

import static org.minixemu.cpu.Cpu.ESP;
import static org.minixemu.kernel.abi.Abi.*;

/**
 * The signal kernel calls: KILL (a signal through the target's manager), GETKSIG and ENDKSIG
 * (a manager's side), and SIGSEND and SIGRETURN (PM pushing a POSIX signal frame onto a
 * process's stack and popping it again).
 */
final class SignalCalls {
    private final ProcessTable table;
    private final Signals signals;
    private final byte[] sigmsg = new byte[SIGMSG_SIZE];
    private final byte[] frame = new byte[SIGCONTEXT_SIZE + 12];

    private final Kernel kernel;

    SignalCalls(Kernel kernel, ProcessTable table, Signals signals) {
        this.kernel = kernel;
        this.table = table;
        this.signals = signals;
    }

    private Process target(Process caller, int endpoint) {
        return table.lookup(caller, endpoint);
    }

    int kill(Process caller, Message m) {
        Process p = target(caller, m.getInt(M2_I1));
        if (p == null) {
            return EINVAL;
        }
        if (p.isKernelTask()) {
            return EPERM;
        }
        int signal = m.getInt(M2_I2);
        if (signal < 1 || signal >= NSIG) {
            return EINVAL;
        }
        signals.raise(p, signal, "killed by signal " + signal + " from " + caller.program.label);
        return OK;
    }

    int getksig(Process caller, Message m) {
        return signals.getksig(caller, m);
    }

    int endksig(Process caller, Message m) {
        return signals.endksig(caller, m.getInt(M2_I1));
    }

    /**
     * SIGSEND: below the target's stack pointer (or sm.stkptr), a sigcontext with its registers,
     * and under it the handler's frame: return address (sm.sigreturn), signal number, pointer to
     * the sigcontext. The target continues in the handler.
     */
    int sigsend(Process caller, Message m) {
        Process p = target(caller, m.getInt(M2_I1));
        if (p == null || p.isKernelTask()) {
            return EINVAL;
        }
        if (!caller.program.space.read(m.getInt(M2_P1), sigmsg, 0, SIGMSG_SIZE)) {
            return EFAULT;
        }
        int stack = Message.getInt(sigmsg, SIGMSG_STKPTR);
        if (stack == 0) {
            stack = p.program.registers[ESP];
        }
        int context = (stack - SIGCONTEXT_SIZE) & ~3;
        int top = context - 12;
        int signal = Message.getInt(sigmsg, SIGMSG_SIGNO);
        Message.putInt(frame, 0, Message.getInt(sigmsg, SIGMSG_SIGRETURN));
        Message.putInt(frame, 4, signal);
        Message.putInt(frame, 8, context);
        for (int r = 0; r < 8; r++) {
            Message.putInt(frame, 12 + SIGCONTEXT_EAX + 4 * r, p.program.registers[r]);
        }
        Message.putInt(frame, 12 + SIGCONTEXT_EIP, p.program.eip);
        Message.putInt(frame, 12 + SIGCONTEXT_EFLAGS, p.program.eflags);
        Message.putInt(frame, 12 + SIGCONTEXT_MASK, Message.getInt(sigmsg, SIGMSG_MASK));
        Message.putInt(frame, 12 + SIGCONTEXT_SIGNO, signal);
        // The stack page may not be there yet (or be copy-on-write): VM makes it so first.
        int r = kernel.memoryRequests().check(caller, p, top, frame.length, true);
        if (r != OK) {
            return r;
        }
        if (!p.program.space.write(top, frame, 0, frame.length)) {
            return EFAULT;
        }
        p.program.registers[ESP] = top;
        p.program.eip = Message.getInt(sigmsg, SIGMSG_HANDLER);
        return OK;
    }

    /** SIGRETURN: the registers saved by SIGSEND come back from the sigcontext in the target's memory. */
    int sigreturn(Process caller, Message m) {
        Process p = target(caller, m.getInt(M2_I1));
        if (p == null || p.isKernelTask()) {
            return EINVAL;
        }
        if (!p.program.space.read(m.getInt(M2_P1), frame, 0, SIGCONTEXT_SIZE)) {
            return EFAULT;
        }
        for (int r = 0; r < 8; r++) {
            p.program.registers[r] = Message.getInt(frame, SIGCONTEXT_EAX + 4 * r);
        }
        p.program.eip = Message.getInt(frame, SIGCONTEXT_EIP);
        // Only the status flags and DF come back; IF stays on and IOPL at 0 whatever the frame says.
        p.program.eflags = (Message.getInt(frame, SIGCONTEXT_EFLAGS) & 0xCD5) | Kernel.USER_EFLAGS;
        ProcessCalls.endCallerWait(kernel.scheduler(), caller, p);
        return OK;
    }
}
