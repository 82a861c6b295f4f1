/*
 * ps [-u | -x] -- the process table (PM's PROCINFO, with the kernel's state and priority,
 * and VM's memory count), sorted by pid:
 *
 *     PID  ENDPT LABEL      STATE          PRI   MEM CMD
 *       0     -3 -          run              0     - (clock)
 *       3      1 vfs        recv(ANY)        4   380 vfs
 *      11  36571 -          wait             7    40 sh
 *
 * PID 0 rows are kernel tasks (CMD in parentheses). LABEL is the service's label in DS for
 * a system process, "-" for a user process. STATE is what the process waits for: run
 * (runnable), send(X) / recv(X) / sendrec(X) (IPC with X: a name, ANY or an endpoint),
 * wait (in waitpid), pause, sigsusp, pgfault, stopped, zombie, exiting. PRI is the kernel's
 * scheduling queue (0 is the highest). MEM: the KiB of memory VM has given the process
 * (its present pages; VM_INFO for that endpoint). -u: user processes only. -x: STATE
 * shows PROCINFO's raw pm_state/k_state/send_to/get_from in hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minix/ds.h>
#include <minix/pm.h>
#include <minix/vm.h>

#define MAX_ENTRIES 300
static proc_entry tab[MAX_ENTRIES];

static int n_entries;

/* A short name for an endpoint the process waits for: ANY, a label/name from the table, or
   the number. */
static void peer_name(int ep, char *buf, size_t size)
{
    if (ep == PE_ANY) {
        snprintf(buf, size, "ANY");
        return;
    }
    for (int i = 0; i < n_entries; i++) {
        if (tab[i].endpoint == ep) {
            snprintf(buf, size, "%s", tab[i].name);
            return;
        }
    }
    snprintf(buf, size, "%d", ep);
}

/* The STATE column: what the process waits for, with whom for IPC ("recv(ANY)",
   "sendrec(vfs)"). */
static void state_of(const proc_entry *e, char *buf, size_t size)
{
    uint32_t k = e->k_state;
    char peer[20];
    const char *what = NULL;

    if (e->pm_state & PSF_ZOMBIE)
        what = "zombie";
    else if (e->pm_state & PSF_EXITING)
        what = "exiting";
    else if (e->pm_state & PSF_WAITING)
        what = "wait";
    else if (e->pm_state & PSF_PAUSED)
        what = "pause";
    else if (e->pm_state & PSF_SIGSUSPENDED)
        what = "sigsusp";
    else if (k & PROC_STOPPED)
        what = "stopped";
    else if (k & (PROC_PAGEFAULT | PROC_VMREQUEST | PROC_VMINHIBIT))
        what = "pgfault";
    else if (k & PROC_SIGNALED)
        what = "signal";
    if (what != NULL) {
        snprintf(buf, size, "%s", what);
        return;
    }
    if ((k & PROC_SENDING) && e->send_to != PE_NONE) {
        peer_name(e->send_to, peer, sizeof peer);
        snprintf(buf, size, "%s(%s)", (k & PROC_RECEIVING) ? "sendrec" : "send", peer);
    } else if ((k & PROC_RECEIVING) && e->get_from != PE_NONE) {
        peer_name(e->get_from, peer, sizeof peer);
        snprintf(buf, size, "recv(%s)", peer);
    } else if (k & (PROC_SENDING | PROC_RECEIVING)) {
        snprintf(buf, size, "%s", (k & PROC_SENDING) ? "send" : "recv");
    } else {
        snprintf(buf, size, "run");
    }
}

/* Kernel tasks first (by endpoint), then by pid: a restarted driver moves down the list. */
static int by_pid(const void *a, const void *b)
{
    const proc_entry *x = a, *y = b;

    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return x->endpoint < y->endpoint ? -1 : x->endpoint > y->endpoint;
}

int main(int argc, char *argv[])
{
    int n, total, users_only = 0, raw = 0;

    if (argc == 2 && strcmp(argv[1], "-u") == 0)
        users_only = 1;
    else if (argc == 2 && strcmp(argv[1], "-x") == 0)
        raw = 1;
    else if (argc != 1) {
        fprintf(stderr, "usage: ps [-u | -x]\n");
        return 1;
    }
    n = getprocinfo(tab, MAX_ENTRIES, &total);
    if (n < 0) {
        perror("ps: getprocinfo");
        return 1;
    }
    qsort(tab, (size_t)n, sizeof tab[0], by_pid);
    n_entries = n;
    printf("%5s %6s %-10s %-14s %3s %5s %s\n", "PID", "ENDPT", "LABEL", "STATE", "PRI", "MEM", "CMD");
    for (int i = 0; i < n; i++) {
        const proc_entry *e = &tab[i];
        char label[17] = "-", mem[16] = "-", cmd[20], state[32];
        vm_stats vs;
        int system = e->pm_state & (PSF_TASK | PSF_SYSTEM);

        if (users_only && system)
            continue;
        if (e->pm_state & PSF_SYSTEM) {
            if (ds_retrieve_label_name(e->endpoint, label, sizeof label) != 0)
                snprintf(label, sizeof label, "%.15s", e->name);
        }
        if (!(e->pm_state & (PSF_TASK | PSF_ZOMBIE)) && vm_info_proc(e->endpoint, &vs) == 0)
            snprintf(mem, sizeof mem, "%u", (unsigned)(vs.proc_pages * (PAGE_SIZE / 1024)));
        if (e->pm_state & PSF_TASK)
            snprintf(cmd, sizeof cmd, "(%.15s)", e->name);
        else
            snprintf(cmd, sizeof cmd, "%.15s", e->name);
        state_of(e, state, sizeof state);
        if (raw)                /* PROCINFO's fields as they came, for debugging */
            snprintf(state, sizeof state, "%x/%x/%x/%x", (unsigned)e->pm_state,
                     (unsigned)e->k_state, (unsigned)e->send_to, (unsigned)e->get_from);
        printf("%5d %6d %-10s %-14s %3d %5s %s\n", e->pid, e->endpoint, label, state,
               e->priority, mem, cmd);
    }
    if (total > n)
        printf("(%d more not shown)\n", total - n);
    return 0;
}
