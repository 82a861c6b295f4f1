package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.*;

import org.minixemu.cpu.IoPorts;

/**
 * Port I/O and IRQ hooks for drivers: DEVIO (one access), SDEVIO (a string of accesses to or
 * from memory or a grant), VDEVIO (a vector of port/value pairs) and IRQCTL, each checked
 * against the caller's I/O ranges and IRQ lines.
 */
final class DeviceCalls {
    private final IoPorts io;
    private final Kernel kernel;
    private final Grants grants;
    private final Copier copier;
    private final byte[] pairs = new byte[VDEVIO_MAX * PV_PAIR_SIZE];

    DeviceCalls(Kernel kernel, IoPorts io, Grants grants, Copier copier) {
        this.kernel = kernel;
        this.io = io;
        this.grants = grants;
        this.copier = copier;
    }

    /** Bytes per access of a DIO kind, or 0 if the kind is malformed. */
    private static int size(int kind) {
        int direction = kind & DIO_DIRECTION_MASK;
        if (direction != DIO_INPUT && direction != DIO_OUTPUT) {
            return 0;
        }
        return switch (kind & DIO_TYPE_MASK) {
            case DIO_BYTE -> 1;
            case DIO_WORD -> 2;
            case DIO_LONG -> 4;
            default -> 0;
        };
    }

    private static boolean portOk(int port, int size) {
        return port >= 0 && port + size <= 0x10000 && port % size == 0;
    }

    /** DEVIO: one IN or OUT of 1, 2 or 4 bytes at an aligned port inside the caller's ranges. */
    int devio(Process caller, Message m) {
        int kind = m.getInt(M2_I3);
        int port = m.getInt(M2_L1);
        int size = size(kind);
        if (size == 0 || !portOk(port, size)) {
            return EINVAL;
        }
        if (!caller.priv.mayUsePorts(port, size)) {
            return EPERM;
        }
        if ((kind & DIO_DIRECTION_MASK) == DIO_INPUT) {
            m.putInt(M2_L2, io.in(port, size));
        } else {
            io.out(port, size, m.getInt(M2_L2));
        }
        return OK;
    }

    /** SDEVIO: count accesses at one port, to or from the caller's memory or (DIO_SAFE) a grant. */
    int sdevio(Process caller, Message m) {
        int kind = m.getInt(M2_I3);
        int port = m.getInt(M2_L1);
        int count = m.getInt(M2_L2);
        int size = size(kind & ~DIO_SAFE);
        if (size == 0 || !portOk(port, size) || count < 0 || count > 0x10000) {
            return EINVAL;
        }
        if (!caller.priv.mayUsePorts(port, size)) {
            return EPERM;
        }
        boolean input = (kind & DIO_DIRECTION_MASK) == DIO_INPUT;
        int bytes = count * size;
        Process target = caller;
        AddressSpace space = caller.program.space;
        int address = m.getInt(M2_P1);
        if ((kind & DIO_SAFE) != 0) {
            int r = grants.verify(caller, m.getInt(M2_I2), address, m.getInt(M2_I1), bytes,
                    input ? CPF_WRITE : CPF_READ);
            if (r != OK) {
                return r;
            }
            target = grants.resolvedProcess;
            space = target.program.space;
            address = grants.resolvedAddress;
        }
        // A page VM has not made present or writable yet (a buffer that is copy-on-write since
        // a fork) is made so first, as for a safecopy; the call runs again after that. The
        // check comes before any port access, so no device data is consumed twice.
        int access = kernel.memoryRequests().check(caller, target, address, bytes, input);
        if (access != OK) {
            return access;
        }
        byte[] data = new byte[bytes];
        if (input) {
            for (int i = 0; i < count; i++) {
                putLittle(data, i * size, size, io.in(port, size));
            }
            space.write(address, data, 0, bytes);
        } else {
            space.read(address, data, 0, bytes);
            for (int i = 0; i < count; i++) {
                io.out(port, size, getLittle(data, i * size, size));
            }
        }
        return OK;
    }

    /** VDEVIO: up to VDEVIO_MAX (port, value) pairs; every port is checked before any access. */
    int vdevio(Process caller, Message m) {
        int kind = m.getInt(M2_I3);
        int count = m.getInt(M2_L2);
        int size = size(kind);
        int address = m.getInt(M2_P1);
        if (size == 0 || count < 0 || count > VDEVIO_MAX) {
            return EINVAL;
        }
        if (!caller.program.space.read(address, pairs, 0, count * PV_PAIR_SIZE)) {
            return EFAULT;
        }
        for (int i = 0; i < count; i++) {
            int port = Message.getInt(pairs, i * PV_PAIR_SIZE + PV_PAIR_PORT);
            if (!portOk(port, size)) {
                return EINVAL;
            }
            if (!caller.priv.mayUsePorts(port, size)) {
                return EPERM;
            }
        }
        boolean input = (kind & DIO_DIRECTION_MASK) == DIO_INPUT;
        if (input && !caller.program.space.writable(address, count * PV_PAIR_SIZE)) {
            return EFAULT;
        }
        for (int i = 0; i < count; i++) {
            int at = i * PV_PAIR_SIZE;
            int port = Message.getInt(pairs, at + PV_PAIR_PORT);
            if (input) {
                Message.putInt(pairs, at + PV_PAIR_VALUE, io.in(port, size));
            } else {
                io.out(port, size, Message.getInt(pairs, at + PV_PAIR_VALUE));
            }
        }
        if (input) {
            caller.program.space.write(address, pairs, 0, count * PV_PAIR_SIZE);
        }
        return OK;
    }

    private static void putLittle(byte[] b, int at, int size, int value) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static int getLittle(byte[] b, int at, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (b[at + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** IRQCTL: set or remove a hook, enable or disable its line; checked against the IRQ list. */
    int irqctl(Process caller, Message m) {
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
}
