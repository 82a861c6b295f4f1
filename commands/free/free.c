/*
 * free -- memory totals from VM (VM_INFO), in KiB:
 *          total      used      free    shared
 *   Mem:   65536     12345     53191        48
 * plus VM's counters (copy-on-write copies, zero fills, page faults) and the largest free
 * run, which says how big a single allocation can be.
 */
#include <stdio.h>
#include <string.h>
#include <minix/vm.h>

#define KIB(pages) ((unsigned long)(pages) * (PAGE_SIZE / 1024))

int main(int argc, char *argv[])
{
    vm_stats st;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: free\n");
        return 1;
    }
    memset(&st, 0, sizeof st);
    if (vm_info(&st) < 0) {
        perror("free: vm_info");
        return 1;
    }
    printf("%14s %9s %9s %9s   (KiB)\n", "total", "used", "free", "shared");
    printf("Mem: %9lu %9lu %9lu %9lu\n", KIB(st.total_pages),
           KIB(st.total_pages - st.free_pages), KIB(st.free_pages), KIB(st.shared_pages));
    printf("largest free run %lu KiB; %u processes; %u page faults, %u copy-on-write copies, "
           "%u zero fills\n", KIB(st.largest_free), (unsigned)st.processes,
           (unsigned)st.page_faults, (unsigned)st.cow_copies, (unsigned)st.zero_fills);
    return 0;
}
