/*
 * assert.h -- assert(e): if e is false, panic with the expression, file, line and function.
 * Defining NDEBUG before including this header turns assert into nothing. As C requires,
 * there is no include guard: each inclusion redefines assert for the current NDEBUG.
 */
#undef assert

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
    ((e) ? (void)0 : __syslib_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef _SYSLIB_ASSERT_H
#define _SYSLIB_ASSERT_H
#define static_assert _Static_assert
_Noreturn void __syslib_assert_fail(const char *expr, const char *file, int line,
                                    const char *func);
#endif
