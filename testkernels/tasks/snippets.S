/*
 * snippets.S -- the task side of the tasks kernel: code that runs as tasks A, B, C, E
 * (each entered by a task switch, each reporting into a record the C side checks), and
 * the main task's switch points (with markers in the registers the switch must save and
 * restore).
 */
#include "x86.h"

/* QEMU 7.2's TCG loses EFLAGS across a task switch unless the flags were last set by
   POPF (it neither brings its lazily computed flags up to date before saving EFLAGS into
   the old TSS nor drops them after loading the new TSS's EFLAGS). The Intel manual's
   behaviour does not depend on that, so every switch below is preceded by a POPF: the
   checks stay architectural and QEMU gets them right. */
#define SYNC_FLAGS pushfl; popfl

        .text
#define FN(name) .globl name; .type name, @function; name:
#define AT(label) .globl label; label:

/* Copies the current task's view into the record at \rec: EAX ECX EDX EBX ESP EBP ESI EDI
   (words 0-7), EFLAGS (8), TR (9), CR0 (10), CS SS DS ES FS GS (11-16), and the high
   words of the GDT descriptors 5-9 (17-21: their type holds the busy bit). Changes EAX
   (after recording it) and the flags. */
.macro REPORT rec
        movl    %eax, \rec + 0
        movl    %ecx, \rec + 4
        movl    %edx, \rec + 8
        movl    %ebx, \rec + 12
        movl    %esp, \rec + 16
        movl    %ebp, \rec + 20
        movl    %esi, \rec + 24
        movl    %edi, \rec + 28
        pushfl
        popl    \rec + 32
        xorl    %eax, %eax
        strw    %ax
        movl    %eax, \rec + 36
        movl    %cr0, %eax
        movl    %eax, \rec + 40
        xorl    %eax, %eax
        movw    %cs, %ax
        movl    %eax, \rec + 44
        movw    %ss, %ax
        movl    %eax, \rec + 48
        movw    %ds, %ax
        movl    %eax, \rec + 52
        movw    %es, %ax
        movl    %eax, \rec + 56
        movw    %fs, %ax
        movl    %eax, \rec + 60
        movw    %gs, %ax
        movl    %eax, \rec + 64
        movl    gdt + 5 * 8 + 4, %eax
        movl    %eax, \rec + 68
        movl    gdt + 6 * 8 + 4, %eax
        movl    %eax, \rec + 72
        movl    gdt + 7 * 8 + 4, %eax
        movl    %eax, \rec + 76
        movl    gdt + 8 * 8 + 4, %eax
        movl    %eax, \rec + 80
        movl    gdt + 9 * 8 + 4, %eax
        movl    %eax, \rec + 84
.endm

/* Task A: entered by JMP (first time from its TSS's initial state). It reports, sets
   known values in its registers, and JMPs back to the main task. Entered again (through
   the task gate) it resumes after that JMP: it counts, and JMPs back again. */
FN(task_a)
        REPORT  rec_a
        movl    $0xA0A0A0A0, %eax
        movl    $0xA1A1A1A1, %ebx
        SYNC_FLAGS
        ljmp    $SEL_TSS, $0
AT(task_a_resumed)
        incl    a_resumed
        REPORT  rec_a2
        SYNC_FLAGS
        ljmp    $SEL_TSS, $0
        jmp     task_a_resumed

/* Task B: entered by CALL. Reports (NT should be set), counts, returns by IRET (to the
   back-linked task); entered again it resumes after the IRET and does the same. */
FN(task_b)
        REPORT  rec_b
        incl    b_count
        movl    $0xB0B0B0B0, %eax
        SYNC_FLAGS
        iretl
AT(task_b_after_iret)
        jmp     task_b

/* Task C: entered through a task gate in the IDT by INT 0x40. */
FN(task_c)
        REPORT  rec_c
        incl    c_count
        SYNC_FLAGS
        iretl
        jmp     task_c

/* Task E: the #GP handler, through a task gate in the IDT. The error code is on its
   stack. It records the error code and the faulting task's saved EIP, makes that task
   skip the faulting instruction (a 2-byte MOV Sreg), and returns by IRET. */
FN(task_e)
        REPORT  rec_e
        popl    e_error_code
        movl    runtime_tss + 0x20, %eax        /* the main task's saved EIP */
        movl    %eax, e_saved_eip
        addl    $2, runtime_tss + 0x20
        incl    e_count
        SYNC_FLAGS
        iretl
        jmp     task_e

/* Main task: void main_jmp(uint32_t selector), void main_call(uint32_t selector). They
   put markers in EBX, ESI, EDI, EBP, FS and CF, switch away, and on return record those
   registers into rec_main_back (the task switch back must restore them from the TSS). */
.macro SWITCH insn, back
        pushl   %ebp
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        movl    20(%esp), %eax
        movw    %ax, far_ptr + 4
        movw    $SEL_UDATA, %ax
        movw    %ax, %fs
        movl    $0x3B3B3B3B, %ebx
        movl    $0x35353535, %esi
        movl    $0x3D3D3D3D, %edi
        movl    $0x3E3E3E3E, %ebp
        pushl   $(EFL_FIXED | EFL_CF)   /* CF set, through POPF: see SYNC_FLAGS */
        popfl
        \insn   *far_ptr
AT(\back)
        movl    $0, %eax                        /* keeps CF */
        setc    %al
        movl    %eax, rec_main_back + 0
        movl    %ebx, rec_main_back + 4
        movl    %esi, rec_main_back + 8
        movl    %edi, rec_main_back + 12
        movl    %ebp, rec_main_back + 16
        pushfl
        popl    rec_main_back + 20
        movw    %fs, %ax
        movl    %eax, rec_main_back + 24
        movw    $SEL_KDATA, %ax
        movw    %ax, %fs
        popl    %edi
        popl    %esi
        popl    %ebx
        popl    %ebp
        ret
.endm

FN(main_jmp)
        SWITCH  ljmp, main_jmp_back
FN(main_call)
        SWITCH  lcall, main_call_back

/* INT 0x40 (a task gate in the IDT) from the main task. */
FN(main_int40)
        SYNC_FLAGS
        int     $0x40
        ret

/* A #GP in the main task: MOV DS with a selector beyond the GDT limit (2 bytes). */
FN(main_gp)
        movw    $SEL(40, 0), %ax
        SYNC_FLAGS
AT(main_gp_insn)
        movw    %ax, %ds
        movw    $SEL_KDATA, %ax
        movw    %ax, %ds
        ret

        .data
        .balign 4
        .globl  rec_a, rec_a2, rec_b, rec_c, rec_e, rec_main_back
        .globl  a_resumed, b_count, c_count, e_count, e_error_code, e_saved_eip
rec_a:          .space  88
rec_a2:         .space  88
rec_b:          .space  88
rec_c:          .space  88
rec_e:          .space  88
rec_main_back:  .space  28
a_resumed:      .long   0
b_count:        .long   0
c_count:        .long   0
e_count:        .long   0
e_error_code:   .long   0
e_saved_eip:    .long   0
far_ptr:        .long   0
                .word   0
