package org.minixemu.cpu;

import static org.minixemu.cpu.AluOps.ADC;
import static org.minixemu.cpu.AluOps.ADD;
import static org.minixemu.cpu.AluOps.AND;
import static org.minixemu.cpu.AluOps.CMP;
import static org.minixemu.cpu.AluOps.OR;
import static org.minixemu.cpu.AluOps.SBB;
import static org.minixemu.cpu.AluOps.SUB;
import static org.minixemu.cpu.AluOps.XOR;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The i386 opcode map (plus the 486 and Pentium integer additions), one row per opcode in the
 * Intel manual's notation. This list is the single source for dispatch ({@link Cpu}), the
 * disassembler and the generated instruction tests. Opcodes not listed raise #UD.
 *
 * <p>Operand letters, as in the manual's appendix A: E = ModR/M register or memory, G = ModR/M
 * reg field, I = immediate, J = relative offset, M = ModR/M memory only, O = absolute offset,
 * S = segment register, C/D = control/debug register, A = far pointer immediate, R = ModR/M
 * register only, X/Y = DS:eSI/ES:eDI string operands. Sizes: b = byte, w = word, d = dword,
 * v = word or dword by operand size, z = the same for immediates, p = far pointer, a = a pair
 * (BOUND), q = quadword.
 */
public final class OpcodeTable {
    private OpcodeTable() {
    }

    /** Every row, in opcode order. */
    public static List<Opcode> rows() {
        return ROWS;
    }

    /** The dispatch table indexed by opcode (0x000-0x1FF), with groups folded into one entry. */
    static Opcode[] dispatchTable() {
        Opcode undefined = new Opcode(-1, -1, "(bad)", UNDEFINED, false);
        Opcode[] table = new Opcode[0x200];
        java.util.Arrays.fill(table, undefined);
        for (Opcode row : ROWS) {
            if (row.digit < 0) {
                table[row.code] = row;
            } else {
                if (table[row.code].group == null) {
                    table[row.code] = Opcode.group(row.code, undefined);
                }
                table[row.code].group[row.digit] = row;
            }
        }
        return table;
    }

    private static final class Rows {
        final List<Opcode> list = new ArrayList<>();

        void op(int code, String notation, Handler h) {
            list.add(new Opcode(code, -1, notation, h, false));
        }

        void lockable(int code, String notation, Handler h) {
            list.add(new Opcode(code, -1, notation, h, true));
        }

        void op(int code, int digit, String notation, Handler h) {
            list.add(new Opcode(code, digit, notation, h, false));
        }

        void lockable(int code, int digit, String notation, Handler h) {
            list.add(new Opcode(code, digit, notation, h, true));
        }

        /** A row whose LOCK prefix is allowed when {@code lock} says so. */
        void row(int code, int digit, String notation, Handler h, boolean lock) {
            list.add(new Opcode(code, digit, notation, h, lock));
        }
    }

    private static final Handler UNDEFINED = c -> c.raise(Cpu.UD, -1);

    private static final String[] ALU = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};
    private static final String[] REG16 = {"eAX", "eCX", "eDX", "eBX", "eSP", "eBP", "eSI", "eDI"};
    private static final String[] REG8 = {"AL", "CL", "DL", "BL", "AH", "CH", "DH", "BH"};
    private static final String[] CC = {"O", "NO", "B", "NB", "Z", "NZ", "BE", "NBE",
        "S", "NS", "P", "NP", "L", "NL", "LE", "NLE"};
    private static final String[] SHIFT = {"ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR"};
    private static final String[] SEG = {"ES", "CS", "SS", "DS", "FS", "GS"};

    private static List<Opcode> build() {
        Rows r = new Rows();

        // 00-3F: the eight ALU operations, each in six forms.
        for (int op = 0; op < 8; op++) {
            final int alu = op;
            int base = op << 3;
            boolean lock = op != CMP;
            r.row(base, -1, ALU[op] + " Eb,Gb", c -> AluOps.ebGb(c, alu), lock);
            r.row(base + 1, -1, ALU[op] + " Ev,Gv", c -> AluOps.evGv(c, alu), lock);
            r.op(base + 2, ALU[op] + " Gb,Eb", c -> AluOps.gbEb(c, alu));
            r.op(base + 3, ALU[op] + " Gv,Ev", c -> AluOps.gvEv(c, alu));
            r.op(base + 4, ALU[op] + " AL,Ib", c -> AluOps.alIb(c, alu));
            r.op(base + 5, ALU[op] + " eAX,Iz", c -> AluOps.eaxIz(c, alu));
        }
        for (int s = 0; s < 4; s++) {
            final int seg = s;
            r.op(0x06 + (s << 3), "PUSH " + SEG[s], c -> StackOps.pushSegment(c, seg));
            if (s != Cpu.CS) {
                r.op(0x07 + (s << 3), "POP " + SEG[s], c -> StackOps.popSegment(c, seg));
            }
        }
        r.op(0x27, "DAA", BcdOps::daa);
        r.op(0x2F, "DAS", BcdOps::das);
        r.op(0x37, "AAA", BcdOps::aaa);
        r.op(0x3F, "AAS", BcdOps::aas);

        for (int i = 0; i < 8; i++) {
            final int n = i;
            r.op(0x40 + i, "INC " + REG16[i], c -> AluOps.incReg(c, n));
            r.op(0x48 + i, "DEC " + REG16[i], c -> AluOps.decReg(c, n));
            r.op(0x50 + i, "PUSH " + REG16[i], c -> StackOps.pushReg(c, n));
            r.op(0x58 + i, "POP " + REG16[i], c -> StackOps.popReg(c, n));
        }
        r.op(0x60, "PUSHA/PUSHAD", StackOps::pusha);
        r.op(0x61, "POPA/POPAD", StackOps::popa);
        r.op(0x62, "BOUND Gv,Ma", ControlOps::bound);
        r.op(0x63, "ARPL Ew,Gw", ProtectionOps::arpl);
        r.op(0x68, "PUSH Iz", StackOps::pushIz);
        r.op(0x69, "IMUL Gv,Ev,Iz", MulDivOps::imulGvEvIz);
        r.op(0x6A, "PUSH Ib", StackOps::pushIb);
        r.op(0x6B, "IMUL Gv,Ev,Ib", MulDivOps::imulGvEvIb);
        r.op(0x6C, "INSB Yb,DX", c -> StringOps.ins(c, 1));
        r.op(0x6D, "INSW/INSD Yv,DX", c -> StringOps.ins(c, c.sizeV()));
        r.op(0x6E, "OUTSB DX,Xb", c -> StringOps.outs(c, 1));
        r.op(0x6F, "OUTSW/OUTSD DX,Xv", c -> StringOps.outs(c, c.sizeV()));
        for (int cc = 0; cc < 16; cc++) {
            final int cond = cc;
            r.op(0x70 + cc, "J" + CC[cc] + " Jb", c -> ControlOps.jccJb(c, cond));
            r.op(0x180 + cc, "J" + CC[cc] + " Jz", c -> ControlOps.jccJz(c, cond));
            r.op(0x190 + cc, "SET" + CC[cc] + " Eb", c -> c.writeEb(Conditions.test(c, cond) ? 1 : 0));
            r.op(0x140 + cc, "CMOV" + CC[cc] + " Gv,Ev", c -> MoveOps.cmov(c, cond));
        }

        // 80-83: group 1, the ALU operations with an immediate.
        for (int op = 0; op < 8; op++) {
            final int alu = op;
            boolean lock = op != CMP; // CMP writes nothing, so LOCK makes no sense on it
            Handler ebIb = c -> AluOps.ebIb(c, alu);
            r.row(0x80, op, ALU[op] + " Eb,Ib", ebIb, lock);
            r.row(0x81, op, ALU[op] + " Ev,Iz", c -> AluOps.evIz(c, alu), lock);
            r.row(0x82, op, ALU[op] + " Eb,Ib", ebIb, lock);
            r.row(0x83, op, ALU[op] + " Ev,Ib", c -> AluOps.evIb(c, alu), lock);
        }
        r.op(0x84, "TEST Eb,Gb", AluOps::testEbGb);
        r.op(0x85, "TEST Ev,Gv", AluOps::testEvGv);
        r.lockable(0x86, "XCHG Eb,Gb", MoveOps::xchgEbGb);
        r.lockable(0x87, "XCHG Ev,Gv", MoveOps::xchgEvGv);
        r.op(0x88, "MOV Eb,Gb", c -> c.writeEb(c.reg8(c.reg)));
        r.op(0x89, "MOV Ev,Gv", c -> c.writeEv(c.regV(c.reg)));
        r.op(0x8A, "MOV Gb,Eb", c -> c.setReg8(c.reg, c.readEb()));
        r.op(0x8B, "MOV Gv,Ev", c -> c.setRegV(c.reg, c.readEv()));
        r.op(0x8C, "MOV Ev,Sw", MoveOps::movEvSw);
        r.op(0x8D, "LEA Gv,M", MoveOps::lea);
        r.op(0x8E, "MOV Sw,Ew", MoveOps::movSwEw);
        r.op(0x8F, 0, "POP Ev", StackOps::popEv);
        r.op(0x90, "NOP", c -> { });
        for (int i = 1; i < 8; i++) {
            final int n = i;
            r.op(0x90 + i, "XCHG " + REG16[i] + ",eAX", c -> MoveOps.xchgAccumulator(c, n));
        }
        r.op(0x98, "CBW/CWDE", MoveOps::cbw);
        r.op(0x99, "CWD/CDQ", MoveOps::cwd);
        r.op(0x9A, "CALL Ap", ControlOps::callFarAp);
        r.op(0x9B, "WAIT", SystemOps::fwait);
        r.op(0x9C, "PUSHF/PUSHFD", FlagOps::pushf);
        r.op(0x9D, "POPF/POPFD", FlagOps::popf);
        r.op(0x9E, "SAHF", FlagOps::sahf);
        r.op(0x9F, "LAHF", FlagOps::lahf);
        r.op(0xA0, "MOV AL,Ob", MoveOps::movAlOb);
        r.op(0xA1, "MOV eAX,Ov", MoveOps::movEaxOv);
        r.op(0xA2, "MOV Ob,AL", MoveOps::movObAl);
        r.op(0xA3, "MOV Ov,eAX", MoveOps::movOvEax);
        r.op(0xA4, "MOVSB Yb,Xb", c -> StringOps.movs(c, 1));
        r.op(0xA5, "MOVSW/MOVSD Yv,Xv", c -> StringOps.movs(c, c.sizeV()));
        r.op(0xA6, "CMPSB Xb,Yb", c -> StringOps.cmps(c, 1));
        r.op(0xA7, "CMPSW/CMPSD Xv,Yv", c -> StringOps.cmps(c, c.sizeV()));
        r.op(0xA8, "TEST AL,Ib", AluOps::testAlIb);
        r.op(0xA9, "TEST eAX,Iz", AluOps::testEaxIz);
        r.op(0xAA, "STOSB Yb,AL", c -> StringOps.stos(c, 1));
        r.op(0xAB, "STOSW/STOSD Yv,eAX", c -> StringOps.stos(c, c.sizeV()));
        r.op(0xAC, "LODSB AL,Xb", c -> StringOps.lods(c, 1));
        r.op(0xAD, "LODSW/LODSD eAX,Xv", c -> StringOps.lods(c, c.sizeV()));
        r.op(0xAE, "SCASB AL,Yb", c -> StringOps.scas(c, 1));
        r.op(0xAF, "SCASW/SCASD eAX,Yv", c -> StringOps.scas(c, c.sizeV()));
        for (int i = 0; i < 8; i++) {
            final int n = i;
            r.op(0xB0 + i, "MOV " + REG8[i] + ",Ib", c -> c.setReg8(n, c.fetch8()));
            r.op(0xB8 + i, "MOV " + REG16[i] + ",Iv", c -> c.setRegV(n, c.fetchImmV()));
        }

        // C0, C1, D0-D3: group 2, shifts and rotates.
        for (int op = 0; op < 8; op++) {
            final int shift = op;
            r.op(0xC0, op, SHIFT[op] + " Eb,Ib", c -> ShiftOps.eb(c, shift, c.fetch8()));
            r.op(0xC1, op, SHIFT[op] + " Ev,Ib", c -> ShiftOps.ev(c, shift, c.fetch8()));
            r.op(0xD0, op, SHIFT[op] + " Eb,1", c -> ShiftOps.eb(c, shift, 1));
            r.op(0xD1, op, SHIFT[op] + " Ev,1", c -> ShiftOps.ev(c, shift, 1));
            r.op(0xD2, op, SHIFT[op] + " Eb,CL", c -> ShiftOps.eb(c, shift, c.regs[Cpu.ECX]));
            r.op(0xD3, op, SHIFT[op] + " Ev,CL", c -> ShiftOps.ev(c, shift, c.regs[Cpu.ECX]));
        }
        r.op(0xC2, "RET Iw", ControlOps::retNearIw);
        r.op(0xC3, "RET", ControlOps::retNear);
        r.op(0xC4, "LES Gv,Mp", c -> MoveOps.loadFarPointer(c, Cpu.ES));
        r.op(0xC5, "LDS Gv,Mp", c -> MoveOps.loadFarPointer(c, Cpu.DS));
        r.op(0xC6, 0, "MOV Eb,Ib", c -> c.writeEb(c.fetch8()));
        r.op(0xC7, 0, "MOV Ev,Iz", c -> c.writeEv(c.fetchImmV()));
        r.op(0xC8, "ENTER Iw,Ib", StackOps::enter);
        r.op(0xC9, "LEAVE", StackOps::leave);
        r.op(0xCA, "RETF Iw", ControlOps::retFarIw);
        r.op(0xCB, "RETF", ControlOps::retFar);
        r.op(0xCC, "INT3", ControlOps::int3);
        r.op(0xCD, "INT Ib", ControlOps::intIb);
        r.op(0xCE, "INTO", ControlOps::into);
        r.op(0xCF, "IRET/IRETD", ControlOps::iret);
        r.op(0xD4, "AAM Ib", BcdOps::aam);
        r.op(0xD5, "AAD Ib", BcdOps::aad);
        r.op(0xD6, "SALC", c -> c.setReg8(0, c.flags.cf() ? 0xFF : 0));
        r.op(0xD7, "XLAT", MoveOps::xlat);
        for (int esc = 0xD8; esc <= 0xDF; esc++) {
            r.op(esc, "ESC Ev", SystemOps::escape);
        }
        r.op(0xE0, "LOOPNZ Jb", c -> ControlOps.loop(c, ControlOps.WHILE_NOT_ZERO));
        r.op(0xE1, "LOOPZ Jb", c -> ControlOps.loop(c, ControlOps.WHILE_ZERO));
        r.op(0xE2, "LOOP Jb", c -> ControlOps.loop(c, ControlOps.ALWAYS));
        r.op(0xE3, "JCXZ/JECXZ Jb", ControlOps::jcxz);
        r.op(0xE4, "IN AL,Ib", c -> IoOps.in(c, c.fetch8(), 1));
        r.op(0xE5, "IN eAX,Ib", c -> IoOps.in(c, c.fetch8(), c.sizeV()));
        r.op(0xE6, "OUT Ib,AL", c -> IoOps.out(c, c.fetch8(), 1));
        r.op(0xE7, "OUT Ib,eAX", c -> IoOps.out(c, c.fetch8(), c.sizeV()));
        r.op(0xE8, "CALL Jz", ControlOps::callJz);
        r.op(0xE9, "JMP Jz", ControlOps::jmpJz);
        r.op(0xEA, "JMP Ap", ControlOps::jmpFarAp);
        r.op(0xEB, "JMP Jb", ControlOps::jmpJb);
        r.op(0xEC, "IN AL,DX", c -> IoOps.in(c, c.regs[Cpu.EDX] & 0xFFFF, 1));
        r.op(0xED, "IN eAX,DX", c -> IoOps.in(c, c.regs[Cpu.EDX] & 0xFFFF, c.sizeV()));
        r.op(0xEE, "OUT DX,AL", c -> IoOps.out(c, c.regs[Cpu.EDX] & 0xFFFF, 1));
        r.op(0xEF, "OUT DX,eAX", c -> IoOps.out(c, c.regs[Cpu.EDX] & 0xFFFF, c.sizeV()));
        r.op(0xF1, "INT1", ControlOps::int1);
        r.op(0xF4, "HLT", SystemOps::hlt);
        r.op(0xF5, "CMC", c -> c.flags.set(Flags.CF, !c.flags.cf()));

        // F6, F7: group 3.
        r.op(0xF6, 0, "TEST Eb,Ib", AluOps::testEbIb);
        r.op(0xF6, 1, "TEST Eb,Ib", AluOps::testEbIb);
        r.lockable(0xF6, 2, "NOT Eb", c -> c.writeEb(~c.readEb()));
        r.lockable(0xF6, 3, "NEG Eb", AluOps::negEb);
        r.op(0xF6, 4, "MUL Eb", MulDivOps::mulEb);
        r.op(0xF6, 5, "IMUL Eb", MulDivOps::imulEb);
        r.op(0xF6, 6, "DIV Eb", MulDivOps::divEb);
        r.op(0xF6, 7, "IDIV Eb", MulDivOps::idivEb);
        r.op(0xF7, 0, "TEST Ev,Iz", AluOps::testEvIz);
        r.op(0xF7, 1, "TEST Ev,Iz", AluOps::testEvIz);
        r.lockable(0xF7, 2, "NOT Ev", c -> c.writeEv(~c.readEv()));
        r.lockable(0xF7, 3, "NEG Ev", AluOps::negEv);
        r.op(0xF7, 4, "MUL Ev", MulDivOps::mulEv);
        r.op(0xF7, 5, "IMUL Ev", MulDivOps::imulEv);
        r.op(0xF7, 6, "DIV Ev", MulDivOps::divEv);
        r.op(0xF7, 7, "IDIV Ev", MulDivOps::idivEv);
        r.op(0xF8, "CLC", c -> c.flags.set(Flags.CF, false));
        r.op(0xF9, "STC", c -> c.flags.set(Flags.CF, true));
        r.op(0xFA, "CLI", FlagOps::cli);
        r.op(0xFB, "STI", FlagOps::sti);
        r.op(0xFC, "CLD", c -> c.flags.set(Flags.DF, false));
        r.op(0xFD, "STD", c -> c.flags.set(Flags.DF, true));
        r.lockable(0xFE, 0, "INC Eb", AluOps::incEb);
        r.lockable(0xFE, 1, "DEC Eb", AluOps::decEb);
        r.lockable(0xFF, 0, "INC Ev", AluOps::incEv);
        r.lockable(0xFF, 1, "DEC Ev", AluOps::decEv);
        r.op(0xFF, 2, "CALL Ev", ControlOps::callEv);
        r.op(0xFF, 3, "CALL Mp", ControlOps::callFarMp);
        r.op(0xFF, 4, "JMP Ev", ControlOps::jmpEv);
        r.op(0xFF, 5, "JMP Mp", ControlOps::jmpFarMp);
        r.op(0xFF, 6, "PUSH Ev", StackOps::pushEv);

        // 0F page: system instructions, and the 386/486/Pentium additions.
        r.op(0x100, 0, "SLDT Ew", ProtectionOps::sldt);
        r.op(0x100, 1, "STR Ew", ProtectionOps::str);
        r.op(0x100, 2, "LLDT Ew", ProtectionOps::lldt);
        r.op(0x100, 3, "LTR Ew", ProtectionOps::ltr);
        r.op(0x100, 4, "VERR Ew", c -> ProtectionOps.verify(c, false));
        r.op(0x100, 5, "VERW Ew", c -> ProtectionOps.verify(c, true));
        r.op(0x101, 0, "SGDT M", c -> SystemOps.storeDescriptorTable(c, false));
        r.op(0x101, 1, "SIDT M", c -> SystemOps.storeDescriptorTable(c, true));
        r.op(0x101, 2, "LGDT M", c -> SystemOps.loadDescriptorTable(c, false));
        r.op(0x101, 3, "LIDT M", c -> SystemOps.loadDescriptorTable(c, true));
        r.op(0x101, 4, "SMSW Ew", SystemOps::smsw);
        r.op(0x101, 6, "LMSW Ew", SystemOps::lmsw);
        r.op(0x101, 7, "INVLPG M", SystemOps::invlpg);
        r.op(0x102, "LAR Gv,Ew", ProtectionOps::lar);
        r.op(0x103, "LSL Gv,Ew", ProtectionOps::lsl);
        r.op(0x106, "CLTS", SystemOps::clts);
        r.op(0x108, "INVD", SystemOps::invalidateCaches);
        r.op(0x109, "WBINVD", SystemOps::invalidateCaches);
        r.op(0x10B, "UD2", UNDEFINED);
        r.op(0x120, "MOV Rd,Cd", SystemOps::movFromControl);
        r.op(0x121, "MOV Rd,Dd", SystemOps::movFromDebug);
        r.op(0x122, "MOV Cd,Rd", SystemOps::movToControl);
        r.op(0x123, "MOV Dd,Rd", SystemOps::movToDebug);
        r.op(0x131, "RDTSC", SystemOps::rdtsc);
        r.op(0x1A0, "PUSH FS", c -> StackOps.pushSegment(c, Cpu.FS));
        r.op(0x1A1, "POP FS", c -> StackOps.popSegment(c, Cpu.FS));
        r.op(0x1A2, "CPUID", SystemOps::cpuid);
        r.op(0x1A3, "BT Ev,Gv", c -> BitOps.btEvGv(c, BitOps.TEST));
        r.op(0x1A4, "SHLD Ev,Gv,Ib", c -> ShiftOps.shld(c, c.fetch8()));
        r.op(0x1A5, "SHLD Ev,Gv,CL", c -> ShiftOps.shld(c, c.regs[Cpu.ECX]));
        r.op(0x1A8, "PUSH GS", c -> StackOps.pushSegment(c, Cpu.GS));
        r.op(0x1A9, "POP GS", c -> StackOps.popSegment(c, Cpu.GS));
        r.lockable(0x1AB, "BTS Ev,Gv", c -> BitOps.btEvGv(c, BitOps.SET));
        r.op(0x1AC, "SHRD Ev,Gv,Ib", c -> ShiftOps.shrd(c, c.fetch8()));
        r.op(0x1AD, "SHRD Ev,Gv,CL", c -> ShiftOps.shrd(c, c.regs[Cpu.ECX]));
        r.op(0x1AF, "IMUL Gv,Ev", MulDivOps::imulGvEv);
        r.lockable(0x1B0, "CMPXCHG Eb,Gb", AtomicOps::cmpxchgEbGb);
        r.lockable(0x1B1, "CMPXCHG Ev,Gv", AtomicOps::cmpxchgEvGv);
        r.op(0x1B2, "LSS Gv,Mp", c -> MoveOps.loadFarPointer(c, Cpu.SS));
        r.lockable(0x1B3, "BTR Ev,Gv", c -> BitOps.btEvGv(c, BitOps.RESET));
        r.op(0x1B4, "LFS Gv,Mp", c -> MoveOps.loadFarPointer(c, Cpu.FS));
        r.op(0x1B5, "LGS Gv,Mp", c -> MoveOps.loadFarPointer(c, Cpu.GS));
        r.op(0x1B6, "MOVZX Gv,Eb", c -> c.setRegV(c.reg, c.readEb()));
        r.op(0x1B7, "MOVZX Gv,Ew", c -> c.setRegV(c.reg, c.readEw()));
        r.op(0x1BA, 4, "BT Ev,Ib", c -> BitOps.btEvIb(c, BitOps.TEST));
        r.lockable(0x1BA, 5, "BTS Ev,Ib", c -> BitOps.btEvIb(c, BitOps.SET));
        r.lockable(0x1BA, 6, "BTR Ev,Ib", c -> BitOps.btEvIb(c, BitOps.RESET));
        r.lockable(0x1BA, 7, "BTC Ev,Ib", c -> BitOps.btEvIb(c, BitOps.COMPLEMENT));
        r.lockable(0x1BB, "BTC Ev,Gv", c -> BitOps.btEvGv(c, BitOps.COMPLEMENT));
        r.op(0x1BC, "BSF Gv,Ev", BitOps::bsf);
        r.op(0x1BD, "BSR Gv,Ev", BitOps::bsr);
        r.op(0x1BE, "MOVSX Gv,Eb", c -> c.setRegV(c.reg, (byte) c.readEb()));
        r.op(0x1BF, "MOVSX Gv,Ew", c -> c.setRegV(c.reg, (short) c.readEw()));
        r.lockable(0x1C0, "XADD Eb,Gb", AtomicOps::xaddEbGb);
        r.lockable(0x1C1, "XADD Ev,Gv", AtomicOps::xaddEvGv);
        r.lockable(0x1C7, 1, "CMPXCHG8B Mq", AtomicOps::cmpxchg8b);
        for (int i = 0; i < 8; i++) {
            final int n = i;
            r.op(0x1C8 + i, "BSWAP " + REG16[i].replace('e', 'E'), c -> MoveOps.bswap(c, n));
        }
        r.list.sort((a, b) -> a.code != b.code ? Integer.compare(a.code, b.code) : Integer.compare(a.digit, b.digit));
        return r.list;
    }

    // Declared last: static fields initialize in order, and build() needs the ones above.
    private static final List<Opcode> ROWS = Collections.unmodifiableList(build());
}
