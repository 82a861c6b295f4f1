package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every 0F-page row of {@link OpcodeTable} runs at least once, with a result checked against the
 * Intel manual, plus the control-register rules of MOV CRn. A row the table gains without a check
 * here fails {@link #everyZeroFOpcodeInTheTableRunsAndDoesWhatTheManualSays}.
 */
class ZeroFPageTest {
    private static final String[] CONDITIONS = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np",
        "l", "ge", "le", "g"};
    private static final int CF = Flags.CF, PF = Flags.PF, ZF = Flags.ZF, SF = Flags.SF, OF = Flags.OF;

    /**
     * The manual's condition table (Jcc, SETcc, CMOVcc): O: OF=1; B: CF=1; Z: ZF=1; BE: CF=1 or
     * ZF=1; S: SF=1; P: PF=1; L: SF != OF; LE: ZF=1 or SF != OF; odd codes are the negations.
     */
    static boolean conditionHolds(int cc, int flags) {
        boolean cf = (flags & CF) != 0, zf = (flags & ZF) != 0, sf = (flags & SF) != 0, of = (flags & OF) != 0,
                pf = (flags & PF) != 0;
        boolean holds = switch (cc >> 1) {
            case 0 -> of;
            case 1 -> cf;
            case 2 -> zf;
            case 3 -> cf || zf;
            case 4 -> sf;
            case 5 -> pf;
            case 6 -> sf != of;
            default -> zf || sf != of;
        };
        return (cc & 1) == 0 ? holds : !holds;
    }

    /** A flags value (arithmetic bits only) for which condition {@code cc} is {@code wanted}. */
    private static int flagsWhere(int cc, boolean wanted, int salt) {
        int[] bits = {CF, PF, Flags.AF, ZF, SF, OF};
        for (int i = 0; i < 64; i++) {
            int combination = (i + salt) & 63;
            int flags = 0;
            for (int b = 0; b < 6; b++) {
                if ((combination >> b & 1) != 0) {
                    flags |= bits[b];
                }
            }
            if (conditionHolds(cc, flags) == wanted) {
                return flags;
            }
        }
        throw new AssertionError("no flags for condition " + cc);
    }

    private static String key(int code, int digit) {
        return String.format("%03X/%d", code, digit);
    }

    /** Assembles {@code source} and checks that GNU as really encoded 0F {@code code} (with /digit). */
    private static RealModeMachine program(int code, int digit, String source) {
        byte[] bytes = Assembler.assemble(source);
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0x0F && (bytes[i + 1] & 0xFF) == (code & 0xFF)
                    && (digit < 0 || (i + 2 < bytes.length && (bytes[i + 2] >> 3 & 7) == digit))) {
                return new RealModeMachine(bytes);
            }
        }
        fail("'" + source + "' does not encode " + key(code, digit) + ": " + java.util.HexFormat.of().formatHex(bytes));
        return null;
    }

    private final Map<String, Runnable> checks = new LinkedHashMap<>();

    private void check(int code, int digit, String source, Consumer<RealModeMachine> setup,
            Consumer<RealModeMachine> verify) {
        Runnable previous = checks.put(key(code, digit), () -> {
            RealModeMachine m = program(code, digit, source);
            setup.accept(m);
            m.run();
            verify.accept(m);
        });
        if (previous != null) {
            throw new IllegalStateException("two checks for " + key(code, digit));
        }
    }

    private void check(int code, String source, Consumer<RealModeMachine> setup, Consumer<RealModeMachine> verify) {
        check(code, -1, source, setup, verify);
    }

    private static Consumer<RealModeMachine> normal(Consumer<RealModeMachine> verify) {
        return m -> {
            m.assertHaltedNormally();
            verify.accept(m);
        };
    }

    private static final Consumer<RealModeMachine> NOTHING = m -> { };

    private void defineChecks() {
        // ---- 0F 00, 0F 02, 0F 03: protected-mode only ----------------------------------------
        // SLDT, STR, LLDT, LTR, VERR, VERW, LAR, LSL: "#UD The ... instruction is not recognized in
        // real-address mode" (each page's Real-Address Mode Exceptions).
        String[] protectedOnly = {"sldt %ax", "str %ax", "lldt %ax", "ltr %ax", "verr %ax", "verw %ax"};
        for (int digit = 0; digit < protectedOnly.length; digit++) {
            check(0x100, digit, protectedOnly[digit], m -> m.set(Cpu.EAX, 0x1234),
                    m -> m.assertFault(Cpu.UD, 0));
        }
        check(0x102, "lar %bx, %ax", m -> m.set(Cpu.EAX, 0x1234), m -> m.assertFault(Cpu.UD, 0));
        check(0x103, "lsl %bx, %ax", m -> m.set(Cpu.EAX, 0x1234), m -> m.assertFault(Cpu.UD, 0));

        // ---- 0F 01: descriptor tables and the machine status word --------------------------
        // SGDT/SIDT store a 16-bit limit and the 32-bit base; LGDT/LIDT with a 32-bit operand load
        // all 32 bits of the base, with a 16-bit operand only 24 (the high byte becomes 0).
        Consumer<RealModeMachine> table = m -> m.set(Cpu.EBX, 0x40).poke16(Cpu.DS, 0x40, 0x1234)
                .poke32(Cpu.DS, 0x42, 0x89AB_CDEF);
        check(0x101, 0, "lgdtl (%bx)\nsgdtl 8(%bx)", table, normal(m -> {
            assertEquals(0x1234, m.peek16(Cpu.DS, 0x48));
            assertEquals(0x89AB_CDEF, m.peek32(Cpu.DS, 0x4A));
        }));
        check(0x101, 1, "lidtl (%bx)\nsidtl 8(%bx)", table, normal(m -> {
            assertEquals(0x1234, m.peek16(Cpu.DS, 0x48));
            assertEquals(0x89AB_CDEF, m.peek32(Cpu.DS, 0x4A));
        }));
        check(0x101, 2, "lgdtw (%bx)\nsgdtl 8(%bx)", table, normal(m -> {
            assertEquals(0x1234, m.peek16(Cpu.DS, 0x48));
            assertEquals(0x00AB_CDEF, m.peek32(Cpu.DS, 0x4A), "24-bit base");
        }));
        check(0x101, 3, "lidtw (%bx)\nsidtl 8(%bx)", table, normal(m -> {
            assertEquals(0x1234, m.peek16(Cpu.DS, 0x48));
            assertEquals(0x00AB_CDEF, m.peek32(Cpu.DS, 0x4A), "24-bit base");
        }));
        // SMSW stores CR0[15:0].
        check(0x101, 4, "movl %cr0, %eax\norl $0xa, %eax\nmovl %eax, %cr0\nsmsw %bx\nsmsw (%si)",
                m -> m.set(Cpu.ESI, 0x40), normal(m -> {
                    assertEquals(m.reg(Cpu.EAX) & 0xFFFF, m.reg16(Cpu.EBX));
                    assertEquals(0xA, m.reg16(Cpu.EBX) & 0xA, "MP and TS as written");
                    assertEquals(m.reg(Cpu.EAX) & 0xFFFF, m.peek16(Cpu.DS, 0x40));
                }));
        // LMSW loads CR0 bits 0-3 (PE, MP, EM, TS) from the source.
        check(0x101, 6, "movw $0xfff6, %ax\nlmsw %ax\nmovl %cr0, %ebx", NOTHING,
                normal(m -> assertEquals(0x6, m.reg(Cpu.EBX) & 0xF, "MP, EM set; TS cleared; PE stays 0")));
        // INVLPG m: invalidates a TLB entry; nothing architectural changes in real mode.
        check(0x101, 7, "invlpg (%bx)", m -> m.set(Cpu.EBX, 0x40).set(Cpu.EAX, 0x1234),
                normal(m -> assertEquals(0x1234, m.reg(Cpu.EAX))));

        // ---- system -------------------------------------------------------------------------
        check(0x106, "movl %cr0, %eax\norl $8, %eax\nmovl %eax, %cr0\nclts\nmovl %cr0, %ebx", NOTHING, normal(m -> {
            assertEquals(8, m.reg(Cpu.EAX) & 8);
            assertEquals(0, m.reg(Cpu.EBX) & 8, "CLTS clears CR0.TS");
        }));
        check(0x108, "invd", m -> m.set(Cpu.EAX, 0x5555), normal(m -> assertEquals(0x5555, m.reg(Cpu.EAX))));
        check(0x109, "wbinvd", m -> m.set(Cpu.EAX, 0x5555), normal(m -> assertEquals(0x5555, m.reg(Cpu.EAX))));
        check(0x10B, "ud2", NOTHING, m -> m.assertFault(Cpu.UD, 0));
        check(0x120, "movl %ebx, %cr2\nmovl %cr2, %eax", m -> m.set(Cpu.EBX, 0xDEAD_BEEF),
                normal(m -> assertEquals(0xDEAD_BEEF, m.reg(Cpu.EAX))));
        check(0x122, "movl %ebx, %cr3\nmovl %cr3, %eax", m -> m.set(Cpu.EBX, 0x0012_3018),
                normal(m -> assertEquals(0x0012_3018, m.reg(Cpu.EAX))));
        // DR6 and DR7 after RESET: FFFF0FF0H and 00000400H (manual, processor state after reset).
        check(0x121, "movl %dr6, %eax\nmovl %dr7, %ebx", NOTHING, normal(m -> {
            assertEquals(0xFFFF_0FF0, m.reg(Cpu.EAX));
            assertEquals(0x0000_0400, m.reg(Cpu.EBX));
        }));
        // DR0-DR3 hold linear addresses; DR7 bit 10 is reserved and reads as 1.
        check(0x123, "movl %ebx, %dr0\nmovl %dr0, %eax\nmovl %ecx, %dr7\nmovl %dr7, %edx",
                m -> m.set(Cpu.EBX, 0x1234_5678).set(Cpu.ECX, 0x0000_0001), normal(m -> {
                    assertEquals(0x1234_5678, m.reg(Cpu.EAX));
                    assertEquals(0x0000_0401, m.reg(Cpu.EDX));
                }));
        check(0x131, "nop\nrdtsc", NOTHING, normal(m -> {
            long tsc = (m.reg(Cpu.EDX) & 0xFFFFFFFFL) << 32 | (m.reg(Cpu.EAX) & 0xFFFFFFFFL);
            assertEquals(m.cpu.instructionsRetired() - 2, tsc, "instructions retired before the RDTSC");
        }));

        // ---- conditions ---------------------------------------------------------------------
        for (int c = 0; c < 16; c++) {
            final int cc = c;
            String name = CONDITIONS[cc];
            checks.put(key(0x140 + cc, -1), () -> {
                for (boolean taken : new boolean[] {true, false}) {
                    RealModeMachine m = program(0x140 + cc, -1, "cmov" + name + " %bx, %ax");
                    m.set(Cpu.EAX, 0xAAAA_1111).set(Cpu.EBX, 0xBBBB_2222).flags(flagsWhere(cc, taken, cc) | 2).run()
                            .assertHaltedNormally();
                    assertEquals(taken ? 0xAAAA_2222 : 0xAAAA_1111, m.reg(Cpu.EAX), "cmov" + name + " " + taken);
                }
            });
            checks.put(key(0x180 + cc, -1), () -> {
                for (boolean taken : new boolean[] {true, false}) {
                    RealModeMachine m = program(0x180 + cc, -1,
                            "j" + name + " 1f\nmovw $1, %ax\nhlt\n.fill 200, 1, 0xf4\n1: movw $2, %ax");
                    m.flags(flagsWhere(cc, taken, 7 * cc) | 2).run().assertHaltedNormally();
                    assertEquals(taken ? 2 : 1, m.reg(Cpu.EAX), "j" + name + " " + taken);
                }
            });
            checks.put(key(0x190 + cc, -1), () -> {
                for (boolean taken : new boolean[] {true, false}) {
                    RealModeMachine m = program(0x190 + cc, -1, "set" + name + " %ah");
                    m.set(Cpu.EAX, 0x7777_5555).flags(flagsWhere(cc, taken, 3 * cc) | 2).run().assertHaltedNormally();
                    assertEquals(taken ? 0x7777_0155 : 0x7777_0055, m.reg(Cpu.EAX), "set" + name + " " + taken);
                }
            });
        }

        // ---- segment registers FS, GS, CPUID ----------------------------------------------
        check(0x1A0, "push %fs", m -> m.set(Cpu.ESP, 0x1000), normal(m -> {
            assertEquals(0x0FFE, m.reg(Cpu.ESP));
            assertEquals(RealModeMachine.FS_SEG, m.peek16(Cpu.SS, 0x0FFE));
        }));
        check(0x1A1, "pop %fs\nmovw %fs:0x10, %ax", m -> {
            m.set(Cpu.ESP, 0x1000).poke16(Cpu.SS, 0x1000, 0x0700);
            m.memory.write16(0x7010, 0xBEEF);
        }, normal(m -> {
            assertEquals(0x0700, m.cpu.segmentSelector(Cpu.FS));
            assertEquals(0x7000, m.cpu.segmentBase(Cpu.FS), "real mode: base = selector * 16");
            assertEquals(0xBEEF, m.reg16(Cpu.EAX));
            assertEquals(0x1002, m.reg(Cpu.ESP));
        }));
        check(0x1A8, "push %gs", m -> m.set(Cpu.ESP, 0x1000), normal(m -> {
            assertEquals(RealModeMachine.GS_SEG, m.peek16(Cpu.SS, 0x0FFE));
        }));
        check(0x1A9, "pop %gs\nmovw %gs:0x10, %ax", m -> {
            m.set(Cpu.ESP, 0x1000).poke16(Cpu.SS, 0x1000, 0x0700);
            m.memory.write16(0x7010, 0xF00D);
        }, normal(m -> {
            assertEquals(0x0700, m.cpu.segmentSelector(Cpu.GS));
            assertEquals(0xF00D, m.reg16(Cpu.EAX));
        }));
        check(0x1A2, "xorl %eax, %eax\ncpuid", NOTHING, normal(m -> assertEquals(0x756E_6547, m.reg(Cpu.EBX), "Genu")));

        // ---- bit operations, double shifts, IMUL -------------------------------------------
        // BT/BTS/BTR/BTC with a register base: CF <- Bit(Base, Offset MOD size).
        check(0x1A3, "btw %cx, %ax", m -> m.set(Cpu.EAX, 0x0008).set(Cpu.ECX, 0x13), normal(m -> {
            assertEquals(CF, m.eflags() & CF, "bit 19 MOD 16 = 3 is set");
        }));
        check(0x1AB, "btsl %ecx, %eax", m -> m.set(Cpu.EAX, 0).set(Cpu.ECX, 33).flags(CF | 2), normal(m -> {
            assertEquals(2, m.reg(Cpu.EAX));
            assertEquals(0, m.eflags() & CF);
        }));
        check(0x1B3, "btrw %cx, %ax", m -> m.set(Cpu.EAX, 0xFFFF).set(Cpu.ECX, 15), normal(m -> {
            assertEquals(0x7FFF, m.reg(Cpu.EAX));
            assertEquals(CF, m.eflags() & CF);
        }));
        check(0x1BB, "btcl %ecx, %eax", m -> m.set(Cpu.EAX, 0x8000_0000).set(Cpu.ECX, 31), normal(m -> {
            assertEquals(0, m.reg(Cpu.EAX));
            assertEquals(CF, m.eflags() & CF);
        }));
        check(0x1BA, 4, "btl $31, %eax", m -> m.set(Cpu.EAX, 0x8000_0000), normal(m -> {
            assertEquals(CF, m.eflags() & CF);
        }));
        check(0x1BA, 5, "btsw $19, %ax", m -> m.set(Cpu.EAX, 0), normal(m -> {
            assertEquals(8, m.reg(Cpu.EAX), "19 MOD 16 = 3");
        }));
        check(0x1BA, 6, "btrl $0, %eax", m -> m.set(Cpu.EAX, 0xFFFF_FFFF), normal(m -> {
            assertEquals(0xFFFF_FFFE, m.reg(Cpu.EAX));
            assertEquals(CF, m.eflags() & CF);
        }));
        check(0x1BA, 7, "btcw $4, %ax", m -> m.set(Cpu.EAX, 0x1234_0000), normal(m -> {
            assertEquals(0x1234_0010, m.reg(Cpu.EAX));
            assertEquals(0, m.eflags() & CF);
        }));
        // SHLD: DEST <- DEST << count, filled from the high bits of SRC; CF = last bit shifted out.
        check(0x1A4, "shldw $4, %bx, %ax", m -> m.set(Cpu.EAX, 0x1234).set(Cpu.EBX, 0xABCD), normal(m -> {
            assertEquals(0x234A, m.reg(Cpu.EAX));
            assertEquals(CF, m.eflags() & CF, "bit 12 of 0x1234");
        }));
        check(0x1A5, "shldl %cl, %ebx, %eax",
                m -> m.set(Cpu.EAX, 0x1234_5678).set(Cpu.EBX, 0x9ABC_DEF0).set(Cpu.ECX, 8),
                normal(m -> assertEquals(0x3456_789A, m.reg(Cpu.EAX))));
        // SHRD: DEST <- DEST >> count, filled from the low bits of SRC.
        check(0x1AC, "shrdw $4, %bx, %ax", m -> m.set(Cpu.EAX, 0x1234).set(Cpu.EBX, 0xABCD), normal(m -> {
            assertEquals(0xD123, m.reg(Cpu.EAX));
            assertEquals(0, m.eflags() & CF, "bit 3 of 0x1234");
        }));
        check(0x1AD, "shrdl %cl, %ebx, %eax",
                m -> m.set(Cpu.EAX, 0x1234_5678).set(Cpu.EBX, 0x9ABC_DEF0).set(Cpu.ECX, 8),
                normal(m -> assertEquals(0xF012_3456, m.reg(Cpu.EAX))));
        check(0x1AF, "imull %ebx, %eax", m -> m.set(Cpu.EAX, 0x1_0000).set(Cpu.EBX, 0x1_0001), normal(m -> {
            assertEquals(0x1_0000, m.reg(Cpu.EAX), "truncated product");
            assertEquals(CF | OF, m.eflags() & (CF | OF), "significant bits were lost");
        }));

        // ---- CMPXCHG, far pointers, extensions ---------------------------------------------
        check(0x1B0, "cmpxchgb %cl, %bl", m -> m.set(Cpu.EAX, 5).set(Cpu.EBX, 5).set(Cpu.ECX, 9), normal(m -> {
            assertEquals(9, m.reg(Cpu.EBX));
            assertEquals(ZF, m.eflags() & ZF);
        }));
        check(0x1B1, "cmpxchgl %ecx, %ebx", m -> m.set(Cpu.EAX, 1).set(Cpu.EBX, 2).set(Cpu.ECX, 3), normal(m -> {
            assertEquals(2, m.reg(Cpu.EAX));
            assertEquals(2, m.reg(Cpu.EBX));
            assertEquals(0, m.eflags() & ZF);
        }));
        Consumer<RealModeMachine> farPointer = m -> m.set(Cpu.EBX, 0x40).poke16(Cpu.DS, 0x40, 0x1234)
                .poke16(Cpu.DS, 0x42, 0x4321);
        check(0x1B2, "lssw (%bx), %sp", farPointer, normal(m -> {
            assertEquals(0x1234, m.reg16(Cpu.ESP));
            assertEquals(0x4321, m.cpu.segmentSelector(Cpu.SS));
        }));
        check(0x1B4, "lfsw (%bx), %si", farPointer, normal(m -> {
            assertEquals(0x1234, m.reg16(Cpu.ESI));
            assertEquals(0x4321, m.cpu.segmentSelector(Cpu.FS));
        }));
        check(0x1B5, "lgsl (%bx), %edi", m -> m.set(Cpu.EBX, 0x40).poke32(Cpu.DS, 0x40, 0x8765_4321)
                .poke16(Cpu.DS, 0x44, 0x0BAD), normal(m -> {
                    assertEquals(0x8765_4321, m.reg(Cpu.EDI));
                    assertEquals(0x0BAD, m.cpu.segmentSelector(Cpu.GS));
                }));
        check(0x1B6, "movzbl %bl, %eax", m -> m.set(Cpu.EAX, -1).set(Cpu.EBX, 0x80),
                normal(m -> assertEquals(0x80, m.reg(Cpu.EAX))));
        check(0x1B7, "movzwl %bx, %eax", m -> m.set(Cpu.EAX, -1).set(Cpu.EBX, 0xFFFF_8000),
                normal(m -> assertEquals(0x8000, m.reg(Cpu.EAX))));
        check(0x1BE, "movsbl %bl, %eax", m -> m.set(Cpu.EBX, 0x80),
                normal(m -> assertEquals(0xFFFF_FF80, m.reg(Cpu.EAX))));
        check(0x1BF, "movswl %bx, %eax", m -> m.set(Cpu.EBX, 0x8000),
                normal(m -> assertEquals(0xFFFF_8000, m.reg(Cpu.EAX))));
        // BSF/BSR: the index of the lowest/highest set bit; ZF = 0 for a nonzero source.
        check(0x1BC, "bsfl %ebx, %eax", m -> m.set(Cpu.EBX, 0x0001_0000).flags(ZF | 2), normal(m -> {
            assertEquals(16, m.reg(Cpu.EAX));
            assertEquals(0, m.eflags() & ZF);
        }));
        check(0x1BD, "bsrw %bx, %ax", m -> m.set(Cpu.EBX, 0x0001_0101).set(Cpu.EAX, 0xFFFF_FFFF), normal(m -> {
            assertEquals(0xFFFF_0008, m.reg(Cpu.EAX));
            assertEquals(0, m.eflags() & ZF);
        }));
        check(0x1C0, "xaddb %bl, %al", m -> m.set(Cpu.EAX, 0x70).set(Cpu.EBX, 0x10), normal(m -> {
            assertEquals(0x80, m.reg(Cpu.EAX));
            assertEquals(0x70, m.reg(Cpu.EBX));
            assertEquals(OF | SF, m.eflags() & (OF | SF | CF | ZF));
        }));
        check(0x1C1, "xaddl %ebx, %eax", m -> m.set(Cpu.EAX, -1).set(Cpu.EBX, 1), normal(m -> {
            assertEquals(0, m.reg(Cpu.EAX));
            assertEquals(-1, m.reg(Cpu.EBX));
            assertEquals(CF | ZF, m.eflags() & (OF | SF | CF | ZF));
        }));
        check(0x1C7, 1, "cmpxchg8b (%si)", m -> m.set(Cpu.ESI, 0x40).set(Cpu.EAX, 1).set(Cpu.EDX, 2)
                .poke64(Cpu.DS, 0x40, 0x0000_0003_0000_0004L), normal(m -> {
                    assertEquals(4, m.reg(Cpu.EAX), "not equal: EDX:EAX <- m64");
                    assertEquals(3, m.reg(Cpu.EDX));
                    assertEquals(0, m.eflags() & ZF);
                }));
        String[] names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        for (int r = 0; r < 8; r++) {
            final int reg = r;
            check(0x1C8 + r, "bswap %" + names[r], m -> m.set(reg, 0x0102_0304),
                    normal(m -> assertEquals(0x0403_0201, m.reg(reg))));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyZeroFOpcodeInTheTableRunsAndDoesWhatTheManualSays() {
        defineChecks();
        List<Opcode> rows = OpcodeTable.rows().stream().filter(row -> row.code >= 0x100).toList();
        assertTrue(rows.size() > 80, "the table has its 0F page");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            Runnable check = checks.get(key(row.code, row.digit));
            assertNotNull(check, "no check for " + row + " in ZeroFPageTest");
            check.run();
        }));
    }

    @Test
    void everyCheckBelongsToARowOfTheTable() {
        defineChecks();
        for (String key : checks.keySet()) {
            assertTrue(OpcodeTable.rows().stream().anyMatch(row -> key(row.code, row.digit).equals(key)),
                    "check " + key + " has no row in OpcodeTable");
        }
    }

    // ---- MOV to and from control registers -------------------------------------------------

    @Test
    void movToCr0AndBackKeepsTheWrittenBits() {
        // CD NW AM WP NE TS MP; ET (bit 4) is reserved on the Pentium, so it is not compared.
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr0\nmovl %cr0, %eax");
        m.set(Cpu.EBX, 0x6005_002A).run().assertHaltedNormally();
        assertEquals(0x6005_002A, m.reg(Cpu.EAX) & ~0x10);
        assertEquals(m.reg(Cpu.EAX), m.cpu.cr0());
    }

    @Test
    void movToCr4AndBackKeepsTheSupportedBits() {
        // TSD, DE, PSE (the CR4 bits this processor has; VME and PVI are not reported by CPUID).
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr4\nmovl %cr4, %eax");
        m.set(Cpu.EBX, 0x0000_001C).run().assertHaltedNormally();
        assertEquals(0x0000_001C, m.reg(Cpu.EAX));
    }

    @Test
    void movToCr4ReservedBitRaisesGeneralProtection() {
        // "#GP If an attempt is made to write a 1 to any reserved bit in CR4."
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr4");
        m.set(Cpu.EBX, 0x8000_0000).run().assertFault(Cpu.GP, 0);
    }

    @Test
    void movToCr0PagingWithoutProtectionRaisesGeneralProtection() {
        // "#GP If an attempt is made to write invalid bit combinations in CR0 (such as setting the PG
        // flag to 1 when the PE flag is set to 0)."
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr0");
        m.set(Cpu.EBX, 0x8000_0010).run().assertFault(Cpu.GP, 0);
        assertEquals(0, m.cpu.cr0() & 0x8000_0001);
    }

    @Test
    void movToCr0NotWriteThroughWithoutCacheDisableRaisesGeneralProtection() {
        // "#GP(0) ... setting the CD flag to 0 when the NW flag is set to 1" (MOV—Move to/from Control Registers).
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr0");
        m.set(Cpu.EBX, 0x2000_0010).run().assertFault(Cpu.GP, 0);
        assertEquals(0, m.cpu.cr0() & 0x2000_0000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0x0f, 0x20, 0xc8", "0x0f, 0x22, 0xc8", "0x0f, 0x20, 0xe8", "0x0f, 0x22, 0xf8"})
    void movWithControlRegisterOneOrFiveToSevenRaisesInvalidOpcode(String bytes) {
        // "#UD If an attempt is made to access CR1, CR5, CR6, or CR7."
        RealModeMachine.of(".byte " + bytes).run().assertFault(Cpu.UD, 0);
    }

    @Test
    void movFromControlRegisterIgnoresTheModField() {
        // "The 2 bits in the mod field are ignored": 0F 20 18 is MOV EAX, CR3 despite mod = 00.
        RealModeMachine m = RealModeMachine.of("movl %ebx, %cr3\n.byte 0x0f, 0x20, 0x18");
        m.set(Cpu.EBX, 0x0004_5000).run().assertHaltedNormally();
        assertEquals(0x0004_5000, m.reg(Cpu.EAX));
    }

    @Test
    void jccWithOperandSizePrefixTakesARel32Displacement() {
        // 66 0F 84 cd: JZ rel32; skips the 2-byte MOV AL.
        RealModeMachine m = RealModeMachine.of(".byte 0x66, 0x0f, 0x84\n.long 2\nmovb $1, %al\nmovb $2, %bl");
        m.flags(ZF | 2).run().assertHaltedNormally();
        assertEquals(0, m.reg(Cpu.EAX));
        assertEquals(2, m.reg(Cpu.EBX));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0x0f, 0x04", "0x0f, 0x0a", "0x0f, 0xa6, 0xc0", "0x0f, 0xb9, 0xc0", "0x0f, 0xff, 0xc0"})
    void undefinedZeroFOpcodesRaiseInvalidOpcode(String bytes) {
        RealModeMachine.of(".byte " + bytes).run().assertFault(Cpu.UD, 0);
    }
}
