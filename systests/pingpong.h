/* pingpong.h -- the little protocol ping and pong share (test-only message types). */
#ifndef PINGPONG_H
#define PINGPONG_H

#include <stdint.h>

#define PINGPONG_REQUEST 0x7001
#define PINGPONG_REPLY 0x7002

/* The request's payload byte i in round r: differs between neighbouring rounds and bytes. */
static inline uint8_t pingpong_byte(int round, int i)
{
    return (uint8_t)(round * 7 + i * 13 + (round >> 8));
}

/* What pong turns request byte b at position i into. */
static inline uint8_t pingpong_answer(uint8_t b, int i)
{
    return (uint8_t)(~b ^ i);
}

#endif
