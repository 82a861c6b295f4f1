# Prints what the loader passed: magic, command line, modules (string and contents), mem_lower.
# Then isa-debug-exit with 0x7F: exit status 255. The output does not depend on where the
# loader put things, so it can be compared with QEMU's.
        .include "common.inc"
_start:
        mov $stack_top, %esp
        mov %eax, %edi              # the magic
        mov %ebx, %ebp              # the information structure
        mov $s_magic, %esi
        call com1_puts
        mov %edi, %eax
        call com1_hex
        mov $s_cmdline, %esi
        call com1_puts
        mov 16(%ebp), %esi
        call com1_puts
        mov $s_mods, %esi
        call com1_puts
        mov 20(%ebp), %ecx
        mov %ecx, %eax
        call com1_hex
        mov 24(%ebp), %ebx
1:      test %ecx, %ecx
        jz 3f
        mov $s_mod, %esi
        call com1_puts
        mov 8(%ebx), %esi           # the module's string
        call com1_puts
        mov $s_colon, %esi
        call com1_puts
        mov 0(%ebx), %esi           # its contents, mod_start to mod_end
2:      cmp 4(%ebx), %esi
        jae 4f
        lodsb
        call com1_putc
        jmp 2b
4:      add $16, %ebx
        dec %ecx
        jmp 1b
3:      mov $s_mem, %esi
        call com1_puts
        mov 4(%ebp), %eax
        call com1_hex
        mov $'\n', %al
        call com1_putc
        mov $0x7F, %al
        out %al, $0xF4
5:      jmp 5b
s_magic:   .asciz "magic="
s_cmdline: .asciz "\ncmdline="
s_mods:    .asciz "|\nmods="
s_mod:     .asciz "\nmodule "
s_colon:   .asciz ": "
s_mem:     .asciz "\nmem_lower="
