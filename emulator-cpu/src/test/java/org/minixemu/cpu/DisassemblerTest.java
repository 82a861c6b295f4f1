package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;
import java.time.Duration;

/**
 * {@link Disassembler} against GNU binutils: the instructions below are assembled at test time with
 * {@code as --32} and disassembled with {@code objdump -d -M intel}; each objdump line gives the
 * bytes to decode and the expected text. One instruction per source line.
 *
 * <p>Normalizations applied to objdump's text (see {@link #normalize}), all formatting only:
 * <ol>
 *   <li>lower case ({@code DWORD PTR}), whitespace collapsed, {@code <symbol>} annotations dropped;
 *   <li>displacement-only memory: objdump prints {@code ds:0x1234} / {@code es:0x1234} (always
 *       naming the segment, even without a prefix); we print {@code [0x1234]} / {@code es:[0x1234]}.
 *       No source line uses a redundant DS prefix on such an operand;
 *   <li>objdump's {@code eiz} pseudo-register for a SIB byte without index is dropped:
 *       {@code [eax+eiz*2+0x4]} becomes {@code [eax+0x4]}, {@code [eiz*1+0x10]} becomes
 *       {@code [0x10]};
 *   <li>string instructions and XLAT: objdump prints their implicit operands
 *       ({@code movs BYTE PTR es:[edi],BYTE PTR ds:[esi]}); we print the sized mnemonic
 *       ({@code movsb}), with a segment override or address-size override that the operands showed
 *       turned into a prefix word ({@code es movsb}, {@code addr16 movsb});
 *   <li>{@code repz}/{@code repnz} are spelled {@code repe}/{@code repne};
 *   <li>objdump leaves the size suffix off PUSHA, POPA, PUSHF, POPF and IRET when it is the
 *       mode's default and writes {@code pushaw} otherwise; the table always names the size
 *       ({@code PUSHA/PUSHAD}), so in 32-bit code {@code pusha} becomes {@code pushad} and
 *       {@code pushaw} becomes {@code pusha};
 *   <li>objdump's {@code lgdtw}/{@code lgdtd} (and sgdt, lidt, sidt) lose the suffix, since the
 *       table has a single {@code LGDT M}; where the suffix is not the mode's default it becomes the
 *       prefix word we print for the operand-size prefix ({@code data32 lgdt [bx]});
 *   <li>{@code invlpg BYTE PTR [eax]}: the table's operand is a size-less {@code M};
 *   <li>{@code fwait} is the manual's other name for the table's {@code WAIT};
 *   <li>prefix words are put in one order: lock, rep, segment, data16/32, addr16/32.
 * </ol>
 *
 * <p>Rows objdump cannot check are tested directly and excluded from the coverage check:
 * SALC (objdump: {@code (bad)}), SAL at C0-D3 /6 (objdump: {@code shl}) and ESC D8-DF (the
 * table's placeholder for the absent FPU; objdump prints x87 instructions).
 */
class DisassemblerTest {

    // ---- the reference instructions ---------------------------------------------------------

    private static final List<String> CODE16 = lines(
            // 00-3F ALU forms, 16-bit ModR/M (every rm, mod 0/1/2, disp-only), segment overrides
            """
            add byte ptr [bx+si],al
            add word ptr [bx+di+0x10],cx
            adc al,byte ptr [bp+si]
            adc cx,word ptr [bp+di-0x2]
            sbb byte ptr [si+0x7f],dl
            sbb word ptr [di-0x80],sp
            and byte ptr [bp+0x1234],bh
            and dx,word ptr [bx-0x1234]
            or word ptr [bp],bx
            or ah,byte ptr [bx]
            add byte ptr [0x1234],bl
            sub ax,word ptr [0xfffe]
            xor byte ptr es:[si],dh
            cmp word ptr cs:[di+0x1234],sp
            cmp cx,word ptr ss:[bx+si]
            xor ax,word ptr ds:[bx]
            and ax,word ptr fs:[bp+si+0x4]
            or al,byte ptr gs:[bx]
            add al,0x12
            or ax,0x1234
            adc al,0xff
            sbb ax,0xfffe
            and al,0x1
            sub ax,0x8000
            xor al,0x80
            cmp ax,0x7fff
            """,
            aluForms(),
            registerForms(false),
            shiftForms(),
            // push/pop segment registers, BCD, inc/dec/push/pop register
            """
            push es
            pop es
            push cs
            push ss
            pop ss
            push ds
            pop ds
            daa
            das
            aaa
            aas
            inc ax
            inc di
            dec cx
            dec bp
            push si
            push sp
            pop bx
            pop dx
            """,
            // 60-6F
            """
            pusha
            popa
            pushad
            popad
            bound ax,dword ptr [bx]
            bound eax,qword ptr [bx]
            push 0x1234
            imul ax,word ptr [bp-0x2],0x10
            imul cx,dx,0x1234
            push 0x7f
            push -2
            imul ax,word ptr [bx],-2
            insb
            insw
            insd
            outsb
            outsw
            rep outsb
            """,
            // 70-7F short jumps
            """
            jo .+0x10
            jno .+0x10
            jb .+0x10
            jae .+0x10
            je .+0x10
            jne .-0x10
            jbe .+0x10
            ja .+0x10
            js .+0x10
            jns .+0x10
            jp .+0x10
            jnp .+0x10
            jl .+0x10
            jge .+0x10
            jle .+0x10
            jg .+0x10
            """,
            // 80-8F: group 1, test, xchg, mov, lea, pop Ev
            """
            add byte ptr [bx],0x5
            or byte ptr [bx],0x5
            adc byte ptr [bx],0x5
            sbb byte ptr [bx],0x5
            and byte ptr [bx],0x5
            sub byte ptr cs:[bx],0x5
            xor byte ptr [bx],0x5
            cmp byte ptr [bx],0xfe
            add word ptr [bx],0x1234
            or word ptr [bx],0x1234
            adc word ptr [bx],0x1234
            sbb word ptr [bx],0x1234
            and word ptr [bx],0x1234
            sub word ptr ss:[bp+si+0x7f],0x1234
            xor word ptr [bx],0x1234
            cmp word ptr [bx],0x1234
            .byte 0x82,0xc1,0x05
            .byte 0x82,0x3f,0xfe
            add word ptr [bx],-2
            or word ptr [bx],0x12
            adc word ptr [bx],0x12
            sbb word ptr [bx],0x12
            and word ptr [bx],0x12
            sub word ptr [bx],0x12
            xor word ptr [bx],0x12
            cmp word ptr [bx],-2
            test byte ptr [bx],al
            test word ptr [bx],cx
            xchg byte ptr [bx],al
            xchg word ptr [bx],cx
            xchg cl,dl
            mov byte ptr [bx],al
            mov word ptr [si],ax
            mov al,byte ptr [bx]
            mov ax,word ptr [bx+si+0x2]
            mov ax,ds
            mov word ptr [bx],es
            lea ax,[bx+si+0x4]
            mov ds,ax
            mov es,word ptr [bx]
            pop word ptr [bx]
            """,
            // 90-9F
            """
            nop
            xchg cx,ax
            xchg dx,ax
            xchg bx,ax
            xchg sp,ax
            xchg bp,ax
            xchg si,ax
            xchg di,ax
            xchg ecx,eax
            cbw
            cwde
            cwd
            cdq
            call 0x1234:0x5678
            wait
            pushf
            popf
            pushfd
            popfd
            sahf
            lahf
            """,
            // A0-AF: moffs, string instructions, test accumulator
            """
            mov al,[0x1234]
            mov ax,[0x1234]
            mov [0x1234],al
            mov es:[0x1234],ax
            movsb
            movsw
            movsd
            cmpsb
            cmpsw
            test al,0x5
            test ax,0x1234
            stosb
            stosw
            lodsb
            lodsw
            scasb
            scasw
            rep movsb
            repe cmpsw
            repne scasb
            rep stosw
            es movsb
            es lodsw
            addr32 movsb
            """,
            // B0-BF
            """
            mov al,0x12
            mov cl,0x12
            mov dl,0x12
            mov bl,0x12
            mov ah,0x12
            mov ch,0x12
            mov dh,0x12
            mov bh,0xff
            mov ax,0x1234
            mov cx,0x1234
            mov dx,0x1234
            mov bx,0x1234
            mov sp,0x1234
            mov bp,0x1234
            mov si,0x1234
            mov di,0xffff
            """,
            // C0-CF, group 2
            """
            rol byte ptr [bx],0x3
            ror ax,0x5
            rcl al,0x1f
            rcr word ptr [bx],0x2
            shl bl,0x4
            shr word ptr [bp+0x2],0x1
            sar cl,0x7
            ret 0x4
            ret
            les ax,dword ptr [bx]
            lds si,dword ptr [bx]
            lds eax,fword ptr [bx]
            mov byte ptr [bx],0x5
            mov word ptr [bx],0x1234
            enter 0x8,0x1
            leave
            retf 0x4
            retf
            int3
            int 0x21
            into
            iret
            iretd
            rol al,1
            ror word ptr [bx],1
            rcl al,1
            rcr ax,1
            shl al,1
            shr ax,1
            sar byte ptr [bx],1
            rol al,cl
            ror word ptr [bx],cl
            rcl al,cl
            rcr ax,cl
            shl al,cl
            shr ax,cl
            sar word ptr [bx],cl
            aam
            aad
            aam 0x10
            xlat
            es xlat
            """,
            // E0-FF
            """
            loopne .+0x10
            loope .+0x10
            loop .-0x10
            jcxz .+0x4
            jecxz .+0x4
            in al,0x60
            in ax,0x60
            out 0x60,al
            out 0x60,ax
            call .+0x100
            jmp .+0x300
            jmp 0x1234:0x5678
            jmp .+0x4
            in al,dx
            in ax,dx
            out dx,al
            out dx,ax
            int1
            hlt
            cmc
            test byte ptr [bx],0x5
            .byte 0xf6,0xc8,0x05
            not ax
            neg byte ptr [bx]
            mul cx
            mul bl
            div byte ptr [bx]
            imul byte ptr [bx]
            div word ptr [bx]
            idiv cl
            test word ptr [bx],0x1234
            .byte 0xf7,0xc8,0x34,0x12
            not word ptr [bx]
            neg cx
            mul word ptr [bx]
            imul ax
            div cx
            idiv word ptr [bp+di]
            clc
            stc
            cli
            sti
            cld
            std
            inc byte ptr [bx]
            dec al
            inc word ptr [bx]
            dec word ptr [bx]
            call word ptr [bx]
            call dword ptr [bx]
            jmp ax
            jmp dword ptr [bx]
            push word ptr [bx]
            lock add word ptr [bx],ax
            lock inc byte ptr [bx]
            """,
            // 0F page
            """
            sgdt [bx]
            sidt [bx]
            lgdt [bx]
            lidt [bx]
            lgdtd [bx]
            smsw ax
            smsw word ptr [bx]
            lmsw ax
            lmsw word ptr [bx]
            invlpg [bx]
            sldt word ptr [bx]
            str ax
            lldt word ptr [bx]
            ltr ax
            verr word ptr [bx]
            verw ax
            lar ax,word ptr [bx]
            lsl cx,dx
            arpl word ptr [bx],ax
            clts
            invd
            wbinvd
            ud2
            mov eax,cr0
            mov cr0,eax
            mov eax,dr7
            mov dr7,eax
            rdtsc
            push fs
            pop fs
            cpuid
            bt ax,cx
            shld ax,bx,0x3
            shld word ptr [bx],cx,cl
            push gs
            pop gs
            bts word ptr [bx],ax
            shrd ax,bx,0x3
            shrd word ptr [bx],cx,cl
            imul ax,word ptr [bx]
            cmpxchg byte ptr [bx],al
            cmpxchg word ptr [bx],cx
            lss sp,dword ptr [bx]
            btr ax,cx
            lfs ax,dword ptr [bx]
            lgs eax,fword ptr [bx]
            movzx ax,byte ptr [bx]
            movzx eax,word ptr [bx]
            bt word ptr [bx],0x3
            bts ax,0x3
            btr ax,0xff
            btc word ptr [bx],0x3
            btc ax,cx
            bsf ax,word ptr [bx]
            bsr ax,cx
            movsx ax,bl
            movsx eax,word ptr [bx]
            xadd byte ptr [bx],al
            xadd word ptr [bx],cx
            cmpxchg8b qword ptr [bx]
            je .+0x200
            cmove ax,bx
            sete al
            setne byte ptr [bx]
            mov eax,dword ptr [esp+ecx*4+0x8]
            """);

    private static final List<String> CODE32 = lines(
            // 32-bit ModR/M and SIB: every base, index and scale, disp8/disp32, no base, no index
            """
            mov eax,dword ptr [esp+ecx*4+0x8]
            mov eax,dword ptr [ebp]
            mov eax,dword ptr [0x12345678]
            mov ecx,dword ptr [0x12345678]
            mov eax,dword ptr [ecx*4+0x10]
            mov eax,dword ptr [ecx*4-0x10]
            lea eax,[ebx*8]
            mov eax,dword ptr [eax+ecx]
            mov eax,dword ptr [esp]
            mov eax,dword ptr [esp+0x10]
            mov eax,dword ptr [ebp+ecx*2-0x80]
            mov eax,dword ptr [eax-0x80000000]
            mov ebx,dword ptr gs:[esi+edi*8+0x12345678]
            mov edx,dword ptr [ebp+eax*1+0x0]
            mov ecx,dword ptr fs:[0x10]
            mov ax,word ptr cs:[eax]
            mov esi,dword ptr [edx+0x7f]
            mov edi,dword ptr [esi-0x1]
            mov esp,dword ptr [edi+0x100]
            .byte 0x8b,0x04,0x25,0x10,0x00,0x00,0x00
            .byte 0x8b,0x44,0x60,0x04
            .byte 0x8b,0x04,0x20
            """,
            // moffs, immediates of every size, sign-extended Ib
            """
            mov eax,fs:[0x10]
            mov al,[0x12345678]
            mov [0x12345678],eax
            mov [0x12345678],al
            add eax,ecx
            add ecx,dword ptr [ebx]
            add eax,0x12345678
            add ebx,-2
            add ebx,0x7f
            add dword ptr [eax],0x12345678
            add bx,-2
            .byte 0x82,0xc0,0x05
            imul eax,ecx,-2
            imul eax,dword ptr [ebx],0x12345678
            push 0x12345678
            push -2
            push 0x12
            mov ecx,0xdeadbeef
            mov cx,0xbeef
            mov dword ptr [eax],0x5
            mov word ptr [eax],0x5
            test dword ptr [eax],0x5
            test eax,0x12345678
            in eax,0x60
            out 0x60,eax
            in eax,dx
            out dx,eax
            """,
            // lock prefix, register forms
            """
            lock add dword ptr [eax],ecx
            lock sub byte ptr [eax],0x1
            lock cmpxchg dword ptr [ecx],edx
            lock xadd dword ptr [eax],ecx
            lock bts dword ptr [eax],0x3
            lock xchg dword ptr [eax],ecx
            lock neg dword ptr [eax]
            lock not byte ptr [eax]
            lock dec dword ptr [eax]
            lock cmpxchg8b qword ptr [eax]
            xchg edx,eax
            xchg ax,bx
            mov eax,ds
            mov ds,word ptr [eax]
            """,
            // operand-size forms of the slash mnemonics, string instructions
            """
            pushad
            popad
            pushaw
            popaw
            pushfd
            popfd
            pushfw
            popfw
            iretd
            iretw
            cbw
            cwde
            cwd
            cdq
            bound eax,qword ptr [ecx]
            movsd
            movsw
            rep movsd
            repe cmpsd
            repne scasb
            rep stosd
            lodsd
            scasd
            cmpsb
            insd
            outsd
            rep insw
            es lodsb
            fs movsd
            addr16 movsb
            addr16 lodsw
            xlat
            addr16 xlat
            """,
            // control transfer
            """
            jmp .+0x1000
            call .+0x1000
            jmp .-0x20
            jmp 0x10:0x12345678
            call 0x10:0x12345678
            call fword ptr [eax]
            jmp fword ptr [eax]
            call eax
            call dword ptr [ebx+0x4]
            jmp dword ptr [eax]
            jmp ecx
            push dword ptr [eax]
            pop dword ptr [eax]
            loop .+0x10
            loopne .+0x10
            jecxz .+0x10
            jcxz .+0x10
            ret 0x10
            retf
            enter 0x10,0x0
            leave
            """,
            // 0F page
            """
            movzx eax,byte ptr [ecx]
            movzx eax,word ptr [ecx]
            movzx ax,cl
            movsx ax,byte ptr [ecx]
            movsx eax,cx
            bt eax,0x3
            bt dword ptr [eax],ecx
            bts dword ptr [eax],ecx
            btr dword ptr [eax+0x4],edx
            btc eax,ebx
            btr dword ptr [eax],0x1f
            btc eax,0x3
            bsf eax,ecx
            bsr ax,word ptr [ebx]
            shld eax,ecx,0x20
            shld dword ptr [eax],ecx,cl
            shrd dword ptr [eax],ecx,cl
            shrd eax,ecx,0x1
            imul ecx,dword ptr [eax]
            cmpxchg byte ptr [eax],cl
            cmpxchg dword ptr [eax],ecx
            xadd cl,dl
            xadd dword ptr [eax],ecx
            cmpxchg8b qword ptr [eax]
            bswap eax
            bswap ecx
            bswap edx
            bswap ebx
            bswap esp
            bswap ebp
            bswap esi
            bswap edi
            lss esp,fword ptr [eax]
            lfs ax,dword ptr [eax]
            lgs esi,fword ptr [eax]
            les eax,fword ptr [eax]
            lds ebx,fword ptr [eax]
            lgdt [eax]
            lidt [eax]
            sgdt [eax]
            sidt [eax]
            smsw word ptr [eax]
            lmsw word ptr [eax]
            invlpg [eax]
            mov cr0,eax
            mov eax,cr3
            mov cr3,ebx
            mov ecx,cr2
            mov dr0,ecx
            mov eax,dr6
            cpuid
            rdtsc
            clts
            ud2
            """,
            registerForms(true),
            conditionCodeForms());

    /** The six forms of each of the eight ALU operations, and group 1 (80, 81, 82, 83). */
    private static String aluForms() {
        StringBuilder s = new StringBuilder();
        String[] alu = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
        for (int op = 0; op < 8; op++) {
            String m = alu[op];
            s.append(m).append(" byte ptr [bx+si],dl\n");
            s.append(m).append(" word ptr [bx+di],cx\n");
            s.append(m).append(" bl,byte ptr [bp+si+0x1]\n");
            s.append(m).append(" si,word ptr [bp+di-0x1]\n");
            s.append(m).append(" al,0x").append(Integer.toHexString(0x10 + op)).append('\n');
            s.append(m).append(" ax,0x").append(Integer.toHexString(0x1234 + op)).append('\n');
            s.append(m).append(" byte ptr [di],0x").append(Integer.toHexString(0xf0 + op)).append('\n');
            s.append(m).append(" word ptr [si],0x").append(Integer.toHexString(0x8000 + op)).append('\n');
            s.append(".byte 0x82,0x").append(Integer.toHexString(0xc0 | op << 3 | op)).append(",0x").append(op)
                    .append('\n');
            s.append(m).append(" word ptr [bx],-").append(op + 1).append('\n');
        }
        return s.toString();
    }

    /** INC, DEC, PUSH and POP of each general register. */
    private static String registerForms(boolean code32) {
        StringBuilder s = new StringBuilder();
        for (String reg : List.of("ax", "cx", "dx", "bx", "sp", "bp", "si", "di")) {
            String r = code32 ? "e" + reg : reg;
            for (String m : List.of("inc", "dec", "push", "pop")) {
                s.append(m).append(' ').append(r).append('\n');
            }
        }
        return s.toString();
    }

    /** Group 2 (C0, C1, D0-D3) for every operation but the /6 alias. */
    private static String shiftForms() {
        StringBuilder s = new StringBuilder();
        for (String m : List.of("rol", "ror", "rcl", "rcr", "shl", "shr", "sar")) {
            s.append(m).append(" byte ptr [bx],0x3\n");
            s.append(m).append(" cx,0x5\n");
            s.append(m).append(" dl,1\n");
            s.append(m).append(" word ptr [bp+0x2],1\n");
            s.append(m).append(" byte ptr [si],cl\n");
            s.append(m).append(" di,cl\n");
        }
        return s.toString();
    }

    /** Jcc short and near, SETcc and CMOVcc for all sixteen conditions, in objdump's spelling. */
    private static String conditionCodeForms() {
        StringBuilder s = new StringBuilder();
        for (String cc : List.of("o", "no", "b", "ae", "e", "ne", "be", "a",
                "s", "ns", "p", "np", "l", "ge", "le", "g")) {
            s.append("j").append(cc).append(" .+0x10\n");
            s.append("j").append(cc).append(" .+0x1000\n");
            s.append("set").append(cc).append(" byte ptr [eax]\n");
            s.append("set").append(cc).append(" cl\n");
            s.append("cmov").append(cc).append(" eax,dword ptr [ecx]\n");
            s.append("cmov").append(cc).append(" dx,bx\n");
        }
        return s.toString();
    }

    /** Rows that objdump disassembles differently by design; see the class comment. */
    private static boolean checkedDirectlyOnly(Opcode row) {
        return row.mnemonic.equals("SALC") || row.mnemonic.equals("SAL") || row.mnemonic.equals("ESC");
    }

    // ---- comparison with objdump ------------------------------------------------------------

    @Test
    void matchesObjdumpIn16BitCode(@TempDir Path dir) {
        compare(reference(CODE16, false, dir), false);
    }

    @Test
    void matchesObjdumpIn32BitCode(@TempDir Path dir) {
        compare(reference(CODE32, true, dir), true);
    }

    @Test
    void referenceInstructionsCoverEveryTableRow(@TempDir Path dir) {
        Set<Opcode> covered = new HashSet<>();
        for (boolean code32 : new boolean[] {false, true}) {
            for (Reference ref : reference(code32 ? CODE32 : CODE16, code32, dir)) {
                Disassembly d = Disassembler.disassemble(ref.bytes, 0, code32, ref.address);
                if (d.opcode() != null) {
                    covered.add(d.opcode());
                }
            }
        }
        List<String> missing = OpcodeTable.rows().stream()
                .filter(row -> !covered.contains(row) && !checkedDirectlyOnly(row))
                .map(Opcode::toString)
                .toList();
        assertEquals(List.of(), missing, "table rows with no reference instruction");
    }

    private static void compare(List<Reference> refs, boolean code32) {
        List<Executable> checks = new ArrayList<>();
        for (Reference ref : refs) {
            Disassembly d = Disassembler.disassemble(ref.bytes, 0, code32, ref.address);
            String where = ref.source + "  [" + hexBytes(ref.bytes) + "], objdump: " + ref.objdump;
            String expected = normalize(ref.objdump, ref.bytes, code32);
            checks.add(() -> assertEquals(expected, d.text(), where));
            checks.add(() -> assertEquals(ref.bytes.length, d.length(), "length of " + where));
            checks.add(() -> assertEquals(ref.bytes.length, Disassembler.length(over(ref.bytes), 0, code32),
                    "length without the text of " + where));
        }
        assertAll(checks);
    }

    private static Disassembler.ByteSource over(byte[] bytes) {
        return i -> i >= 0 && i < bytes.length ? bytes[i] & 0xFF : -1;
    }

    @Test
    void theLengthWithoutTextIsTheLengthOfTheDisassemblyOrMinusOneForAnyBytes() {
        // What the block decoder relies on: Disassembler.length agrees with disassemble, valid
        // or not, on random byte strings of every length up to 15, in both code sizes.
        Random random = new Random(20261207);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(15)];
            random.nextBytes(bytes);
            if (n % 4 == 0) {
                bytes[0] = (byte) 0x0F; // the two-byte map often enough
            }
            boolean code32 = n % 2 == 0;
            Disassembly d = Disassembler.disassemble(bytes, 0, code32, 0);
            int expected = d.isValid() ? d.length() : -1;
            assertEquals(expected, Disassembler.length(over(bytes), 0, code32),
                    hexBytes(bytes) + (code32 ? " in 32-bit code: " : " in 16-bit code: ") + d.text());
        }
    }

    /** One instruction as objdump saw it. */
    private record Reference(String source, int address, byte[] bytes, String objdump) {
    }

    private static final Pattern OBJDUMP_LINE =
            Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(.*)$");

    /** Assembles {@code source} with {@code as --32}, disassembles it with objdump, one entry a line. */
    private static List<Reference> reference(List<String> source, boolean code32, Path dir) {
        String name = code32 ? "ref32" : "ref16";
        Path asm = dir.resolve(name + ".s");
        Path obj = dir.resolve(name + ".o");
        String text = ".intel_syntax noprefix\n" + (code32 ? ".code32\n" : ".code16\n")
                + String.join("\n", source) + "\n";
        try {
            Files.writeString(asm, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        run(List.of("as", "--32", "-o", obj.toString(), asm.toString()));
        String dump = run(List.of("objdump", "-d", "--insn-width=16",
                "-M", code32 ? "intel" : "intel,i8086", obj.toString()));
        List<Reference> refs = new ArrayList<>();
        for (String line : dump.split("\n")) {
            Matcher m = OBJDUMP_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String[] hex = m.group(2).trim().split(" ");
            byte[] bytes = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                bytes[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            int index = refs.size();
            String src = index < source.size() ? source.get(index) : "?";
            refs.add(new Reference(src, Integer.parseInt(m.group(1), 16), bytes, m.group(3)));
        }
        assertEquals(source.size(), refs.size(),
                "objdump should show one instruction per source line; its output:\n" + dump);
        return refs;
    }

    private static String run(List<String> command) {
        Processes.Result r;
        try {
            r = Processes.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(60));
        } catch (IOException e) {
            return fail("'" + command.get(0) + "' could not be started (" + e.getMessage()
                    + "). GNU binutils (as, objdump) are a build requirement of this project,"
                    + " as are gcc and make: install the binutils package.");
        }
        if (r.status() != 0) {
            return fail(String.join(" ", command) + " failed:\n" + r.stdout());
        }
        return r.stdout();
    }

    // ---- normalization of objdump's text (documented in the class comment) ------------------

    private static final List<String> PREFIX_ORDER = List.of("lock", "rep", "repe", "repne",
            "es", "cs", "ss", "ds", "fs", "gs", "data16", "data32", "addr16", "addr32");
    private static final Set<String> STRING_MNEMONICS =
            Set.of("movs", "cmps", "stos", "lods", "scas", "ins", "outs", "xlat");
    private static final Set<String> SIZED_BY_SUFFIX = Set.of("pusha", "popa", "pushf", "popf", "iret");
    private static final Pattern DISPLACEMENT_ONLY = Pattern.compile("\\b([cdefgs]s):(0x[0-9a-f]+)");
    private static final Pattern STRING_SIZE = Pattern.compile("\\b(byte|word|dword) ptr");
    private static final Pattern STRING_SOURCE = Pattern.compile("\\b([cdefgs]s):\\[e?(si|bx)\\]");
    private static final Pattern STRING_REGISTER = Pattern.compile("\\[(e?)(si|di|bx)\\]");

    static String normalize(String objdump, byte[] bytes, boolean code32) {
        String s = objdump.toLowerCase(Locale.ROOT).replaceAll("<[^>]*>", "").trim().replaceAll("\\s+", " ");
        List<String> words = new ArrayList<>(Arrays.asList(s.split(" ")));
        List<String> prefixes = new ArrayList<>();
        while (words.size() > 1 && PREFIX_ORDER.contains(words.get(0).replace("repz", "repe")
                .replace("repnz", "repne"))) {
            prefixes.add(words.remove(0).replace("repz", "repe").replace("repnz", "repne"));
        }
        String mnemonic = words.remove(0);
        String operands = String.join(" ", words);

        if (mnemonic.equals("fwait")) {
            mnemonic = "wait";
        }
        if (code32 && SIZED_BY_SUFFIX.contains(mnemonic)) {
            mnemonic = mnemonic + "d";
        } else if (code32 && mnemonic.endsWith("w") && SIZED_BY_SUFFIX.contains(chop(mnemonic))) {
            mnemonic = chop(mnemonic);
        }
        if (mnemonic.matches("[ls][gi]dt[wd]")) {
            boolean suffix32 = mnemonic.endsWith("d");
            if (suffix32 != code32) {
                prefixes.add(suffix32 ? "data32" : "data16");
            }
            mnemonic = chop(mnemonic);
        }
        if (mnemonic.equals("invlpg")) {
            operands = operands.replace("byte ptr ", "");
        }

        operands = DISPLACEMENT_ONLY.matcher(operands).replaceAll("$1:[$2]");
        if (!hasPrefix(bytes, 0x3E)) {
            operands = operands.replace("ds:[", "[");
        }
        operands = operands.replaceAll("\\+eiz\\*\\d", "").replaceAll("eiz\\*\\d\\+", "");

        if (STRING_MNEMONICS.contains(mnemonic)) {
            Matcher size = STRING_SIZE.matcher(operands);
            if (!mnemonic.equals("xlat") && size.find()) {
                mnemonic += size.group(1).substring(0, 1);
            }
            Matcher source = STRING_SOURCE.matcher(operands);
            if (source.find() && !source.group(1).equals("ds")) {
                prefixes.add(source.group(1));
            } else if (source.find(0) && source.group(1).equals("ds") && hasPrefix(bytes, 0x3E)) {
                prefixes.add("ds");
            }
            Matcher register = STRING_REGISTER.matcher(operands);
            if (register.find() && register.group(1).equals("e") != code32) {
                prefixes.add(code32 ? "addr16" : "addr32");
            }
            operands = "";
        }

        prefixes.sort((a, b) -> Integer.compare(PREFIX_ORDER.indexOf(a), PREFIX_ORDER.indexOf(b)));
        StringBuilder out = new StringBuilder();
        for (String prefix : new LinkedHashSet<>(prefixes)) {
            out.append(prefix).append(' ');
        }
        out.append(mnemonic);
        if (!operands.isEmpty()) {
            out.append(' ').append(operands);
        }
        return out.toString();
    }

    private static String chop(String s) {
        return s.substring(0, s.length() - 1);
    }

    /** True if {@code prefix} appears among the instruction's leading prefix bytes. */
    private static boolean hasPrefix(byte[] bytes, int prefix) {
        Set<Integer> prefixes = Set.of(0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v == prefix) {
                return true;
            }
            if (!prefixes.contains(v)) {
                return false;
            }
        }
        return false;
    }

    // ---- direct tests -------------------------------------------------------------------------

    @Test
    void undefinedOpcodesAndInvalidEncodingsAreBad() {
        assertBad(false, 0x0F, 0xFF);           // not in the table (0F 0B, UD2, is a real row)
        assertBad(true, 0x0F, 0xFF);
        assertBad(true, 0xFF, 0xFF);            // FF /7: no row in group 5
        assertBad(true, 0x0F, 0xBA, 0xC0, 1);   // 0F BA /4-/7 are BT..BTC, /0-/3 undefined
        assertBad(true, 0x0F, 0xBA, 0xD8, 1);
        assertBad(true, 0x8D, 0xC0);            // LEA Gv,M with a register operand
        assertBad(true, 0x0F, 0x01, 0xD0);      // LGDT M with a register operand
        assertBad(true, 0x8C, 0xF0);            // MOV Ev,Sw: segment register 6
        assertBad(true, 0x66, 0x0F, 0xFF);      // prefixes then an undefined opcode: length 1
    }

    @Test
    void truncatedInputReportsTheBytesAvailable() {
        assertTruncated(0, true);
        assertTruncated(1, true, 0x66);
        assertTruncated(3, false, 0x26, 0x66, 0xF3);
        assertTruncated(1, true, 0x0F);
        assertTruncated(3, true, 0x81, 0xC0, 0x01);        // ADD Ev,Iz needs four immediate bytes
        assertTruncated(2, true, 0x8B, 0x04);              // SIB byte missing
        assertTruncated(4, true, 0x8B, 0x04, 0x25, 0x10);  // SIB without base: disp32 cut short
        assertTruncated(4, false, 0x9A, 0x78, 0x56, 0x34); // CALL Ap: selector missing
        assertTruncated(2, false, 0xE9, 0x00);         // JMP Jz: rel16 cut short
        // A source whose memory ends, or fails, after two bytes.
        Disassembler.ByteSource twoBytes = i -> i < 2 ? 0x66 : -1;
        assertEquals(new Disassembly(2, "(truncated)", null), Disassembler.disassemble(twoBytes, 0, true, 0));
        Disassembler.ByteSource failing = i -> {
            if (i >= 1) {
                throw new IndexOutOfBoundsException(i);
            }
            return 0xB8;
        };
        assertEquals(new Disassembly(1, "(truncated)", null), Disassembler.disassemble(failing, 0, true, 0));
    }

    @Test
    void fifteenByteLimit() {
        // 14 prefixes and a one-byte opcode make 15 bytes: the longest legal instruction.
        byte[] fourteen = prefixed(14, 0x90);
        Disassembly ok = Disassembler.disassemble(fourteen, 0, true, 0);
        assertEquals(15, ok.length());
        assertEquals("data16 nop", ok.text());
        // 15 prefixes: #GP on the CPU, (bad) here, and the next byte starts the next attempt.
        byte[] fifteen = prefixed(15, 0x90);
        assertEquals(new Disassembly(1, "(bad)", null), Disassembler.disassemble(fifteen, 0, true, 0));
        assertEquals(15, Disassembler.disassemble(fifteen, 1, true, 1).length());
        // A run of prefixes longer than 15 is bad, not truncated, even where the bytes end.
        byte[] run = new byte[20];
        Arrays.fill(run, (byte) 0x26);
        assertEquals("(bad)", Disassembler.disassemble(run, 0, false, 0).text());
        // 13 prefixes and a 3-byte instruction exceed the limit too.
        assertEquals("(bad)", Disassembler.disassemble(prefixed(13, 0x83, 0xC0, 0x01), 0, true, 0).text());
        assertEquals(15, Disassembler.disassemble(prefixed(13, 0x01, 0xC0), 0, true, 0).length());
    }

    /** Rows objdump prints differently; expected text derived by hand from the row's notation. */
    @Test
    void rowsObjdumpDisagreesWith() {
        assertText("salc", false, 0xD6);                            // D6  SALC
        assertText("sal al,1", false, 0xD0, 0xF0);                  // D0 /6  SAL Eb,1
        assertText("sal dword ptr [eax],cl", true, 0xD3, 0x30);     // D3 /6  SAL Ev,CL
        assertText("sal word ptr [bx],0x3", false, 0xC1, 0x37, 3);  // C1 /6  SAL Ev,Ib
        assertText("esc word ptr [bx+si]", false, 0xD8, 0x00);      // D8  ESC Ev
        assertText("esc eax", true, 0xDF, 0xE0);
    }

    @Test
    void readsFromAnOffsetAndUsesTheAddressForJumps() {
        byte[] code = {(byte) 0x90, (byte) 0xEB, (byte) 0xFE, (byte) 0xE8, 0x00, (byte) 0x80};
        assertEquals(new Disassembly(2, "jmp 0x7c01", OpcodeTable.rows().stream()
                .filter(r -> r.code == 0xEB).findFirst().orElseThrow()),
                Disassembler.disassemble(code, 1, false, 0x7C01));
        // A 16-bit near call wraps within the 64 KiB segment: 0x0010 + 3 - 0x8000.
        assertEquals("call 0x8013", Disassembler.disassemble(code, 3, false, 0x0010).text());
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(386);
        for (int i = 0; i < 200_000; i++) {
            byte[] code = new byte[random.nextInt(18)];
            random.nextBytes(code);
            if (random.nextInt(4) == 0 && code.length > 0) {
                code[random.nextInt(code.length)] = 0x0F;
            }
            boolean code32 = random.nextBoolean();
            Disassembly d = Disassembler.disassemble(code, 0, code32, random.nextInt());
            assertNotNull(d.text());
            assertTrue(d.length() >= 0 && d.length() <= 15 && d.length() <= Math.max(code.length, 1),
                    () -> hexBytes(code) + " -> " + d);
            if (d.text().equals("(truncated)")) {
                assertEquals(code.length, d.length(), () -> hexBytes(code) + " -> " + d);
                assertNull(d.opcode());
            } else {
                assertTrue(d.length() >= 1, () -> hexBytes(code) + " -> " + d);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertBad(boolean code32, int... bytes) {
        assertEquals(new Disassembly(1, "(bad)", null), Disassembler.disassemble(bytes(bytes), 0, code32, 0),
                () -> hexBytes(bytes(bytes)));
    }

    private static void assertTruncated(int length, boolean code32, int... bytes) {
        assertEquals(new Disassembly(length, "(truncated)", null),
                Disassembler.disassemble(bytes(bytes), 0, code32, 0), () -> hexBytes(bytes(bytes)));
    }

    private static void assertText(String expected, boolean code32, int... bytes) {
        Disassembly d = Disassembler.disassemble(bytes(bytes), 0, code32, 0);
        assertEquals(expected, d.text(), () -> hexBytes(bytes(bytes)));
        assertEquals(bytes.length, d.length(), () -> hexBytes(bytes(bytes)));
    }

    private static byte[] prefixed(int count, int... rest) {
        byte[] code = new byte[count + rest.length];
        Arrays.fill(code, 0, count, (byte) 0x66);
        for (int i = 0; i < rest.length; i++) {
            code[count + i] = (byte) rest[i];
        }
        return code;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static String hexBytes(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        return s.toString();
    }

    /** Splits blocks of source text into one instruction per line, blank lines dropped. */
    private static List<String> lines(String... blocks) {
        return Stream.of(blocks).flatMap(String::lines).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
