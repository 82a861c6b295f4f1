/*
 * canary -- args @kfuzz: the bystander of the kernel fuzz test. It keeps a 64 KiB buffer
 * with a checksum per 4 KiB chunk, wakes on an alarm every INTERVAL clock ticks, and counts
 * its loops (each receive it comes back from) in each interval of the uptime. It answers
 * every message at once (with SENDNB, so a message that wants no answer costs nothing).
 * When kfuzz says it is done, it checks the whole buffer and that it ran in every interval
 * since it started, prints
 *     canary: memory intact, ran in N of N intervals
 * (or what went wrong), and powers the machine off with status 0 only if both held.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"

#define WORDS (0x10000 / 4)
#define CHUNK_WORDS (0x1000 / 4)
#define CHUNKS (WORDS / CHUNK_WORDS)
#define INTERVAL 2 /* clock ticks */

static uint32_t buffer[WORDS];
static uint32_t sums[CHUNKS];

static uint32_t chunk_sum(int c)
{
    uint32_t sum = 0x811C9DC5u;
    for (int i = c * CHUNK_WORDS; i < (c + 1) * CHUNK_WORDS; i++) {
        sum = (sum ^ buffer[i]) * 16777619u;
    }
    return sum;
}

static uint32_t uptime(void)
{
    uint32_t user, sys, now = 0;
    sys_times(SELF, &user, &sys, &now);
    return now;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        panic("usage: canary @kfuzz");
    }
    int kfuzz_ep = arg_ep(argc, argv, 1);

    uint32_t x = 0xC0FFEE11u;
    for (int i = 0; i < WORDS; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buffer[i] = x;
    }
    for (int c = 0; c < CHUNKS; c++) {
        sums[c] = chunk_sum(c);
    }

    uint32_t start = uptime();
    uint32_t interval = 0, ran = 1, missed = 0, loops = 0, min_loops = 0xFFFFFFFFu, max_loops = 0;
    int next_chunk = 0, bad_chunk = -1;
    message m;
    int status;

    sys_setalarm(start + INTERVAL, 1);
    for (;;) {
        int r = ipc_receive(ANY, &m, &status);
        uint32_t k = (uptime() - start) / INTERVAL;
        if (k != interval) {
            if (loops < min_loops) {
                min_loops = loops;
            }
            if (loops > max_loops) {
                max_loops = loops;
            }
            missed += k - interval - 1;
            ran++;
            interval = k;
            loops = 0;
        }
        loops++;
        if (r != OK) {
            continue;
        }
        if (m.m_source == CLOCK && m.m_type == NOTIFY_MESSAGE) {
            if (chunk_sum(next_chunk) != sums[next_chunk] && bad_chunk < 0) {
                bad_chunk = next_chunk;
            }
            next_chunk = (next_chunk + 1) % CHUNKS;
            sys_setalarm(start + (k + 1) * INTERVAL, 1);
            continue;
        }
        if (m.m_source == kfuzz_ep && m.m_type == FUZZ_DONE && (uint32_t)m.m2_l1 == FUZZ_MAGIC) {
            break;
        }
        if (m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        int from = m.m_source;
        if (from == kfuzz_ep && m.m_type == FUZZ_HELLO) {
            memset(&m, 0, sizeof m);
            m.m1_p1 = buffer;
            m.m1_i1 = (int32_t)sizeof buffer;
            m.m_type = FUZZ_HELLO + 1;
        } else {
            m.m_type += 1;
        }
        ipc_sendnb(from, &m);
    }

    for (int c = 0; c < CHUNKS; c++) {
        if (chunk_sum(c) != sums[c] && bad_chunk < 0) {
            bad_chunk = c;
        }
    }
    uint32_t total = interval + 1;
    printf("kfuzz made %d calls; loops per interval of %d ticks: %u to %u\n", m.m2_l2, INTERVAL,
           (unsigned)(min_loops == 0xFFFFFFFFu ? loops : min_loops), (unsigned)(max_loops > loops ? max_loops : loops));
    if (bad_chunk >= 0) {
        printf("MEMORY CHANGED: chunk %d of the buffer\n", bad_chunk);
    } else {
        printf("memory intact, ran in %u of %u intervals\n", (unsigned)ran, (unsigned)total);
    }
    sys_abort(RBT_HALT, bad_chunk < 0 && missed == 0 && ran == total ? 0 : 1);
    panic("sys_abort returned");
}
