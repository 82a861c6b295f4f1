/*
 * rssoak.h -- the parts of the crash-recovery soak (rssoak.c says what it does).
 */
#ifndef RSSOAK_H
#define RSSOAK_H

#include "../include/svcclient.h"   /* first: see there */
#include <stdint.h>

/* How long one request may take to be answered, retries included, before the soak gives up
   on it: longer than any recovery RS documents (hang detection 2 x period, the back-off of
   at most 30 s, the restart itself). In clock ticks (CLOCKS_PER_SEC a second). */
#define REQUEST_LIMIT_SECONDS 120

/* --- client.c: one client of the test service, with the retry rule ------------------------ */

struct client {
    const char *label;        /* the service's label in DS */
    int endpoint;             /* where we send: the endpoint DS gave us last */
    int32_t next_seq;         /* the next request's sequence number */
    int last_answerer;        /* the instance that answered the last request */
    unsigned long requests;   /* requests answered */
    unsigned long retries;    /* sends that failed with EDEADSRCDST and were made again */
    unsigned long lookups;    /* DS lookups after the first */
    unsigned long waits;      /* one-second waits for RS to publish a new instance */
    unsigned long passed;     /* requests answered exactly once, with their own number */
    unsigned long failed;     /* requests lost, answered wrongly, or refused */
};

/* Looks the label up for the first time; OK or the DS error. */
int client_start(struct client *c, const char *label, int32_t first_seq);
/* Sends request next_seq until it is answered, under the retry rule. OK when answered
   (correctly or not: passed/failed say), else the error that ended it (counted failed). */
int client_request(struct client *c);

/* --- crasher.c: the child that crashes the service ---------------------------------------- */

struct soak_config {
    const char *label;
    int crashes;              /* how many crashes */
    uint32_t seed;            /* for the delays before each crash */
    int max_delay;            /* ticks: each crash comes 1..max_delay ticks after a recovery */
    int kinds[5];             /* the RS_FI_* kinds, used in turn */
    int nkinds;
    int think;                /* loop iterations of work between two of the client's requests */
};

/* Requests (with c) until an instance other than old answers: the service is back after
   old's crash. OK, or the error that ended a request. */
int wait_for_instance(struct client *c, int old);

/* Runs in the forked child: crashes the service cfg->crashes times, each after it has come
   back. Returns the exit status: the number of problems (at most 255), 0 if none. */
int crasher_run(const struct soak_config *cfg);

/* --- census.c: what must be the same before and after ------------------------------------- */

struct census {
    uint32_t processes;       /* processes VM knows */
    uint32_t free_pages;      /* VM's free pages */
    int ds_entries;           /* entries in DS, every type */
    int grant_slots;          /* our own grant table's size */
};

/* OK, or the first error. */
int census_take(struct census *c);

/* --- a small seeded random number generator (xorshift32) ----------------------------------- */

static inline uint32_t soak_random(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9E3779B9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

#endif
