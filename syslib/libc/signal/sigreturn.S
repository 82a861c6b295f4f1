/*
 * sigreturn.S -- __sigreturn, the trampoline every signal handler returns into.
 *
 * The kernel's SIGSEND left, below the interrupted stack, a struct sigcontext and the
 * handler's frame [return address = __sigreturn][signo][sigcontext *]. The handler's
 * ret popped the return address, so here ESP points at [signo][sigcontext *].
 *
 * All that needs assembly is reaching C with the sigcontext as argument and an aligned
 * stack below the frame (which stays intact for PM and the kernel to read);
 * __libc_sigreturn (sigreturn.c) sends SIGRETURN and never returns.
 */
        .text
        .globl  __sigreturn
        .type   __sigreturn, @function
__sigreturn:
        movl    4(%esp), %eax           /* the sigcontext */
        andl    $-16, %esp
        subl    $12, %esp
        pushl   %eax
        call    __libc_sigreturn
        ud2
        .size   __sigreturn, . - __sigreturn

        .section .note.GNU-stack, "", @progbits
