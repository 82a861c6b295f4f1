package org.minixemu.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.kernel.abi.Abi.ANY;
import static org.minixemu.kernel.abi.Abi.CPF_DIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_INDIRECT;
import static org.minixemu.kernel.abi.Abi.CPF_MAGIC;
import static org.minixemu.kernel.abi.Abi.CPF_READ;
import static org.minixemu.kernel.abi.Abi.CPF_USED;
import static org.minixemu.kernel.abi.Abi.CPF_VALID;
import static org.minixemu.kernel.abi.Abi.CPF_WRITE;
import static org.minixemu.kernel.abi.Abi.CP_DIRECT_SIZE;
import static org.minixemu.kernel.abi.Abi.EINVAL;
import static org.minixemu.kernel.abi.Abi.ELOOP;
import static org.minixemu.kernel.abi.Abi.EPERM;
import static org.minixemu.kernel.abi.Abi.OK;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * The kernel's grant check on hand-written grant tables: every rule of minix3-facts.md section
 * 6, in isolation (the system tests check the same from guest programs).
 */
class GrantVerificationTest {
    private static final int TABLE = 0x10000;
    private static final int BUFFER = 0x20000;

    private final PhysicalMemoryMap ram = new PhysicalMemoryMap(8 << 20);
    private final FrameAllocator frames = new FrameAllocator(ram.ramSize());
    private final ProcessTable table = new ProcessTable();
    private final Grants grants = new Grants(table);
    private Process granter;
    private Process caller;
    private Process other;

    private Process process(int slot, String label) {
        Process p = table.slot(slot);
        p.program.label = label;
        p.endpoint = slot;
        p.program.rtsFlags = 0;
        p.program.space = AddressSpace.create(ram, frames);
        p.program.space.mapZeroed(TABLE, true);
        p.program.space.mapZeroed(BUFFER, true);
        p.priv = table.createPrivilege(10 + slot);
        p.priv.owner = p;
        return p;
    }

    @BeforeEach
    void setUp() {
        granter = process(0, "a");
        caller = process(1, "c");
        other = process(2, "o");
    }

    /** Writes entry {@code id} of {@code p}'s table: flags and the three words after them. */
    private static void entry(Process p, int id, int flags, int w1, int w2, int w3, int w4) {
        byte[] e = new byte[CP_DIRECT_SIZE];
        Message.putInt(e, 0, flags);
        Message.putInt(e, 4, w1);
        Message.putInt(e, 8, w2);
        Message.putInt(e, 12, w3);
        Message.putInt(e, 16, w4);
        p.program.space.write(TABLE + id * CP_DIRECT_SIZE, e, 0, CP_DIRECT_SIZE);
        p.program.hasGrantTable = true;
        p.program.grantTable = TABLE;
        p.program.grantEntries = Math.max(p.program.grantEntries, id + 1);
    }

    private static void direct(Process p, int id, int access, int grantee, int start, int length) {
        entry(p, id, CPF_USED | CPF_VALID | CPF_DIRECT | access, grantee, start, length, 0);
    }

    private int verify(Process granterProcess, int grant, int offset, int bytes, int access) {
        return grants.verify(caller, granterProcess.endpoint, grant, offset, bytes, access);
    }

    @Test
    void aDirectGrantToTheCallerResolvesToTheGrantersMemoryAtTheOffset() {
        direct(granter, 0, CPF_READ, caller.endpoint, BUFFER, 100);
        assertEquals(OK, verify(granter, 0, 10, 90, CPF_READ));
        assertEquals(granter, grants.resolvedProcess);
        assertEquals(BUFFER + 10, grants.resolvedAddress);
    }

    @Test
    void aGranterWithoutATableIsEperm() {
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_READ));
    }

    @Test
    void badGrantIdsAreEinvalBelowZeroAndEpermPastTheTable() {
        direct(granter, 0, CPF_READ, caller.endpoint, BUFFER, 100);
        assertEquals(EINVAL, verify(granter, -1, 0, 1, CPF_READ));
        assertEquals(EPERM, verify(granter, 1, 0, 1, CPF_READ));
    }

    @Test
    void anInvalidGranterEndpointIsEinval() {
        assertEquals(EINVAL, grants.verify(caller, 77, 0, 0, 1, CPF_READ));
    }

    @Test
    void anEntryThatIsNotUsedAndValidIsEperm() {
        entry(granter, 0, CPF_USED | CPF_DIRECT | CPF_READ, caller.endpoint, BUFFER, 100, 0);
        entry(granter, 1, 0, caller.endpoint, BUFFER, 100, 0);
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_READ));
        assertEquals(EPERM, verify(granter, 1, 0, 1, CPF_READ));
    }

    @Test
    void theAccessMustBeInTheEntry() {
        direct(granter, 0, CPF_READ, caller.endpoint, BUFFER, 100);
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_WRITE));
        direct(granter, 1, CPF_WRITE, caller.endpoint, BUFFER, 100);
        assertEquals(EPERM, verify(granter, 1, 0, 1, CPF_READ));
        assertEquals(OK, verify(granter, 1, 0, 1, CPF_WRITE));
    }

    @Test
    void aGrantForSomeoneElseIsEpermAndAnyIsForEveryone() {
        direct(granter, 0, CPF_READ, other.endpoint, BUFFER, 100);
        direct(granter, 1, CPF_READ, ANY, BUFFER, 100);
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_READ));
        assertEquals(OK, verify(granter, 1, 0, 1, CPF_READ));
    }

    @Test
    void boundsAreCheckedWithoutOverflow() {
        direct(granter, 0, CPF_READ, caller.endpoint, BUFFER, 100);
        assertEquals(OK, verify(granter, 0, 100, 0, CPF_READ));
        assertEquals(EPERM, verify(granter, 0, 100, 1, CPF_READ));
        assertEquals(EPERM, verify(granter, 0, 0xFFFFFFFF, 2, CPF_READ), "offset + bytes wraps");
        direct(granter, 1, CPF_READ, caller.endpoint, 0xFFFFFF00, 0x200);
        assertEquals(EPERM, verify(granter, 1, 0, 1, CPF_READ), "start + length wraps");
    }

    @Test
    void anIndirectGrantIsFollowedToItsOwnGranterWithTheRightGrantee() {
        // other grants to granter; granter passes it on to the caller.
        direct(other, 3, CPF_WRITE, granter.endpoint, BUFFER + 8, 16);
        entry(granter, 0, CPF_USED | CPF_VALID | CPF_INDIRECT, caller.endpoint, other.endpoint, 3, 0);
        assertEquals(OK, verify(granter, 0, 4, 12, CPF_WRITE));
        assertEquals(other, grants.resolvedProcess);
        assertEquals(BUFFER + 12, grants.resolvedAddress);
        assertEquals(EPERM, verify(granter, 0, 4, 13, CPF_WRITE), "the final entry's bounds count");
        direct(other, 3, CPF_WRITE, caller.endpoint, BUFFER + 8, 16);
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_WRITE), "the final grantee must be the middle granter");
    }

    @Test
    void indirectChainsStopAfterFiveHopsWithEloop() {
        // granter -> other -> granter -> other ... a ring of indirect grants.
        entry(granter, 0, CPF_USED | CPF_VALID | CPF_INDIRECT, ANY, other.endpoint, 0, 0);
        entry(other, 0, CPF_USED | CPF_VALID | CPF_INDIRECT, ANY, granter.endpoint, 0, 0);
        assertEquals(ELOOP, verify(granter, 0, 0, 1, CPF_READ));
    }

    @Test
    void fiveHopsAreStillAllowed() {
        Process[] chain = {granter, other, process(3, "p3"), process(4, "p4"), process(5, "p5"), process(6, "p6")};
        for (int i = 0; i < 5; i++) {
            entry(chain[i], 0, CPF_USED | CPF_VALID | CPF_INDIRECT, ANY, chain[i + 1].endpoint, 0, 0);
        }
        direct(chain[5], 0, CPF_READ, ANY, BUFFER, 4);
        assertEquals(OK, verify(granter, 0, 0, 4, CPF_READ));
        assertEquals(chain[5], grants.resolvedProcess);
    }

    @Test
    void magicGrantsCountOnlyFromAProcessWithThePrivilege() {
        entry(granter, 0, CPF_USED | CPF_VALID | CPF_MAGIC | CPF_READ, other.endpoint, caller.endpoint, BUFFER, 64);
        granter.program.label = "vfs";
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_READ), "a name is no authority");
        granter.priv.flags |= org.minixemu.kernel.abi.Abi.MAGIC_GRANT_PROC;
        assertEquals(OK, verify(granter, 0, 0, 64, CPF_READ));
        assertEquals(other, grants.resolvedProcess, "the memory is the 'from' process's");
    }

    @Test
    void anUnmappedTableIsEperm() {
        granter.program.hasGrantTable = true;
        granter.program.grantTable = 0x500000;
        granter.program.grantEntries = 4;
        assertEquals(EPERM, verify(granter, 0, 0, 1, CPF_READ));
    }
}
