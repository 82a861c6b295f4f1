/* compat.h -- forced into every file of the host test: what the host C library lacks. */
#include <stddef.h>
size_t ds_test_strlcpy(char *dst, const char *src, size_t size);
#define strlcpy ds_test_strlcpy
