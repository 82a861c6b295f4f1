#include <assert.h>
#include <minix/syslib.h>

/* The target of a failed assert() (see <assert.h>). */
_Noreturn void __syslib_assert_fail(const char *expr, const char *file, int line,
                                    const char *func)
{
    panic("assertion \"%s\" failed: file %s, line %d, function %s", expr, file, line, func);
}
