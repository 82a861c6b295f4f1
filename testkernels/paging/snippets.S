/*
 * snippets.S -- ring-3 accesses for the paging kernel. Each loads DS (the IRET to ring 3
 * nulled it), then reads or writes the address in u_addr; the faulting instruction has a
 * label. EAX holds what a read got.
 */
#include "x86.h"

        .text
#define FN(name) .globl name; .type name, @function; name:
#define AT(label) .globl label; label:

FN(u_read)
        movw    $SEL_UDATA, %ax
        movw    %ax, %ds
        movl    u_addr, %ebx
AT(u_read_insn)
        movl    (%ebx), %eax
        int     $VEC_EXIT

FN(u_write)
        movw    $SEL_UDATA, %ax
        movw    %ax, %ds
        movl    u_addr, %ebx
AT(u_write_insn)
        movl    $0x600DF00D, (%ebx)
        int     $VEC_EXIT

        .data
        .balign 4
        .globl  u_addr
u_addr: .long   0
