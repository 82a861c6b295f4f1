package org.minixemu.kernel.system;

import static org.minixemu.kernel.system.CheckLines.passed;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.abi.Abi;

/**
 * SAFECOPYFROM/TO and VSAFECOPY against grants of three processes running the guest program
 * {@code grants} as servers (one of them labelled {@code vfs}) and a fourth without a grant
 * table: every refused copy (bounds, access, revoked, reused slot, another grantee, magic
 * grants of anyone but vfs, indirect chains too long) fails with its error and copies nothing,
 * byte for byte, and every good copy moves exactly the bytes asked, with the guard bytes around
 * the destination unchanged.
 */
class GrantsTest {
    static final String CONFIG = """
            process grants {
                program grants.elf
                args main @granter @other @vfs @plain
                system BASIC ABORT
            }
            process granter {
                program grants.elf
                args server
            }
            process other {
                program grants.elf
                args server
            }
            process vfs {
                program grants.elf
                args server
            }
            process plain {
                program grants.elf
                args server
            }
            """;

    @TempDir
    static Path dir;
    static GuestSystem.Run run;

    @BeforeAll
    static void boot() {
        run = new GuestSystem(dir).config(CONFIG).programs("grants").boot();
    }

    private static void ok(String... checks) {
        passed(run, "grants", checks);
    }

    @Test
    void everyCheckPassesAndTheMachinePowersOffWithNoFailures() {
        CheckLines.allPassed(run, "grants");
    }

    @Test
    void aDirectGrantMovesExactlyTheBytesAsked() {
        ok("a direct grant is made", "copy-from a direct grant", "... moves exactly the granted bytes",
                "... moves exactly the granted bytes: guard bytes around it unchanged",
                "... moves exactly the granted bytes: guard bytes after it unchanged", "copy-from at an offset",
                "... moves exactly the bytes asked",
                "... moves exactly the bytes asked: guard bytes after it unchanged",
                "copy-from of 0 bytes is OK", "... and copies nothing", "copy-to a direct grant",
                "... writes exactly the bytes asked into the granter's memory");
    }

    @Test
    void outOfBoundsCopiesAreEpermAndCopyNothing() {
        ok("copy-from one byte beyond the grant is EPERM",
                "copy-from one byte beyond the grant is EPERM: nothing copied",
                "copy-from at the grant's end is EPERM", "copy-from at the grant's end is EPERM: nothing copied",
                "copy-from with an offset that overflows is EPERM",
                "copy-from with an offset that overflows is EPERM: nothing copied",
                "copy-from of a huge byte count is EPERM", "copy-from of a huge byte count is EPERM: nothing copied",
                "copy-to beyond the grant is EPERM", "... and writes nothing");
    }

    @Test
    void theWrongAccessIsEpermAndCopiesNothing() {
        ok("copy-to through a read-only grant is EPERM", "copy-from through a read-only grant", "... copies",
                "copy-from through a write-only grant is EPERM",
                "copy-from through a write-only grant is EPERM: nothing copied",
                "copy-to through a write-only grant");
    }

    @Test
    void badGrantersAndGrantIdsAreRefused() {
        ok("an invalid granter is EINVAL", "an invalid granter is EINVAL: nothing copied",
                "a stale granter endpoint is EINVAL", "a granter without a grant table is EPERM",
                "a granter without a grant table is EPERM: nothing copied", "grant id -1 is EINVAL",
                "grant id -5 is EINVAL", "the granter's table has entries",
                "a grant id equal to the table size is EPERM", "a grant id far beyond the table is EPERM",
                "a grant id far beyond the table is EPERM: nothing copied");
    }

    @Test
    void aRevokedGrantAndAReusedSlotRefuseTheOldGrantee() {
        ok("copy-from a grant before it is revoked", "revoke", "copy-from a revoked grant is EPERM",
                "copy-from a revoked grant is EPERM: nothing copied", "copy-to a revoked grant is EPERM",
                "the revoked slot is the one reused", "a reused slot refuses the old grantee with EPERM",
                "a reused slot refuses the old grantee with EPERM: nothing copied", "... and serves the new one",
                "... with the granter's bytes");
    }

    @Test
    void onlyTheGranteeOrAnyoneForAnyMayCopy() {
        ok("a grant to another process is EPERM", "a grant to another process is EPERM: nothing copied",
                "copy-to a grant to another process is EPERM", "a grant to ANY serves us", "... and another process",
                "... with the granter's bytes too");
    }

    @Test
    void badMemoryOnEitherSideIsEfaultAndCopiesNothing() {
        ok("copy-from into unmapped memory of ours is EFAULT", "copy-from into our read-only code is EFAULT",
                "copy-from across the end of our stack is EFAULT", "... and the mapped part is not written",
                "copy-to from unmapped memory of ours is EFAULT", "a grant of unmapped memory is EFAULT",
                "a grant of unmapped memory is EFAULT: nothing copied",
                "a grant across the end of the granter's stack: copy-from is EFAULT",
                "a grant across the end of the granter's stack: copy-from is EFAULT: nothing copied",
                "... its mapped part alone copies", "... copy-to across the end is EFAULT",
                "copy-to a grant of the granter's read-only code is EFAULT");
    }

    @Test
    void magicGrantsCountOnlyFromVfs() {
        ok("vfs makes a magic grant", "a magic grant by vfs is honoured",
                "... and reads the memory of the process it names", "copy-to a magic grant by vfs",
                "... writes the memory of the process it names", "a magic grant by a process not labelled vfs is EPERM",
                "a magic grant by a process not labelled vfs is EPERM: nothing copied", "copy-to it is EPERM too",
                "... and the named process is not written", "a magic grant by vfs to another process is EPERM",
                "... and serves the process it names", "... with the memory of the process it names",
                "copy-to a read-only magic grant is EPERM");
    }

    @Test
    void indirectChainsWorkUpToTheMaximumDepthAndAreEloopBeyond() {
        for (int depth = 1; depth <= Abi.MAX_INDIRECT_DEPTH; depth++) {
            ok("an indirect chain of depth " + depth + " copies",
                    "... the first granter's bytes (depth " + depth + ")");
        }
        int tooDeep = Abi.MAX_INDIRECT_DEPTH + 1;
        ok("an indirect chain of depth " + tooDeep + " is ELOOP",
                "an indirect chain of depth " + tooDeep + " is ELOOP: nothing copied",
                "an indirect grant of a grant not made to its granter is EPERM",
                "an indirect grant to another process is EPERM",
                "copy-to through an indirect grant of a read-only grant is EPERM", "copy-from through it",
                "... copies the first granter's bytes");
    }

    @Test
    void vsafecopyRunsItsElementsInOrderAndStopsAtTheFirstError() {
        ok("VSAFECOPY of a copy-from and a copy-to", "... the copy-from lands", "... the copy-to lands",
                "an element with SELF on both sides is EINVAL", "an element with SELF on neither side is EINVAL",
                "... nothing copied", "a count of -1 is EINVAL", "a count of VSCP_MAX + 1 is EINVAL",
                "a count of 0 is OK", "VSAFECOPY returns the first error (a revoked grant: EPERM)",
                "... the element before it is done", "... the failing element copies nothing",
                "... the element after it is not run", "VSAFECOPY of VSCP_MAX elements", "... each lands in order");
    }
}
