/*
 * ds -- the data store (DS) from the command line.
 *
 *   ds list                    every key: type, owner, value (sorted by key)
 *   ds get KEY                 the value of KEY (tried as a string, a number, a label, bytes)
 *   ds set [-n] KEY VALUE      publishes VALUE as a string (-n: as a number), overwriting
 *   ds del [-n] KEY            deletes a string (-n: number) KEY the caller owns
 *
 * A user's entries belong to "user:<endpoint>" and DS drops them when that process is gone,
 * so a key set with `ds set` lasts only as long as this command: use it to see how DS
 * names owners and refuses to let a user overwrite a service's keys. `ds list` works by a
 * subscription to every key with DSF_INITIAL: DS marks all existing entries and ds_check
 * hands them out one by one (a user process is never notified; it polls).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minix/ds.h>

struct entry {
    char key[DS_MAX_KEYLEN];
    int type, owner;
};
static struct entry entries[DS_NR_KEYS * 4];

static int fail(const char *what, const char *key, int r)
{
    fprintf(stderr, "ds: %s %s: %s\n", what, key, strerror(-r));
    return 1;
}

static const char *type_name(int type)
{
    switch (type & DSF_MASK_TYPE) {
    case DSF_TYPE_U32:   return "u32";
    case DSF_TYPE_STR:   return "str";
    case DSF_TYPE_MEM:   return "mem";
    case DSF_TYPE_LABEL: return "label";
    default:             return "?";
    }
}

static void print_value(const char *key, int type)
{
    static char data[DS_MAX_DATA];
    uint32_t v;
    int ep;
    size_t len = sizeof data;

    switch (type & DSF_MASK_TYPE) {
    case DSF_TYPE_U32:
        if (ds_retrieve_u32(key, &v) == 0)
            printf("%u", (unsigned)v);
        break;
    case DSF_TYPE_STR:
        if (ds_retrieve_str(key, data, sizeof data) == 0)
            printf("\"%s\"", data);
        break;
    case DSF_TYPE_LABEL:
        if (ds_retrieve_label(key, &ep) == 0)
            printf("endpoint %d", ep);
        break;
    case DSF_TYPE_MEM:
        if (ds_retrieve_mem(key, data, &len) == 0)
            printf("(%u bytes)", (unsigned)len);
        break;
    default:
        break;
    }
}

static int by_key(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c != 0 ? c : x->type - y->type;
}

static int do_list(void)
{
    int n = 0, r;

    r = ds_subscribe(".*", DSF_INITIAL | DSF_OVERWRITE);
    if (r != 0)
        return fail("subscribe", "to every key", r);
    while (n < (int)(sizeof entries / sizeof entries[0])) {
        r = ds_check(entries[n].key, sizeof entries[n].key, &entries[n].type, &entries[n].owner);
        if (r == -ENOENT)
            break;
        if (r != 0)
            return fail("check", "marked keys", r);
        n++;
    }
    qsort(entries, (size_t)n, sizeof entries[0], by_key);
    printf("%-24s %-5s %-12s %s\n", "KEY", "TYPE", "OWNER", "VALUE");
    for (int i = 0; i < n; i++) {
        char owner[24];

        if (i > 0 && by_key(&entries[i - 1], &entries[i]) == 0)
            continue;           /* marked twice: changed while we listed */
        if (ds_retrieve_label_name(entries[i].owner, owner, sizeof owner) != 0)
            snprintf(owner, sizeof owner, "ep %d", entries[i].owner);
        printf("%-24s %-5s %-12s ", entries[i].key, type_name(entries[i].type), owner);
        print_value(entries[i].key, entries[i].type);
        printf("\n");
    }
    return 0;
}

static int do_get(const char *key)
{
    static char data[DS_MAX_DATA];
    uint32_t v;
    int ep, r;
    size_t len = sizeof data;

    if ((r = ds_retrieve_str(key, data, sizeof data)) == 0) {
        printf("%s\n", data);
        return 0;
    }
    if (r != -ESRCH)
        return fail("get", key, r);
    if (ds_retrieve_u32(key, &v) == 0) {
        printf("%u\n", (unsigned)v);
        return 0;
    }
    if (ds_retrieve_label(key, &ep) == 0) {
        printf("%d\n", ep);
        return 0;
    }
    if (ds_retrieve_mem(key, data, &len) == 0) {
        for (size_t i = 0; i < len; i++)
            printf("%02x%s", (unsigned char)data[i], i + 1 == len ? "\n" : " ");
        return 0;
    }
    fprintf(stderr, "ds: get %s: no such key\n", key);
    return 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: ds list\n       ds get KEY\n       ds set [-n] KEY VALUE\n"
                    "       ds del [-n] KEY\n");
    return 1;
}

int main(int argc, char *argv[])
{
    int number = 0, i = 2, r;

    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "list") == 0)
        return argc == 2 ? do_list() : usage();
    if (strcmp(argv[1], "get") == 0)
        return argc == 3 ? do_get(argv[2]) : usage();
    if (i < argc && strcmp(argv[i], "-n") == 0) {
        number = 1;
        i++;
    }
    if (strcmp(argv[1], "set") == 0) {
        if (argc - i != 2)
            return usage();
        if (number) {
            char *end;
            unsigned long v = strtoul(argv[i + 1], &end, 0);

            if (*argv[i + 1] == '\0' || *end != '\0') {
                fprintf(stderr, "ds: set: bad number '%s'\n", argv[i + 1]);
                return 1;
            }
            r = ds_publish_u32(argv[i], (uint32_t)v, DSF_OVERWRITE);
        } else {
            r = ds_publish_str(argv[i], argv[i + 1], DSF_OVERWRITE);
        }
        return r == 0 ? 0 : fail("set", argv[i], r);
    }
    if (strcmp(argv[1], "del") == 0) {
        if (argc - i != 1)
            return usage();
        r = number ? ds_delete_u32(argv[i]) : ds_delete_str(argv[i]);
        return r == 0 ? 0 : fail("del", argv[i], r);
    }
    fprintf(stderr, "ds: unknown subcommand '%s'\n", argv[1]);
    return usage();
}
