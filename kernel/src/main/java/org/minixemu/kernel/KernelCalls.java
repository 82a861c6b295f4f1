package org.minixemu.kernel;

import static org.minixemu.cpu.Cpu.EAX;
import static org.minixemu.kernel.abi.Abi.*;

import java.nio.charset.StandardCharsets;
import org.minixemu.cpu.IoPorts;

/**
 * The kernel calls ({@code int $0x20}): the message at EAX names the call in m_type; the result
 * goes back into m_type (and EAX). A number outside the table is EBADREQUEST, a call missing
 * from the caller's call bitmap ECALLDENIED, and a call this kernel does not provide ENOSYS.
 * This class dispatches; the calls live in classes by subject ({@link PrivilegeCalls},
 * {@link CopyCalls}, {@link ProcessCalls}, {@link SignalCalls}, {@link DeviceCalls}), and the
 * small informational ones here.
 */
final class KernelCalls {
    /** Result of a call after which the caller must not be answered (it is gone or held). */
    static final int NO_REPLY = Integer.MIN_VALUE;

    private final Kernel kernel;
    private final PrivilegeCalls privileges;
    private final CopyCalls copies;
    private final ProcessCalls processes;
    private final SignalCalls signals;
    private final DeviceCalls devices;
    private final Message m = new Message();
    private final byte[] text = new byte[DIAG_MAX_LENGTH];
    private final byte[] info = new byte[PROC_INFO_SIZE];
    private final byte[] privSpec = new byte[PRIV_SPEC_SIZE];

    KernelCalls(Kernel kernel, IoPorts io, Signals signalRouting) {
        this.kernel = kernel;
        ProcessTable table = kernel.table();
        Grants grants = new Grants(table);
        Copier copier = new Copier(kernel.machine().memory());
        this.privileges = new PrivilegeCalls(kernel, table, kernel.scheduler());
        this.copies = new CopyCalls(table, grants, copier, kernel.memoryRequests());
        this.processes = new ProcessCalls(kernel, table, kernel.scheduler(), kernel.ipc());
        this.signals = new SignalCalls(kernel, table, signalRouting);
        this.devices = new DeviceCalls(kernel, io, grants, copier);
    }

    /** Handles the kernel call trap of {@code caller}, whose registers are saved in its slot. */
    void trap(Process caller) {
        int address = caller.program.registers[EAX];
        // The message is read now and the result written into it afterwards: both must work,
        // and VM makes them so first if the page is absent or copy-on-write.
        int access = kernel.memoryRequests().check(caller, caller, address, MESSAGE_SIZE, true);
        if (access == Ipc.VM_SUSPENDED) {
            caller.program.redoTrap = KERNEL_CALL_VECTOR;
            return;
        }
        if (access != OK || !caller.program.space.read(address, m.bytes, 0, MESSAGE_SIZE)) {
            caller.program.registers[EAX] = EFAULT;
            return;
        }
        int result = call(caller, address);
        if (result == Ipc.VM_SUSPENDED) {
            caller.program.redoTrap = KERNEL_CALL_VECTOR; // a copy inside the call waits for VM
            return;
        }
        if (result == NO_REPLY || caller.isFree() || (caller.program.rtsFlags & Process.DEAD) != 0) {
            return;
        }
        m.setType(result);
        m.putInt(M_SOURCE_OFFSET, SYSTEM);
        if (!caller.program.space.write(address, m.bytes, 0, MESSAGE_SIZE)) {
            result = EFAULT;
        }
        caller.program.registers[EAX] = result;
    }

    private int call(Process caller, int address) {
        int n = m.type() - KERNEL_CALL;
        if (n < 0 || n >= NR_SYS_CALLS) {
            return EBADREQUEST;
        }
        if (!caller.priv.kernelCalls.get(n)) {
            return ECALLDENIED;
        }
        switch (m.type()) {
            case SYS_SYSCTL:
                return sysctl(caller);
            case SYS_ABORT:
                kernel.abort(caller, m.getInt(M1_I1), m.getInt(M1_I2));
                return NO_REPLY;
            case SYS_EXIT:
                kernel.signals().raise(caller, SIGABRT, "exited (SYS_EXIT)");
                return NO_REPLY;
            case SYS_PRIVCTL:
                return privileges.privctl(caller, m);
            case SYS_SETGRANT:
                return copies.setgrant(caller, m);
            case SYS_SAFECOPYFROM:
                return copies.safecopy(caller, m, false);
            case SYS_SAFECOPYTO:
                return copies.safecopy(caller, m, true);
            case SYS_VSAFECOPY:
                return copies.vsafecopy(caller, m);
            case SYS_VIRCOPY:
                return copies.vircopy(caller, m, false);
            case SYS_PHYSCOPY:
                return copies.vircopy(caller, m, true);
            case SYS_FORK:
                return processes.fork(caller, m, address);
            case SYS_EXEC:
                return processes.exec(caller, m);
            case SYS_CLEAR:
                return processes.clear(caller, m);
            case SYS_UPDATE:
                return processes.update(caller, m);
            case SYS_SCHEDCTL:
                return processes.schedctl(caller, m);
            case SYS_SCHEDULE:
                return processes.schedule(caller, m);
            case SYS_RUNCTL:
                return processes.runctl(caller, m);
            case SYS_STATECTL:
                return processes.statectl(caller, m);
            case SYS_VMCTL:
                return processes.vmctl(caller, m);
            case SYS_KILL:
                return signals.kill(caller, m);
            case SYS_GETKSIG:
                return signals.getksig(caller, m);
            case SYS_ENDKSIG:
                return signals.endksig(caller, m);
            case SYS_SIGSEND:
                return signals.sigsend(caller, m);
            case SYS_SIGRETURN:
                return signals.sigreturn(caller, m);
            case SYS_IRQCTL:
                return devices.irqctl(caller, m);
            case SYS_DEVIO:
                return devices.devio(caller, m);
            case SYS_SDEVIO:
                return devices.sdevio(caller, m);
            case SYS_VDEVIO:
                return devices.vdevio(caller, m);
            case SYS_SETALARM:
                m.putInt(M2_L1, (int) kernel.clock().setAlarm(caller.priv,
                        Integer.toUnsignedLong(m.getInt(M2_L1)), m.getInt(M2_I2) != 0));
                return OK;
            case SYS_TIMES:
                return times(caller);
            case SYS_GETINFO:
                return getinfo(caller);
            default:
                return ENOSYS;
        }
    }

    /** SYSCTL: DIAG prints text from the caller's memory on the console, under its label. */
    private int sysctl(Process caller) {
        int code = m.getInt(M1_I1);
        if (code != SYSCTL_CODE_DIAG) {
            return EINVAL;
        }
        int length = m.getInt(M1_I2);
        if (length < 0 || length > DIAG_MAX_LENGTH) {
            return EINVAL;
        }
        if (!caller.program.space.read(m.getInt(M1_P1), text, 0, length)) {
            return EFAULT;
        }
        kernel.console().print(caller, new String(text, 0, length, StandardCharsets.ISO_8859_1));
        return OK;
    }

    /** TIMES: a process's user and system ticks, the boot time and the uptime. */
    private int times(Process caller) {
        int endpoint = m.getInt(M4_L1);
        Process p = kernel.table().lookup(caller, endpoint);
        if (p == null) {
            return EINVAL;
        }
        m.putInt(M4_L1, (int) p.userTicks);
        m.putInt(M4_L2, (int) p.systemTicks);
        m.putInt(M4_L3, (int) kernel.machine().rtcStart().getEpochSecond());
        m.putInt(M4_L5, (int) kernel.clock().uptime());
        return OK;
    }

    /** GETINFO: WHOAMI (endpoint, label, privilege flags), HZ, PROC (one slot's state), KMESSAGES (console text). */
    private int getinfo(Process caller) {
        switch (m.getInt(M7_I3)) {
            case GET_WHOAMI: {
                m.putInt(M3_I1, caller.endpoint);
                m.putInt(M3_I2, caller.priv.flags);
                putString(m.bytes, M3_CA1, MESSAGE_SIZE - M3_CA1, caller.program.label);
                return OK;
            }
            case GET_HZ:
                m.putInt(M7_I1, kernel.clock().hz());
                return OK;
            case GET_PROC:
                return procInfo(caller);
            case GET_BOOTINFO:
                return bootInfo(caller);
            case GET_KMESSAGES: {
                // The text is drained only once it is written, so the call may wait for VM first.
                int access = m.getInt(M7_I1) < KMESSAGES_SIZE ? OK
                        : kernel.memoryRequests().check(caller, caller, m.getInt(M7_P1), KMESSAGES_SIZE, true);
                return access != OK ? access : kernel.console().fetch(caller, m.getInt(M7_P1), m.getInt(M7_I1));
            }
            case GET_PRIV:
                return privInfo(caller);
            default:
                return EINVAL;
        }
    }

    /** GET_BOOTINFO: what VM took over at boot; system processes only, and only with a VM. */
    private int bootInfo(Process caller) {
        byte[] info = kernel.bootInfo();
        if ((caller.priv.flags & SYS_PROC) == 0) {
            return EPERM;
        }
        if (info == null) {
            return ENOSYS;
        }
        if (m.getInt(M7_I1) < info.length) {
            return EINVAL;
        }
        return copyOut(caller, m.getInt(M7_P1), info, info.length);
    }

    /**
     * Writes a GETINFO answer into the caller's buffer. A page VM has not made present yet (a
     * heap or BSS page never touched, a page copy-on-write since a fork) is made so first, as
     * for the message itself; the call then runs again from the start (GETINFO changes nothing
     * before its copy). EFAULT only when VM cannot make the range accessible.
     */
    private int copyOut(Process caller, int address, byte[] data, int length) {
        int access = kernel.memoryRequests().check(caller, caller, address, length, true);
        if (access != OK) {
            return access;
        }
        return caller.program.space.write(address, data, 0, length) ? OK : EFAULT;
    }

    /** GET_PRIV (ours: m7_i4 = endpoint, SELF allowed): a process's privilege as a priv_spec. */
    private int privInfo(Process caller) {
        Process p = kernel.table().lookup(caller, m.getInt(M7_I4));
        if (p == null || p.isKernelTask() || m.getInt(M7_I1) < PRIV_SPEC_SIZE) {
            return EINVAL;
        }
        int r = privileges.describe(p, privSpec);
        if (r != OK) {
            return r;
        }
        return copyOut(caller, m.getInt(M7_P1), privSpec, PRIV_SPEC_SIZE);
    }

    private int procInfo(Process caller) {
        int slot = m.getInt(M7_I4);
        if (slot < -NR_TASKS || slot >= NR_PROCS || m.getInt(M7_I1) < PROC_INFO_SIZE) {
            return EINVAL;
        }
        Process p = kernel.table().slot(slot);
        boolean free = p.isFree();
        java.util.Arrays.fill(info, (byte) 0);
        Message.putInt(info, PROC_INFO_ENDPOINT, free ? NONE : p.endpoint);
        Message.putInt(info, PROC_INFO_STATE, free ? PROC_FREE : p.program.rtsFlags & 0xFFFF);
        Message.putInt(info, PROC_INFO_PRIORITY, free ? 0 : p.priority);
        Message.putInt(info, PROC_INFO_PRIV_ID, free || p.priv == null ? -1 : p.priv.id);
        boolean sending = !free && (p.program.rtsFlags & Process.SENDING) != 0;
        boolean receiving = !free && (p.program.rtsFlags & Process.RECEIVING) != 0;
        Message.putInt(info, PROC_INFO_SEND_TO, sending ? p.program.sendTo : NONE);
        Message.putInt(info, PROC_INFO_GET_FROM, receiving ? p.program.getFrom : NONE);
        if (!free) {
            putString(info, PROC_INFO_NAME, PROC_INFO_SEND_TO - PROC_INFO_NAME, p.program.label);
        }
        return copyOut(caller, m.getInt(M7_P1), info, PROC_INFO_SIZE);
    }

    /** {@code s} NUL-terminated in {@code room} bytes at {@code at}, cut to fit. */
    private static void putString(byte[] into, int at, int room, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < room; i++) {
            into[at + i] = i < b.length && i < room - 1 ? b[i] : 0;
        }
    }
}
