/*
 * assert.h -- assert(e): if e is false, print the expression, file, line and function on
 * stderr and abort(). NDEBUG turns it off. No include guard, as C requires.
 */
#undef assert

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
    ((e) ? (void)0 : __libc_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef _LIBC_ASSERT_H
#define _LIBC_ASSERT_H
#define static_assert _Static_assert
_Noreturn void __libc_assert_fail(const char *expr, const char *file, int line,
                                  const char *func);
#endif
