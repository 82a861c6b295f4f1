/* exitwith CODE -- exits with CODE (0..255) and does nothing else: forktree's exec target. */
#include <stdlib.h>

int main(int argc, char *argv[])
{
    if (argc != 2)
        return 255;
    return atoi(argv[1]) & 0xFF;
}
