/*
 * hellodrv2 -- the second version of the hello driver, for live update (`service update hello
 * hellodrv2.elf`): the same sources as drivers/hellodrv with another greeting, so the next
 * read after the update says "Hello, new World!" (18 bytes instead of 14) while the open
 * counter carries over through DS. See ../hellodrv/main.c.
 */
#define HELLO_MESSAGE "Hello, new World!\n"
#include "../hellodrv/main.c"
#include "../hellodrv/requests.c"
#include "../hellodrv/counter.c"
