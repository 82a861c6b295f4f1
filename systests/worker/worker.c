/* worker -- CPU-bound work that never blocks (a checksum over a buffer, forever). */
#include <stdint.h>

static uint32_t buffer[1024];

int main(void)
{
    uint32_t sum = 1;
    for (;;) {
        for (int i = 0; i < 1024; i++) {
            sum = sum * 31 + buffer[i];
            buffer[i] = sum;
        }
    }
}
