/*
 * keeper -- a stand-in for RS as a signal manager, for the debugger's tests (`crash LABEL`):
 * it reports each signal its processes get on the console and lets them run on (ENDKSIG).
 *
 *   process keeper { program keeper.elf  system BASIC GETKSIG ENDKSIG }
 *   process hello  { program sleeper.elf  sigmgr keeper }
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>

#include "../common/ktest.h"

int main(void)
{
    message m;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_source != SYSTEM) {
            continue;
        }
        int ep;
        uint32_t set;
        while (sys_getksig(&ep, &set) == OK && ep != NONE) {
            proc_info p = proc_of(ep);
            for (int s = 1; s < NSIG; s++) {
                if (set & (1u << s)) {
                    printf("%s got signal %d\n", p.name, s);
                }
            }
            sys_endksig(ep);
        }
    }
}
