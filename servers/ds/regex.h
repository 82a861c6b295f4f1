/*
 * regex.h -- the subscription patterns: a small anchored extended regular expression matcher.
 *
 * Syntax (a subset of POSIX ERE): a literal character; . (any character); [set] and [^set]
 * with ranges a-z (']' first in the set and '-' first or last are literal; a backslash in a set
 * is literal, as in POSIX); ( ) groups; | alternatives; the postfix * + ? on any atom; ^ and $
 * (start and end of the key); \c for any c taken literally (\. \* \\ ...). Not supported, and
 * refused as a bad pattern: {m,n} counts, back references, [:class:] names.
 * The pattern must match the WHOLE key ("anchored"): "drv\.vfs\..*" matches "drv.vfs.hello"
 * but not "x.drv.vfs.hello".
 *
 * Matching simulates the pattern's automaton over all states at once (no backtracking), so it
 * takes time proportional to pattern length x key length whatever the pattern.
 */
#ifndef DS_REGEX_H
#define DS_REGEX_H

/* 1 if the whole of text matches pattern, 0 if it does not, -1 if pattern is bad. */
int regex_match(const char *pattern, const char *text);

/* 1 if pattern is one regex_match accepts, else 0. */
int regex_valid(const char *pattern);

#endif
