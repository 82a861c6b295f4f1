/*
 * ds_test.c -- DS and its client library on the host, joined by stubs (see Makefile).
 *
 * The "current process" (who) plays the caller: the client library's SENDREC hands its
 * message to DS's dispatcher with m_source = who, its grants land in a table here that
 * sys_safecopyfrom/to check like the kernel does (granter, bounds, access), and
 * sys_getproc answers from procs[].
 */
#include <stdio.h>
#include <string.h>
#include <minix/abi.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <minix/safecopies.h>
#include <minix/ds.h>
#include "ds.h"
#include "regex.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); if (_a == _b) passed++; \
    else { failed++; printf("FAIL %s:%d: %s = %ld, expected %ld\n", __FILE__, __LINE__, #a, _a, _b); } } while (0)

size_t ds_test_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

/* --- the fake system --------------------------------------------------------------------- */

#define USER_PRIV 63
static proc_info procs[NR_PROCS];
static int who;                 /* the caller being played */
static int notified[NR_PROCS];  /* notifications per slot */
static int last_notified = NONE;

static int slot_of(int ep)
{
    return ((ep + MAX_NR_TASKS) % ENDPOINT_GENERATION_SIZE) - MAX_NR_TASKS;
}

static void spawn(int ep, const char *name, int priv)
{
    proc_info *p = &procs[slot_of(ep)];
    memset(p, 0, sizeof *p);
    p->endpoint = ep;
    p->priv_id = priv;
    snprintf(p->name, sizeof p->name, "%s", name);
}

static void kill_proc(int ep)
{
    proc_info *p = &procs[slot_of(ep)];
    memset(p, 0, sizeof *p);
    p->endpoint = NONE;
    p->state = PROC_FREE;
    p->priv_id = -1;
}

int sys_getproc(int slot, proc_info *info)
{
    if (slot < -NR_TASKS || slot >= NR_PROCS)
        return EINVAL;
    if (slot < 0) {
        memset(info, 0, sizeof *info);
        info->state = PROC_FREE;
        return OK;
    }
    *info = procs[slot];
    return OK;
}

int ipc_notify(int dst)
{
    int slot = slot_of(dst);
    if (slot < 0 || slot >= NR_PROCS || (procs[slot].state & PROC_FREE) || procs[slot].endpoint != dst)
        return EDEADSRCDST;
    notified[slot]++;
    last_notified = dst;
    return OK;
}

struct fake_grant {
    int used, granter, grantee, access;
    char *addr;
    size_t len;
};
static struct fake_grant grants[64];

cp_grant_id_t cpf_grant_direct(int grantee, const void *addr, size_t bytes, int access)
{
    for (int i = 0; i < 64; i++) {
        if (!grants[i].used) {
            grants[i] = (struct fake_grant){1, who, grantee, access, (char *)addr, bytes};
            return i;
        }
    }
    return GRANT_INVALID;
}

int cpf_revoke(cp_grant_id_t gid)
{
    if (gid < 0 || gid >= 64 || !grants[gid].used)
        return EINVAL;
    grants[gid].used = 0;
    return OK;
}

static struct fake_grant *grant_check(int granter, int gid, uint32_t off, size_t bytes, int access)
{
    struct fake_grant *g;
    if (gid < 0 || gid >= 64)
        return NULL;
    g = &grants[gid];
    if (!g->used || g->granter != granter || g->grantee != DS_PROC_NR || !(g->access & access)
        || off > g->len || bytes > g->len - off)
        return NULL;
    return g;
}

int sys_safecopyfrom(int granter, int gid, uint32_t off, void *addr, size_t bytes)
{
    struct fake_grant *g = grant_check(granter, gid, off, bytes, CPF_READ);
    if (g == NULL)
        return EPERM;
    memcpy(addr, g->addr + off, bytes);
    return OK;
}

int sys_safecopyto(int granter, int gid, uint32_t off, const void *addr, size_t bytes)
{
    struct fake_grant *g = grant_check(granter, gid, off, bytes, CPF_WRITE);
    if (g == NULL)
        return EPERM;
    memcpy(g->addr + off, addr, bytes);
    return OK;
}

int ipc_sendrec(int peer, message *m)
{
    message reply;
    if (peer != DS_PROC_NR)
        return EDEADSRCDST;
    m->m_source = who;
    memset(&reply, 0, sizeof reply);
    reply.m_type = ds_dispatch(m, &reply);
    *m = reply;
    return OK;
}

static int open_grants(void)
{
    int n = 0;
    for (int i = 0; i < 64; i++)
        n += grants[i].used;
    return n;
}

/* --- the tests --------------------------------------------------------------------------- */

enum { RS = RS_PROC_NR, HELLO = 12, USER1 = 20, USER2 = 21 };
#define HELLO2 (HELLO + ENDPOINT_GENERATION_SIZE)   /* hello after a restart */

static void test_regex(void)
{
    static const struct { const char *pat, *text; int want; } t[] = {
        {"abc", "abc", 1}, {"abc", "abcd", 0}, {"abc", "xabc", 0}, {"a.c", "abc", 1},
        {"drv\\.vfs\\..*", "drv.vfs.hello", 1}, {"drv\\.vfs\\..*", "drvxvfs.hello", 0},
        {"drv\\.vfs\\..*", "x.drv.vfs.hello", 0}, {".*", "", 1}, {"a*", "", 1}, {"a+", "", 0},
        {"a+", "aaa", 1}, {"ab?c", "ac", 1}, {"ab?c", "abbc", 0}, {"(ab)+", "ababab", 1},
        {"(ab)+", "ababa", 0}, {"hello|world", "world", 1}, {"hello|world", "hellworld", 0},
        {"x(a|b)*y", "xabbay", 1}, {"[a-c]+", "abcabc", 1}, {"[a-c]+", "abd", 0},
        {"[^.]+", "abc", 1}, {"[^.]+", "a.c", 0}, {"[]a]", "]", 1}, {"[a-]", "-", 1},
        {"^abc$", "abc", 1}, {"a^b", "ab", 0}, {"(a*)*b", "aaab", 1}, {"(a|)+b", "aab", 1},
        {"\\*", "*", 1}, {"a\\|b", "a|b", 1}, {"(x|xy)z", "xyz", 1}, {"..", "a", 0},
    };
    static const char *bad[] = {"*a", "(ab", "ab)", "[ab", "a{2}", "a\\", "[[:alpha:]]", "[z-a]", "+", "a|*"};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int r = regex_match(t[i].pat, t[i].text);
        if (r != t[i].want)
            printf("  regex \"%s\" on \"%s\": %d\n", t[i].pat, t[i].text, r);
        CHECK_EQ(r, t[i].want);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (regex_valid(bad[i]))
            printf("  regex \"%s\" accepted\n", bad[i]);
        CHECK(!regex_valid(bad[i]));
    }
    /* Long pathological patterns stay bounded (no backtracking blow-up). */
    CHECK_EQ(regex_match("(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);
}

static void test_types(void)
{
    uint32_t v = 0;
    char s[100];
    char mem[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, back[100];
    size_t len;

    who = USER1;
    CHECK_EQ(ds_publish_u32("t.u32", 5, 0), OK);
    CHECK_EQ(ds_retrieve_u32("t.u32", &v), OK);
    CHECK_EQ(v, 5);
    CHECK_EQ(ds_publish_u32("t.u32", 6, 0), EEXIST);
    CHECK_EQ(ds_publish_u32("t.u32", 6, DSF_OVERWRITE), OK);
    CHECK_EQ(ds_retrieve_u32("t.u32", &v), OK);
    CHECK_EQ(v, 6);

    CHECK_EQ(ds_publish_str("t.str", "hello", 0), OK);
    CHECK_EQ(ds_retrieve_str("t.str", s, sizeof s), OK);
    CHECK(strcmp(s, "hello") == 0);
    CHECK_EQ(ds_retrieve_str("t.str", s, 3), OK);
    CHECK(strcmp(s, "he") == 0);
    /* The same key with another type is another entry. */
    CHECK_EQ(ds_publish_str("t.u32", "str", 0), OK);
    CHECK_EQ(ds_retrieve_u32("t.u32", &v), OK);
    CHECK_EQ(v, 6);

    CHECK_EQ(ds_publish_mem("t.mem", mem, sizeof mem, 0), OK);
    len = sizeof back;
    CHECK_EQ(ds_retrieve_mem("t.mem", back, &len), OK);
    CHECK_EQ(len, 10);
    CHECK(memcmp(back, mem, 10) == 0);
    len = 4;
    memset(back, 0, sizeof back);
    CHECK_EQ(ds_retrieve_mem("t.mem", back, &len), OK);
    CHECK_EQ(len, 4);
    CHECK(memcmp(back, mem, 4) == 0 && back[4] == 0);
    CHECK_EQ(ds_publish_mem("t.empty", NULL, 0, 0), OK);
    len = sizeof back;
    CHECK_EQ(ds_retrieve_mem("t.empty", back, &len), OK);
    CHECK_EQ(len, 0);
    static char big[DS_MAX_DATA + 1];
    CHECK_EQ(ds_publish_mem("t.big", big, sizeof big, 0), EINVAL);
    CHECK_EQ(ds_publish_mem("t.big", big, DS_MAX_DATA, 0), OK);

    CHECK_EQ(ds_delete_u32("t.u32"), OK);
    CHECK_EQ(ds_retrieve_u32("t.u32", &v), ESRCH);
    CHECK_EQ(ds_delete_u32("t.u32"), ESRCH);
    CHECK_EQ(ds_delete_str("t.u32"), OK);
    CHECK_EQ(ds_delete_str("t.str"), OK);
    CHECK_EQ(ds_delete_mem("t.mem"), OK);
    CHECK_EQ(ds_delete_mem("t.empty"), OK);
    CHECK_EQ(ds_delete_mem("t.big"), OK);
    CHECK_EQ(ds_retrieve_str("nosuchkey", s, sizeof s), ESRCH);
    CHECK_EQ(open_grants(), 0);
}

static void test_keys(void)
{
    char key[DS_MAX_KEYLEN + 10];
    uint32_t v;

    who = USER1;
    memset(key, 'k', sizeof key);
    key[DS_MAX_KEYLEN - 1] = '\0';      /* 79 characters: the longest */
    CHECK_EQ(ds_publish_u32(key, 1, 0), OK);
    CHECK_EQ(ds_retrieve_u32(key, &v), OK);
    CHECK_EQ(ds_delete_u32(key), OK);
    key[DS_MAX_KEYLEN - 1] = 'k';
    key[DS_MAX_KEYLEN] = '\0';          /* 80: one too many */
    CHECK_EQ(ds_publish_u32(key, 1, 0), EINVAL);
    CHECK_EQ(ds_retrieve_u32(key, &v), EINVAL);
    CHECK_EQ(ds_publish_u32("", 1, 0), EINVAL);
    CHECK_EQ(ds_publish_u32(NULL, 1, 0), EINVAL);

    /* Forged requests: bad type, several types, unknown flags, MAP, a bad grant. */
    message m;
    char k[] = "forged";
    cp_grant_id_t g = cpf_grant_direct(DS_PROC_NR, k, sizeof k, CPF_READ);
    memset(&m, 0, sizeof m);
    m.m2_i1 = g; m.m2_s1 = sizeof k;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_U32 | DSF_TYPE_STR;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EINVAL);
    memset(&m, 0, sizeof m); m.m2_i1 = g; m.m2_s1 = sizeof k;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_MAP;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EINVAL);
    memset(&m, 0, sizeof m); m.m2_i1 = g; m.m2_s1 = sizeof k;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_U32 | 0x40000;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EINVAL);
    memset(&m, 0, sizeof m); m.m2_i1 = g; m.m2_s1 = sizeof k + 5;   /* past the grant */
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_U32;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EPERM);
    memset(&m, 0, sizeof m); m.m2_i1 = g; m.m2_s1 = sizeof k;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_STR; m.m2_l1 = 55; m.m2_l2 = 4;  /* bad data grant */
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EPERM);
    memset(&m, 0, sizeof m); m.m2_i1 = g; m.m2_s1 = sizeof k;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_STR; m.m2_l1 = g; m.m2_l2 = -1;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EINVAL);
    char nul_inside[] = "ab\0cd";
    cp_grant_id_t g2 = cpf_grant_direct(DS_PROC_NR, nul_inside, sizeof nul_inside, CPF_READ);
    memset(&m, 0, sizeof m); m.m2_i1 = g2; m.m2_s1 = sizeof nul_inside;
    m.m_type = DS_PUBLISH; m.m2_i2 = DSF_TYPE_U32;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = 0x8FF;
    ipc_sendrec(DS_PROC_NR, &m);
    CHECK_EQ(m.m_type, ENOSYS);
    cpf_revoke(g);
    cpf_revoke(g2);
    CHECK_EQ(ds_retrieve_u32("forged", &v), ESRCH);
}

static void test_labels_and_owners(void)
{
    int ep = 0;
    uint32_t v;
    char name[DS_MAX_KEYLEN];

    who = USER1;
    CHECK_EQ(ds_publish_label("fake", USER1, 0), EPERM);
    who = RS;
    CHECK_EQ(ds_publish_label("rs", RS, 0), OK);
    CHECK_EQ(ds_publish_label("hello", HELLO, 0), OK);
    CHECK_EQ(ds_publish_label("hello", HELLO, 0), EEXIST);
    who = USER1;
    CHECK_EQ(ds_retrieve_label("hello", &ep), OK);
    CHECK_EQ(ep, HELLO);
    CHECK_EQ(ds_retrieve_label_name(HELLO, name, sizeof name), OK);
    CHECK(strcmp(name, "hello") == 0);
    CHECK_EQ(ds_retrieve_label_name(HELLO, name, 3), EINVAL);
    CHECK_EQ(ds_retrieve_label_name(USER1, name, sizeof name), ESRCH);
    CHECK_EQ(ds_delete_label("hello"), EPERM);          /* RS's, not the user's */

    /* hello's private counter: only hello (by label) reads or deletes it. */
    who = HELLO;
    CHECK_EQ(ds_publish_u32("open_counter", 3, DSF_PRIV_RETRIEVE | DSF_PRIV_OVERWRITE), OK);
    who = USER1;
    CHECK_EQ(ds_retrieve_u32("open_counter", &v), EPERM);
    CHECK_EQ(ds_delete_u32("open_counter"), EPERM);
    CHECK_EQ(ds_publish_u32("open_counter", 9, DSF_OVERWRITE), EPERM);
    who = HELLO;
    CHECK_EQ(ds_retrieve_u32("open_counter", &v), OK);
    CHECK_EQ(v, 3);

    /* A user's entry: other users cannot touch it, a service may take it over. */
    who = USER1;
    CHECK_EQ(ds_publish_u32("drv.vfs.hello", 7, DSF_PRIV_OVERWRITE), OK);
    who = USER2;
    CHECK_EQ(ds_publish_u32("drv.vfs.hello", 8, DSF_OVERWRITE), EPERM);
    CHECK_EQ(ds_delete_u32("drv.vfs.hello"), EPERM);
    who = HELLO;
    CHECK_EQ(ds_publish_u32("drv.vfs.hello", 1, DSF_OVERWRITE), OK);
    who = USER1;
    CHECK_EQ(ds_delete_u32("drv.vfs.hello"), EPERM);   /* hello's now */
    /* A service's public entry may be overwritten by another service, not by a user. */
    who = RS;
    CHECK_EQ(ds_publish_u32("drv.vfs.hello", 2, DSF_OVERWRITE), OK);
    who = HELLO;
    CHECK_EQ(ds_retrieve_u32("drv.vfs.hello", &v), OK);
    CHECK_EQ(v, 2);
    CHECK_EQ(ds_delete_u32("drv.vfs.hello"), OK);
}

static void test_subscriptions(void)
{
    char key[DS_MAX_KEYLEN];
    int type = 0, owner = 0;
    uint32_t v;

    who = HELLO;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ESRCH);   /* no subscription */
    CHECK_EQ(ds_subscribe("drv\\.(", 0), EINVAL);
    CHECK_EQ(ds_subscribe("drv\\..*", DSF_TYPE_U32 | DSF_TYPE_STR), OK);
    CHECK_EQ(ds_subscribe("drv\\..*", 0), EEXIST);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ENOENT);

    int before = notified[HELLO];
    who = USER1;
    CHECK_EQ(ds_publish_u32("drv.x", 1, 0), OK);
    CHECK_EQ(ds_publish_mem("drv.m", "ab", 2, 0), OK);   /* not a type hello wants */
    CHECK_EQ(ds_publish_u32("other", 1, 0), OK);         /* not a key hello wants */
    CHECK_EQ(notified[HELLO], before + 1);
    who = HELLO;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);
    CHECK(strcmp(key, "drv.x") == 0);
    CHECK_EQ(type, DSF_TYPE_U32);
    CHECK_EQ(owner, USER1);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ENOENT);

    /* A deletion reaches the subscriber by name; the entry is gone meanwhile. */
    who = USER1;
    CHECK_EQ(ds_delete_u32("drv.x"), OK);
    CHECK_EQ(ds_retrieve_u32("drv.x", &v), ESRCH);
    who = HELLO;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);
    CHECK(strcmp(key, "drv.x") == 0);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ENOENT);

    /* hello dies: a change meanwhile is kept, and told to the new instance once RS publishes
       its label; its subscription and private entry survive with the label. */
    kill_proc(HELLO);
    who = USER1;
    CHECK_EQ(ds_publish_u32("drv.y", 2, 0), OK);
    spawn(HELLO2, "hello", 14);
    int before2 = notified[HELLO];
    who = RS;
    CHECK_EQ(ds_publish_label("hello", HELLO2, DSF_OVERWRITE), OK);
    CHECK_EQ(notified[HELLO], before2 + 1);
    CHECK_EQ(last_notified, HELLO2);
    who = HELLO2;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);
    CHECK(strcmp(key, "drv.y") == 0);
    CHECK_EQ(ds_retrieve_u32("open_counter", &v), OK);   /* private, owned by the label */
    CHECK_EQ(v, 3);
    CHECK_EQ(ds_subscribe("drv\\..*", 0), EEXIST);          /* it survived */
    who = USER1;
    CHECK_EQ(ds_publish_u32("drv.y", 3, DSF_OVERWRITE), OK);
    CHECK_EQ(last_notified, HELLO2);

    /* A user subscriber: INITIAL marks what exists; it is never notified, it polls. */
    int user_before = notified[USER2];
    who = USER2;
    CHECK_EQ(ds_subscribe("drv\\.[xy]|other", DSF_INITIAL), OK);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);
    CHECK(strcmp(key, "drv.y") == 0);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);
    CHECK(strcmp(key, "other") == 0);
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ENOENT);
    CHECK_EQ(ds_subscribe("x", DSF_OVERWRITE | DSF_TYPE_MAP), EINVAL);
    CHECK_EQ(ds_subscribe("x", DSF_OVERWRITE | 0x4), EINVAL);
    CHECK_EQ(notified[USER2], user_before);

    /* RS deletes hello's label: the subscription and hello's entries go too. */
    who = HELLO2;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), OK);   /* drv.y again */
    CHECK_EQ(ds_publish_str("hello.note", "hi", 0), OK);
    who = RS;
    CHECK_EQ(ds_delete_label("hello"), OK);
    who = USER1;
    CHECK_EQ(ds_retrieve_label("hello", NULL), ESRCH);
    char s[8];
    CHECK_EQ(ds_retrieve_str("hello.note", s, sizeof s), ESRCH);
    who = RS;   /* the same label again, a new hello: a fresh start, no subscription */
    CHECK_EQ(ds_publish_label("hello", HELLO2, 0), OK);
    who = HELLO2;
    CHECK_EQ(ds_check(key, sizeof key, &type, &owner), ESRCH);
    CHECK_EQ(ds_retrieve_u32("open_counter", &v), ESRCH);
    who = USER2;
    CHECK_EQ(ds_subscribe("", DSF_OVERWRITE), EINVAL);
    CHECK_EQ(ds_subscribe(".*", DSF_OVERWRITE), OK);
}

static int live_entries(void)
{
    int n = 0;
    for (int i = 0; i < DS_NR_KEYS; i++)
        n += (entries[i].flags & DSF_IN_USE) != 0;
    return n;
}

static void test_dead_users_and_space(void)
{
    char key[32];
    uint32_t v;
    int n0, i, r = OK;

    who = USER1;
    CHECK_EQ(ds_publish_u32("mine.1", 1, 0), OK);
    CHECK_EQ(ds_subscribe("mine\\..*", DSF_OVERWRITE), OK);
    kill_proc(USER1);
    who = USER2;
    CHECK_EQ(ds_publish_u32("sweep", 1, 0), OK);      /* sweeps USER1's entries and subscription */
    CHECK_EQ(ds_retrieve_u32("mine.1", &v), ESRCH);
    spawn(USER1, "dstest", USER_PRIV);

    n0 = live_entries();
    for (i = 0; n0 + i < DS_NR_KEYS; i++) {
        snprintf(key, sizeof key, "fill.%d", i);
        r = ds_publish_u32(key, (uint32_t)i, 0);
        if (r != OK)
            break;
    }
    CHECK_EQ(r, OK);
    CHECK_EQ(live_entries(), DS_NR_KEYS);
    CHECK_EQ(ds_publish_u32("one.too.many", 1, 0), ENOSPC);
    /* USER2 subscribed to everything: the deletions stay as tombstones until it CHECKs, but
       a new entry may still reclaim them. */
    CHECK_EQ(ds_delete_u32("fill.0"), OK);
    CHECK_EQ(ds_publish_u32("one.more", 1, 0), OK);
    CHECK_EQ(ds_retrieve_u32("one.more", &v), OK);
    for (i = 1; i < DS_NR_KEYS; i++) {
        snprintf(key, sizeof key, "fill.%d", i);
        ds_delete_u32(key);
    }
    ds_delete_u32("one.more");
    ds_delete_u32("sweep");
    char k[DS_MAX_KEYLEN];
    int checks = 0;
    while (ds_check(k, sizeof k, NULL, NULL) == OK)
        checks++;
    CHECK(checks > 0);
    /* Everything taken: no tombstones are left. */
    int tomb = 0;
    for (i = 0; i < DS_NR_KEYS; i++)
        tomb += entries[i].flags != 0 && !(entries[i].flags & DSF_IN_USE);
    CHECK_EQ(tomb, 0);
    CHECK_EQ(open_grants(), 0);
}

int main(void)
{
    for (int i = 0; i < NR_PROCS; i++)
        kill_proc(i);
    spawn(PM_PROC_NR, "pm", 4);
    spawn(RS, "rs", 6);
    spawn(INIT_PROC_NR, "init", USER_PRIV);
    spawn(HELLO, "hello", 14);
    spawn(USER1, "dstest", USER_PRIV);
    spawn(USER2, "other", USER_PRIV);

    test_regex();
    test_types();
    test_keys();
    test_labels_and_owners();
    test_subscriptions();
    test_dead_users_and_space();
    printf("ds_test: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
