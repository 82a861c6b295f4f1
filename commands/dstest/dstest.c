/*
 * dstest -- the data store from a user program (issue 12, acceptance 3).
 *
 * Every key type (u32, string, memory range, label) is published, retrieved, checked through a
 * subscription and deleted; the errors: a missing key (ESRCH), a too-long key (EINVAL), a
 * foreign owner's delete (EPERM: a child process, another owner, deletes the parent's key;
 * and RS's label "pm" -- only with RS running), a label from a user (EPERM). Last, a
 * subscriber that is itself restarted: the test service "testsvc" subscribes to
 * "dstest\.ping" at its fresh start and answers each change by publishing the value as
 * "testsvc.seen"; dstest sees it answer, asks RS to restart it, and sees the NEW instance
 * answer the next change without subscribing again (its subscription belongs to its label).
 * Without RS (an image of pm, vm, ds and init only) that last part is skipped, said so.
 *
 * DS owns what a user process publishes as "user:<endpoint>" (<minix/ds.h>); the DS client
 * returns negative errors, so the checks compare with -ESRCH and so on.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minix/ds.h>
#include <minix/pm.h>
#include "../include/gtest.h"
#include "rs_restart.h"

#define PING_KEY "dstest.ping"
#define SEEN_KEY "testsvc.seen"

static void test_u32(void)
{
    uint32_t v = 0;

    CHECK(ds_publish_u32("dstest.u32", 42, 0) == 0, "publish");
    CHECK(ds_retrieve_u32("dstest.u32", &v) == 0 && v == 42, "retrieve: %u", (unsigned)v);
    CHECK(ds_publish_u32("dstest.u32", 43, 0) == -EEXIST, "publish again without OVERWRITE");
    CHECK(ds_publish_u32("dstest.u32", 43, DSF_OVERWRITE) == 0, "overwrite");
    CHECK(ds_retrieve_u32("dstest.u32", &v) == 0 && v == 43, "retrieve the new value: %u", (unsigned)v);
}

static void test_str(void)
{
    char s[32];

    CHECK(ds_publish_str("dstest.str", "Hello, DS", 0) == 0, "publish");
    memset(s, 'x', sizeof s);
    CHECK(ds_retrieve_str("dstest.str", s, sizeof s) == 0 && strcmp(s, "Hello, DS") == 0,
          "retrieve: \"%s\"", s);
    CHECK(ds_retrieve_str("dstest.str", s, 6) == 0 && strcmp(s, "Hello") == 0,
          "retrieve into 6 bytes: \"%s\"", s);
}

static void test_mem(void)
{
    unsigned char data[300], back[300];
    size_t len, i;

    for (i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7);
    CHECK(ds_publish_mem("dstest.mem", data, sizeof data, 0) == 0, "publish");
    len = sizeof back;
    memset(back, 0, sizeof back);
    CHECK(ds_retrieve_mem("dstest.mem", back, &len) == 0 && len == sizeof data
          && memcmp(back, data, sizeof data) == 0, "retrieve: %u bytes", (unsigned)len);
    len = 10;
    CHECK(ds_retrieve_mem("dstest.mem", back, &len) == 0 && len == 10, "retrieve 10: %u", (unsigned)len);
}

static void test_errors(void)
{
    char key[DS_MAX_KEYLEN + 1];
    uint32_t v;
    char s[8];

    CHECK(ds_retrieve_u32("dstest.nosuchkey", &v) == -ESRCH, "missing u32");
    CHECK(ds_retrieve_str("dstest.nosuchkey", s, sizeof s) == -ESRCH, "missing string");
    CHECK(ds_delete_mem("dstest.nosuchkey") == -ESRCH, "delete a missing key");
    CHECK(ds_retrieve_str("dstest.u32", s, sizeof s) == -ESRCH, "right key, wrong type");
    memset(key, 'k', sizeof key);
    key[DS_MAX_KEYLEN] = '\0';          /* DS_MAX_KEYLEN characters: one too many */
    CHECK(ds_publish_u32(key, 1, 0) == -EINVAL, "too-long key");
    key[DS_MAX_KEYLEN - 1] = '\0';      /* the longest there is */
    CHECK(ds_publish_u32(key, 1, 0) == 0, "longest key");
    CHECK(ds_delete_u32(key) == 0, "delete the longest key");
    CHECK(ds_publish_u32("", 1, 0) == -EINVAL, "empty key");
    CHECK(ds_publish_label("dstest.label", 1, 0) == -EPERM, "a user publishes a label");
    CHECK(ds_subscribe("dstest(", 0) == -EINVAL, "bad pattern");
}

/* A child is another process, so another owner: it must not delete the parent's key. */
static void test_foreign_owner(void)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        uint32_t v = 0;
        int ok = ds_retrieve_u32("dstest.u32", &v) == 0 && v == 43
                 && ds_delete_u32("dstest.u32") == -EPERM
                 && ds_publish_u32("dstest.u32", 1, DSF_OVERWRITE) == -EPERM
                 && ds_publish_u32("dstest.child", 1, 0) == 0;
        _exit(ok ? 0 : 1);
    }
    CHECK(pid > 0, "fork: %d", errno);
    if (pid > 0) {
        CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the child was refused, status %#x", status);
    }
    /* The child is gone: what it published goes with it. */
    CHECK(ds_publish_u32("dstest.sweep", 1, DSF_OVERWRITE) == 0, "publish (sweeps the dead)");
    uint32_t v;
    CHECK(ds_retrieve_u32("dstest.child", &v) == -ESRCH, "a dead user's key is gone");
}

/* The service labels RS published (only when RS runs). */
static void test_labels(int have_rs)
{
    int ep = -1;
    char name[DS_MAX_KEYLEN];

    if (!have_rs) {
        printf("no RS: labels not checked\n");
        return;
    }
    CHECK(ds_retrieve_label("pm", &ep) == 0 && ep == 0, "label pm: %d", ep);
    CHECK(ds_retrieve_label_name(ep, name, sizeof name) == 0 && strcmp(name, "pm") == 0,
          "the label of endpoint %d: %s", ep, name);
    CHECK(ds_delete_label("pm") == -EPERM, "delete RS's label pm");
    CHECK(ds_retrieve_label("pm", &ep) == 0, "label pm still there");
}

/* Our own subscription: INITIAL, then each publish and delete, by polling (a user process
   is never notified). */
static void test_subscription(void)
{
    char key[DS_MAX_KEYLEN];
    int type = 0, owner = 0, r, n, me = -1;

    CHECK(ds_subscribe("dstest\\.(u32|str|mem|sub\\..*)", DSF_INITIAL) == 0, "subscribe");
    CHECK(ds_subscribe("dstest\\..*", 0) == -EEXIST, "a second subscription");
    /* INITIAL: the three entries there are. */
    for (n = 0; (r = ds_check(key, sizeof key, &type, &owner)) == 0; n++) {
        CHECK(strcmp(key, "dstest.u32") == 0 || strcmp(key, "dstest.str") == 0
              || strcmp(key, "dstest.mem") == 0, "initial key %s", key);
        CHECK(getprocnr("dstest", &me) < 0 || owner == me, "owner %d, not me (%d)", owner, me);
    }
    CHECK(r == -ENOENT && n == 3, "initial marks: %d, then %d", n, r);

    CHECK(ds_publish_u32("dstest.sub.a", 1, 0) == 0, "publish a");
    CHECK(ds_publish_str("dstest.sub.b", "b", 0) == 0, "publish b");
    CHECK(ds_publish_u32("dstest.other", 1, 0) == 0, "publish a key that does not match");
    r = ds_check(key, sizeof key, &type, &owner);
    CHECK(r == 0 && strcmp(key, "dstest.sub.a") == 0 && type == DSF_TYPE_U32, "check a: %d %s", r, key);
    r = ds_check(key, sizeof key, &type, &owner);
    CHECK(r == 0 && strcmp(key, "dstest.sub.b") == 0 && type == DSF_TYPE_STR, "check b: %d %s", r, key);
    CHECK(ds_check(key, sizeof key, &type, &owner) == -ENOENT, "nothing more");

    /* Deletions, of every type, reach the subscriber by name. */
    CHECK(ds_delete_u32("dstest.u32") == 0, "delete u32");
    CHECK(ds_delete_str("dstest.str") == 0, "delete str");
    CHECK(ds_delete_mem("dstest.mem") == 0, "delete mem");
    CHECK(ds_delete_u32("dstest.sub.a") == 0, "delete a");
    CHECK(ds_delete_str("dstest.sub.b") == 0, "delete b");
    CHECK(ds_delete_u32("dstest.other") == 0, "delete other");
    for (n = 0; ds_check(key, sizeof key, &type, &owner) == 0; n++)
        ;
    CHECK(n == 5, "deletions seen: %d", n);
    uint32_t v;
    CHECK(ds_retrieve_u32("dstest.u32", &v) == -ESRCH, "deleted u32 is gone");
}

/* Polls SEEN_KEY for want, about once a second, up to seconds. */
static int wait_seen(uint32_t want, int seconds)
{
    uint32_t v = 0;

    for (int i = 0; i <= seconds; i++) {
        if (ds_retrieve_u32(SEEN_KEY, &v) == 0 && v == want)
            return 1;
        sleep(1);
    }
    printf("%s is %u, not %u\n", SEEN_KEY, (unsigned)v, (unsigned)want);
    return 0;
}

/* The subscriber testsvc, restarted by RS, still hears of the keys it subscribed to. */
static void test_restarted_subscriber(int have_rs)
{
    int ep0 = -1, ep1 = -1, r, i;

    if (!have_rs) {
        printf("no RS: the restarted subscriber not checked\n");
        return;
    }
    CHECK(ds_retrieve_label("testsvc", &ep0) == 0, "testsvc is running");
    if (ep0 < 0)
        return;
    CHECK(ds_publish_u32(PING_KEY, 1, DSF_OVERWRITE) == 0, "ping 1");
    CHECK(wait_seen(1, 10), "testsvc saw ping 1");
    r = rs_restart("testsvc");
    CHECK(r == 0, "RS restarts testsvc: %d", r);
    for (i = 0; i < 30; i++) {
        if (ds_retrieve_label("testsvc", &ep1) == 0 && ep1 != ep0)
            break;
        sleep(1);
    }
    CHECK(ep1 != ep0 && ep1 >= 0, "testsvc has a new endpoint: %d -> %d", ep0, ep1);
    CHECK(ds_publish_u32(PING_KEY, 2, DSF_OVERWRITE) == 0, "ping 2");
    CHECK(wait_seen(2, 10), "the new testsvc saw ping 2");
    ds_delete_u32(PING_KEY);
}

int main(void)
{
    int rs_ep;
    int have_rs = getprocnr("rs", &rs_ep) >= 0;

    test_u32();
    test_str();
    test_mem();
    test_errors();
    test_foreign_owner();
    test_labels(have_rs);
    test_subscription();
    test_restarted_subscriber(have_rs);
    ds_delete_u32("dstest.sweep");
    return gt_summary("dstest");
}
