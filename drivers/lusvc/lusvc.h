/*
 * lusvc.h -- the live-update test service's parts (lusvc.c says what it does).
 *
 * One source, three programs: lusvc (version 1), lusvc2 (version 2) and lusvcbad (version 3,
 * built with -DFAIL_INIT: its live-update init fails after it has copied and checked the
 * state, so RS must roll back). drivers/lusvc2/lusvc2.c and drivers/lusvcbad/lusvcbad.c
 * define the macros below and include this folder's .c files; nothing is copied.
 */
#ifndef LUSVC_H
#define LUSVC_H

#include <minix/abi.h>
#include <stdint.h>

/* The version every reply carries (m7_i1). */
#ifndef LUSVC_VERSION
#define LUSVC_VERSION 1
#endif

/* How long the new version's init waits before it takes the state over (lu.c says why). */
#define LUSVC_LU_DELAY_TICKS 1

/* "LUSV": the first word of a saved state. */
#define LUSVC_STATE_MAGIC 0x5653554Cu

struct lusvc_entry {
    int32_t value;
    int32_t seq;          /* the sequence number of the set that wrote it */
    uint32_t writes;      /* how many sets wrote it (0: never written) */
};

/* Everything the service knows. A live update hands the whole struct to the new version:
   the old one grants it (read-only) in its state_save callback, the new one copies it in its
   init callback (lu.c). The layout is the same in every version (one source). */
struct lusvc_state {
    uint32_t magic;               /* LUSVC_STATE_MAGIC */
    uint32_t size;                /* sizeof(struct lusvc_state) */
    uint32_t saved_by;            /* the version that saved it */
    int32_t saved_in;             /* the live-update state it was saved in */
    uint32_t served;              /* requests answered (COUNT i5 of every reply) */
    uint32_t sets;                /* sets applied, commits included */
    uint32_t updates;             /* live updates the table went through */
    uint32_t open_at_lu_workfree; /* updates that carried an open transaction, WORK_FREE */
    uint32_t open_at_lu_other;    /* the same in any other state: must stay 0 */
    struct {
        int32_t open;             /* a BEGIN is waiting for its COMMIT */
        int32_t key;
        int32_t seq;
        int32_t version;          /* the version that answered the BEGIN */
    } txn;
    struct lusvc_entry table[LUSVC_NR_ENTRIES];
    uint32_t checksum;            /* over everything above; set by state_save */
};

extern struct lusvc_state st;

/* lu.c: the SEF callbacks (init of every type, live update). */
void lu_register(void);
/* A state_save whose update did not happen (cancelled or rolled back): revoke its grant.
   Harmless when nothing is outstanding. */
void lu_forget_saved(void);
int lu_saved_pending(void);
uint32_t lusvc_checksum(const struct lusvc_state *s);

#endif
