package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.*;

/**
 * The copying kernel calls: SETGRANT, SAFECOPYFROM/TO and VSAFECOPY (checked against the
 * granter's table by {@link Grants}), and the trusted VIRCOPY and PHYSCOPY (the call bitmap is
 * their only check, so only privileged processes have them).
 */
final class CopyCalls {
    private final ProcessTable table;
    private final Grants grants;
    private final Copier copier;
    private final byte[] vector = new byte[VSCP_MAX * VSCP_VEC_SIZE];

    private final MemoryRequests memory;

    CopyCalls(ProcessTable table, Grants grants, Copier copier, MemoryRequests memory) {
        this.memory = memory;
        this.table = table;
        this.grants = grants;
        this.copier = copier;
    }

    int setgrant(Process caller, Message m) {
        int entries = m.getInt(M2_I2);
        if (entries < 0) {
            return EINVAL;
        }
        caller.program.grantTable = m.getInt(M2_P1);
        caller.program.grantEntries = entries;
        caller.program.hasGrantTable = true;
        return OK;
    }

    /** SAFECOPYFROM ({@code toGrant} false) or SAFECOPYTO. */
    int safecopy(Process caller, Message m, boolean toGrant) {
        return safecopy(caller, m.getInt(M2_I1), m.getInt(M2_I3), m.getInt(M2_L1), m.getInt(M2_P1), m.getInt(M2_L2),
                toGrant);
    }

    private int safecopy(Process caller, int granter, int grant, int offset, int address, int bytes,
            boolean toGrant) {
        if (bytes < 0) {
            return EINVAL;
        }
        int r = grants.verify(caller, granter, grant, offset, bytes, toGrant ? CPF_WRITE : CPF_READ);
        if (r != OK || bytes == 0) {
            return r;
        }
        // Either side may be a page VM has not made present or writable yet: it does so first.
        int r1 = memory.check(caller, caller, address, bytes, !toGrant);
        if (r1 != OK) {
            return r1;
        }
        int r2 = memory.check(caller, grants.resolvedProcess, grants.resolvedAddress, bytes, toGrant);
        if (r2 != OK) {
            return r2;
        }
        AddressSpace other = grants.resolvedProcess.program.space;
        return toGrant ? copier.copy(caller.program.space, address, other, grants.resolvedAddress, bytes)
                : copier.copy(other, grants.resolvedAddress, caller.program.space, address, bytes);
    }

    /** VSAFECOPY: up to VSCP_MAX copies, each with SELF on exactly one side, in order. */
    int vsafecopy(Process caller, Message m) {
        int count = m.getInt(M2_L2);
        if (count < 0 || count > VSCP_MAX) {
            return EINVAL;
        }
        if (!caller.program.space.read(m.getInt(M2_P1), vector, 0, count * VSCP_VEC_SIZE)) {
            return EFAULT;
        }
        for (int i = 0; i < count; i++) {
            int at = i * VSCP_VEC_SIZE;
            int src = Message.getInt(vector, at + VSCP_VEC_SRC);
            int dst = Message.getInt(vector, at + VSCP_VEC_DST);
            if ((src == SELF) == (dst == SELF)) {
                return EINVAL;
            }
            boolean toGrant = src == SELF;
            int r = safecopy(caller, toGrant ? dst : src, Message.getInt(vector, at + VSCP_VEC_GRANT),
                    Message.getInt(vector, at + VSCP_VEC_OFFSET), Message.getInt(vector, at + VSCP_VEC_ADDR),
                    Message.getInt(vector, at + VSCP_VEC_BYTES), toGrant);
            if (r != OK) {
                return r;
            }
        }
        return OK;
    }

    /** VIRCOPY ({@code physical} false: both sides virtual) or PHYSCOPY (a side may be PHYS_SEG). */
    int vircopy(Process caller, Message m, boolean physical) {
        int bytes = m.getInt(M5_L3);
        AddressSpace[] spaces = new AddressSpace[2];
        Process[] processes = new Process[2];
        int[] segments = {m.getShort(M5_S1), m.getShort(M5_S2)};
        int[] endpoints = {m.getInt(M5_I1), m.getInt(M5_I2)};
        for (int side = 0; side < 2; side++) {
            if (segments[side] == PHYS_SEG && physical) {
                spaces[side] = null;
            } else if (segments[side] == VIR_ADDR) {
                Process p = table.lookup(caller, endpoints[side]);
                if (p == null || p.isKernelTask()) {
                    return EINVAL;
                }
                spaces[side] = p.program.space;
                processes[side] = p;
            } else {
                return EINVAL;
            }
        }
        for (int side = 0; side < 2 && bytes > 0; side++) {
            if (processes[side] != null) {
                int r = memory.check(caller, processes[side], m.getInt(side == 0 ? M5_L1 : M5_L2), bytes, side == 1);
                if (r != OK) {
                    return r;
                }
            }
        }
        return copier.copy(spaces[0], m.getInt(M5_L1), spaces[1], m.getInt(M5_L2), bytes);
    }
}
