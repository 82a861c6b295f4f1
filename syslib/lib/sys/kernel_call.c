#include <minix/syslib.h>

/* int KERNEL_CALL_VECTOR with EAX = &message; the result comes back in m->m_type. The
   kernel preserves the registers, but EAX is declared clobbered all the same: it costs
   nothing and does not rest the library on the kernel keeping the register it was given
   an address in. "memory": the kernel writes the message. */
int _kernel_call(int call, message *m)
{
    message *eax = m;

    m->m_type = call;
    __asm__ volatile("int %[vec]"
                     : "+a"(eax)
                     : [vec] "i"(KERNEL_CALL_VECTOR)
                     : "memory");
    return m->m_type;
}
