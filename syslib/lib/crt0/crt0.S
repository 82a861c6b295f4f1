/*
 * crt0.S -- process entry point of every guest program.
 *
 * The kernel's ELF loader starts every program with this stack (i386 System V layout),
 * ESP 16-byte aligned:
 *
 *     ESP ->  argc
 *             argv[0] ... argv[argc-1], NULL
 *             envp[0] ... NULL

 *             (the strings, above)
 *
 * The alignment code below is kept anyway: it costs two instructions, and gcc's
 * assumption of an aligned stack at each call must not rest on the loader alone.
 */

        .text
        .globl  _start
        .type   _start, @function
_start:
        /* EBP = 0 ends the frame-pointer chain for debuggers and backtraces. */
        xorl    %ebp, %ebp

        movl    (%esp), %eax            /* argc */
        leal    4(%esp), %ecx           /* argv */
        leal    8(%esp,%eax,4), %edx    /* envp = argv + argc + 1 */
#ifdef USER_CRT0
        /* User programs: libc's getenv and execv/execvp read the environment from environ. */
        movl    %edx, environ
#endif

        /* gcc assumes a 16-byte aligned stack at each call; align here whatever ESP
           the loader gave. 4 bytes of padding + 3 arguments = 16. */
        andl    $-16, %esp
        subl    $4, %esp
        pushl   %edx
        pushl   %ecx
        pushl   %eax
        call    main

        /* main's return value is the exit status; reuse the argc slot. */
        movl    %eax, (%esp)
        call    _exit

        /* _exit never returns. If it does, trap (#UD) rather than run off into
           whatever follows. */
        ud2
        .size   _start, . - _start

/* No executable stack (otherwise ld warns, and our link treats warnings as errors). */
        .section .note.GNU-stack, "", @progbits
