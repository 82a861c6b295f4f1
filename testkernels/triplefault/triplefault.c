/*
 * triplefault -- an exception while the CPU delivers a double fault shuts the machine
 * down (a "triple fault").
 *
 * How: the #DE gate is marked not present, and the #DF gate names a code segment that is
 * not present. A DIV by zero raises #DE; delivering it raises #NP (gate not present);
 * #DE then #NP, both contributory, gives #DF; delivering #DF raises #NP again (its code
 * segment is not present) -- a fault while delivering a double fault: shutdown.
 *
 * Expected: the lines up to "about to triple-fault" and nothing after. QEMU with
 * -no-reboot exits with status 0; minix-emu exits with status 3 and prints
 * "minix-emu: triple fault: the machine shut down". If the machine is still running
 * afterwards the kernel says so and exits through isa-debug-exit with status 5.
 */
#include "runtime.h"

const char test_name[] = "triplefault";

enum { G_NP_CODE = GDT_FIRST_FREE };

void test_main(void)
{
    gdt_set_seg(G_NP_CODE, 0, 0xFFFFF, ACC_CODE_XR, FLG_G | FLG_DB);    /* P = 0 */
    idt_set_present(VEC_DE, 0);
    idt_set_gate(VEC_DF, SEL(G_NP_CODE, 0), idt_stub(VEC_DF), SYS_INTGATE32, 0);
    check(!desc_present(idt[VEC_DE]), "the #DE gate is not present");
    check(desc_present(idt[VEC_DF]) && !desc_present(gdt[G_NP_CODE]),
          "the #DF gate names a not-present code segment");
    printf("triplefault: about to triple-fault (#DE -> #NP -> #DF -> #NP: shutdown)\n");

    /* In assembly: gcc may compile a C division by a known-or-not zero into a compare. */
    __asm__ volatile("xorl %%ecx, %%ecx; movl $1, %%eax; xorl %%edx, %%edx; divl %%ecx"
                     : : : "eax", "ecx", "edx");

    printf("FAIL the machine is still running after the triple fault\n");
    poweroff_fail(2);
}
