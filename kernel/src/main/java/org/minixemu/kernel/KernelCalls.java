package org.minixemu.kernel;

import static org.minixemu.cpu.Cpu.EAX;
import static org.minixemu.kernel.abi.Abi.*;

import java.nio.charset.StandardCharsets;
import org.minixemu.cpu.IoPorts;

/**
 * The kernel calls ({@code int $0x20}): the message at EAX names the call in m_type; the result
 * goes back into m_type (and EAX). A number outside the table is EBADREQUEST, a call missing
 * from the caller's call mask ECALLDENIED, and a call this kernel does not provide yet ENOSYS.
 */
final class KernelCalls {
    /** Result of a call after which the caller must not be answered (it is gone). */
    static final int NO_REPLY = Integer.MIN_VALUE;

    private final Kernel kernel;
    private final IoPorts io;
    private final Message m = new Message();
    private final byte[] text = new byte[DIAG_MAX_LENGTH];

    KernelCalls(Kernel kernel, IoPorts io) {
        this.kernel = kernel;
        this.io = io;
    }

    /** Handles the kernel call trap of {@code caller}, whose registers are saved in its slot. */
    void trap(Process caller) {
        int address = caller.registers[EAX];
        if (!caller.space.read(address, m.bytes, 0, MESSAGE_SIZE)) {
            caller.registers[EAX] = EFAULT;
            return;
        }
        int result = call(caller);
        if (result == NO_REPLY) {
            return;
        }
        m.setType(result);
        m.putInt(M_SOURCE_OFFSET, SYSTEM);
        if (!caller.space.write(address, m.bytes, 0, MESSAGE_SIZE)) {
            result = EFAULT;
        }
        caller.registers[EAX] = result;
    }

    private int call(Process caller) {
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
                kernel.exitProcess(caller, "exited (SYS_EXIT)");
                return NO_REPLY;
            case SYS_IRQCTL:
                return irqctl(caller);
            case SYS_DEVIO:
                return devio(caller);
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
        if (m.getInt(M1_I1) != SYSCTL_CODE_DIAG) {
            return EINVAL;
        }
        int length = m.getInt(M1_I2);
        if (length < 0 || length > DIAG_MAX_LENGTH) {
            return EINVAL;
        }
        if (!caller.space.read(m.getInt(M1_P1), text, 0, length)) {
            return EFAULT;
        }
        kernel.console().print(caller, new String(text, 0, length, StandardCharsets.ISO_8859_1));
        return OK;
    }

    /** IRQCTL: set or remove a hook, enable or disable its line; checked against the IRQ list. */
    private int irqctl(Process caller) {
        int request = m.getShort(M5_S1);
        IrqHooks hooks = kernel.irqHooks();
        switch (request) {
            case IRQ_SETPOLICY: {
                int irq = m.getShort(M5_S2);
                int notifyBit = m.getInt(M5_L3);
                if (irq < 0 || irq >= NR_IRQ_VECTORS || irq == 0 || irq == 2) {
                    return EINVAL;
                }
                if (!caller.priv.mayUseIrq(irq)) {
                    return EPERM;
                }
                if (notifyBit < 0 || notifyBit > 31) {
                    return EINVAL;
                }
                int hook = hooks.set(caller, irq, m.getInt(M5_I1), notifyBit);
                if (hook < 0) {
                    return ENOSPC;
                }
                m.putInt(M5_L3, hook);
                return OK;
            }
            case IRQ_RMPOLICY, IRQ_ENABLE, IRQ_DISABLE: {
                int hook = m.getInt(M5_L3);
                if (!hooks.owns(caller, hook)) {
                    return EINVAL;
                }
                if (request == IRQ_RMPOLICY) {
                    hooks.remove(hook);
                } else if (request == IRQ_ENABLE) {
                    hooks.enable(hook);
                } else {
                    hooks.disable(hook);
                }
                return OK;
            }
            default:
                return EINVAL;
        }
    }

    /** DEVIO: one IN or OUT of 1, 2 or 4 bytes at an aligned port inside the caller's ranges. */
    private int devio(Process caller) {
        int kind = m.getInt(M2_I3);
        int port = m.getInt(M2_L1);
        int size = switch (kind & DIO_TYPE_MASK) {
            case DIO_BYTE -> 1;
            case DIO_WORD -> 2;
            case DIO_LONG -> 4;
            default -> 0;
        };
        int direction = kind & DIO_DIRECTION_MASK;
        if (size == 0 || (direction != DIO_INPUT && direction != DIO_OUTPUT) || port < 0
                || port + size > 0x10000 || port % size != 0) {
            return EINVAL;
        }
        if (!caller.priv.mayUsePorts(port, size)) {
            return EPERM;
        }
        if (direction == DIO_INPUT) {
            m.putInt(M2_L2, io.in(port, size));
        } else {
            io.out(port, size, m.getInt(M2_L2));
        }
        return OK;
    }

    /** TIMES: a process's user and system ticks, the boot time and the uptime. */
    private int times(Process caller) {
        int endpoint = m.getInt(M4_L1);
        Process p = endpoint == SELF ? caller : kernel.table().lookup(endpoint);
        if (p == null) {
            return EINVAL;
        }
        m.putInt(M4_L1, (int) p.userTicks);
        m.putInt(M4_L2, (int) p.systemTicks);
        m.putInt(M4_L3, 0);
        m.putInt(M4_L5, (int) kernel.clock().uptime());
        return OK;
    }

    /** GETINFO: WHOAMI (endpoint, label, privilege flags) and HZ; the other requests come later. */
    private int getinfo(Process caller) {
        switch (m.getInt(M7_I3)) {
            case GET_WHOAMI: {
                m.putInt(M3_I1, caller.endpoint);
                m.putInt(M3_I2, caller.priv.flags);
                byte[] name = caller.label.getBytes(StandardCharsets.ISO_8859_1);
                int room = MESSAGE_SIZE - M3_CA1;
                for (int i = 0; i < room; i++) {
                    m.bytes[M3_CA1 + i] = i < name.length && i < room - 1 ? name[i] : 0;
                }
                return OK;
            }
            case GET_HZ:
                m.putInt(M7_I1, kernel.clock().hz());
                return OK;
            default:
                return EINVAL;
        }
    }
}
