/*
 * exec.S -- runs one fuzz record's instruction: loads every general register and the
 * arithmetic flags from fuzz_in, jumps to the instruction in fuzz_code (which fuzz.c ends
 * with a JMP to fuzz_return), and stores what the instruction left in fuzz_out.
 *
 * fuzz_in and fuzz_out: EAX ECX EDX EBX ESP EBP ESI EDI EFLAGS, one dword each.
 */

        .data
        .balign 4
        .globl  fuzz_in, fuzz_out
fuzz_in:
        .space  36
fuzz_out:
        .space  36
kernel_esp:
        .long   0

/* The execution buffer has a page of its own: QEMU discards its translations of a page
   whenever the page is written, and nothing else should share that fate. */
        .section .bss.fuzz_code, "aw", @nobits
        .balign 4096
        .globl  fuzz_code
fuzz_code:
        .space  4096

        .text
/* void fuzz_exec(void): called through expect_fault(), which restores the callee-saved
   registers, the segment registers and ESP itself if the instruction faults. */
        .globl  fuzz_exec
        .type   fuzz_exec, @function
fuzz_exec:
        pushl   %ebp
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        movl    %esp, kernel_esp
        pushl   fuzz_in + 32
        popfl                           /* from here on only MOV and JMP: no flag changes */
        movl    fuzz_in + 0, %eax
        movl    fuzz_in + 4, %ecx
        movl    fuzz_in + 8, %edx
        movl    fuzz_in + 12, %ebx
        movl    fuzz_in + 20, %ebp
        movl    fuzz_in + 24, %esi
        movl    fuzz_in + 28, %edi
        movl    fuzz_in + 16, %esp
        jmp     fuzz_code

        .globl  fuzz_return
fuzz_return:
        movl    %esp, fuzz_out + 16
        movl    kernel_esp, %esp
        pushfl
        popl    fuzz_out + 32
        cld
        movl    %eax, fuzz_out + 0
        movl    %ecx, fuzz_out + 4
        movl    %edx, fuzz_out + 8
        movl    %ebx, fuzz_out + 12
        movl    %ebp, fuzz_out + 20
        movl    %esi, fuzz_out + 24
        movl    %edi, fuzz_out + 28
        popl    %edi
        popl    %esi
        popl    %ebx
        popl    %ebp
        ret
        .size   fuzz_exec, . - fuzz_exec

        .section .note.GNU-stack, "", @progbits
