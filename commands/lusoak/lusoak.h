/*
 * lusoak.h -- the parts of the live-update soak (lusoak.c says what it does).
 */
#ifndef LUSOAK_H
#define LUSOAK_H

#include "../include/luclient.h"   /* first: see svcclient.h */
#include <stdint.h>

/* The two versions the soak updates between, and their programs. */
#define LUSOAK_V1_PROGRAM "lusvc.elf"
#define LUSOAK_V2_PROGRAM "lusvc2.elf"

struct updater_config {
    const char *label;
    int updates;              /* how many updates, alternating between the two versions */
    int endpoint;             /* the service's endpoint: every update must keep it */
    int first_version;        /* the version running when the soak starts (1 or 2) */
    uint32_t updates_before;  /* the table's update count when the soak starts */
};

/* The client's copy of one entry (the service's struct lusvc_entry). */
struct lu_entry {
    int32_t value;
    int32_t seq;
    uint32_t writes;
};

/* A small seeded random number generator (xorshift32) for the keys. */
static inline uint32_t soak_rand(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9E3779B9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Runs in the soak's main process: the updates, each followed by one COUNT request (so the
   client knows exactly how many requests the updater made: cfg->updates). Prints a summary
   line; returns the number of problems. */
int updater_run(const struct updater_config *cfg);

#endif
