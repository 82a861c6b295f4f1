package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.ANY;
import static org.minixemu.kernel.abi.Abi.CPF_DIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_INDIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_MAGIC;
import static org.minixemu.kernel.abi.Abi.CPF_USED;
import static org.minixemu.kernel.abi.Abi.CPF_VALID;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_ENDPT;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_FLAGS;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_LEN;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_SIZE;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_START;
import static org.minixemu.kernel.abi.Abi.CP_INDIRECT_ENDPT;
import static org.minixemu.kernel.abi.Abi.CP_INDIRECT_FROM;
import static org.minixemu.kernel.abi.Abi.CP_INDIRECT_GID;
import static org.minixemu.kernel.abi.Abi.CP_MAGIC_FROM;
import static org.minixemu.kernel.abi.Abi.CP_MAGIC_LEN;
import static org.minixemu.kernel.abi.Abi.CP_MAGIC_START;
import static org.minixemu.kernel.abi.Abi.CP_MAGIC_TO;
import static org.minixemu.kernel.abi.Abi.EINVAL;
import static org.minixemu.kernel.abi.Abi.ELOOP;
import static org.minixemu.kernel.abi.Abi.EPERM;
import static org.minixemu.kernel.abi.Abi.MAX_INDIRECT_DEPTH;
import static org.minixemu.kernel.abi.Abi.OK;

/**
 * The kernel's check of a safecopy (minix3-facts.md section 6): the grant is read from the
 * granter's own memory, and the copy is allowed only if the entry is in use and valid, names
 * the caller (or ANY) as grantee, holds the access asked, and covers the bytes asked. Indirect
 * grants are followed at most MAX_INDIRECT_DEPTH hops; magic grants count only from VFS.
 */
final class Grants {

    private final ProcessTable table;
    private final byte[] entry = new byte[CP_DIRECT_SIZE];

    /** Where a verified grant points: set by {@link #verify} when it returns OK. */
    Process resolvedProcess;
    int resolvedAddress;

    Grants(ProcessTable table) {
        this.table = table;
    }

    /**
     * Checks that {@code caller} may copy {@code bytes} at {@code offset} of grant {@code grant}
     * of {@code granterEndpoint} with {@code access} (CPF_READ for a copy from the grant,
     * CPF_WRITE for a copy to it). Returns OK (and sets {@link #resolvedProcess} and
     * {@link #resolvedAddress}) or the error.
     */
    int verify(Process caller, int granterEndpoint, int grant, int offset, int bytes, int access) {
        Process granter = table.lookup(caller, granterEndpoint);
        if (granter == null || granter.isKernelTask()) {
            return EINVAL;
        }
        int grantee = caller.endpoint;
        for (int hops = 0; ; hops++) {
            if (!granter.program.hasGrantTable) {
                return EPERM;
            }
            if (grant < 0) {
                return EINVAL;
            }
            if (grant >= granter.program.grantEntries) {
                return EPERM;
            }
            long at = Integer.toUnsignedLong(granter.program.grantTable) + (long) grant * CP_DIRECT_SIZE;
            if (at + CP_DIRECT_SIZE > 0x1_0000_0000L || !granter.program.space.read((int) at, entry, 0, CP_DIRECT_SIZE)) {
                return EPERM;
            }
            int flags = Message.getInt(entry, CP_DIRECT_FLAGS);
            if ((flags & (CPF_USED | CPF_VALID)) != (CPF_USED | CPF_VALID)) {
                return EPERM;
            }
            if ((flags & CPF_INDIRECT) != 0) {
                int to = Message.getInt(entry, CP_INDIRECT_ENDPT);
                if (to != grantee && to != ANY) {
                    return EPERM;
                }
                if (hops >= MAX_INDIRECT_DEPTH) {
                    return ELOOP;
                }
                grantee = granter.endpoint;
                granter = table.lookup(Message.getInt(entry, CP_INDIRECT_FROM));
                if (granter == null || granter.isKernelTask()) {
                    return EPERM;
                }
                grant = Message.getInt(entry, CP_INDIRECT_GID);
                continue;
            }
            if ((flags & access) != access) {
                return EPERM;
            }
            if ((flags & CPF_DIRECT) != 0) {
                int to = Message.getInt(entry, CP_DIRECT_ENDPT);
                return (to != grantee && to != ANY) ? EPERM
                        : resolve(granter, Message.getInt(entry, CP_DIRECT_START), Message.getInt(entry, CP_DIRECT_LEN),
                                offset, bytes);
            }
            if ((flags & CPF_MAGIC) != 0) {
                int to = Message.getInt(entry, CP_MAGIC_TO);
                // Authority is a privilege, never a name: VFS's slot carries MAGIC_GRANT_PROC.
                boolean mayMakeMagic = granter.priv != null && granter.priv.owner == granter
                        && (granter.priv.flags & org.minixemu.kernel.abi.Abi.MAGIC_GRANT_PROC) != 0;
                if (!mayMakeMagic || (to != grantee && to != ANY)) {
                    return EPERM;
                }
                Process owner = table.lookup(Message.getInt(entry, CP_MAGIC_FROM));
                if (owner == null || owner.isKernelTask()) {
                    return EPERM;
                }
                return resolve(owner, Message.getInt(entry, CP_MAGIC_START), Message.getInt(entry, CP_MAGIC_LEN),
                        offset, bytes);
            }
            return EPERM;
        }
    }

    /** Bounds: start + length must not wrap, offset + bytes must lie within length. */
    private int resolve(Process owner, int start, int length, int offset, int bytes) {
        long s = Integer.toUnsignedLong(start);
        long len = Integer.toUnsignedLong(length);
        long off = Integer.toUnsignedLong(offset);
        if (bytes < 0 || s + len > 0x1_0000_0000L || off + bytes > len) {
            return EPERM;
        }
        resolvedProcess = owner;
        resolvedAddress = (int) (s + off);
        return OK;
    }
}
