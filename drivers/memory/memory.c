/*
 * memory -- the memory driver (label memory, boot slot MEM_PROC_NR, major MEMORY_MAJOR):
 * /dev/null and /dev/zero (minix3-facts-2.md section 7: minors MEMORY_MINOR_NULL 3 and
 * MEMORY_MINOR_ZERO 5). Built on the chardriver library (<minix/chardriver.h>).
 *
 *   /dev/null  a read is end of file (0 bytes); a write takes every byte and drops it
 *   /dev/zero  a read fills the buffer with zero bytes; a write takes and drops every byte
 *
 * The other memory minors of MINIX (ram, mem, kmem, boot, imgrd) do not exist here: ENXIO.
 * Writes never touch the caller's buffer, so a bad grant is not noticed on a write (the
 * bytes are "written" to nowhere either way); reads copy through the grant and report its
 * error. There is no state, so a restart or a live update needs nothing.
 */
#include <minix/chardriver.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdio.h>

/* Zeros are copied out in chunks of this many bytes. */
#define ZERO_CHUNK 1024
static const char zeros[ZERO_CHUNK];

static int valid_minor(int minor)
{
    return minor == MEMORY_MINOR_NULL || minor == MEMORY_MINOR_ZERO;
}

static int mem_open(const chardriver_req *r)
{
    return valid_minor(r->minor) ? OK : ENXIO;
}

static int mem_close(const chardriver_req *r)
{
    return valid_minor(r->minor) ? OK : ENXIO;
}

static int mem_read(const chardriver_req *r)
{
    uint32_t done = 0;

    if (!valid_minor(r->minor))
        return ENXIO;
    if (r->count < 0)
        return EINVAL;
    if (r->minor == MEMORY_MINOR_NULL)
        return 0;
    while (done < (uint32_t)r->count) {
        uint32_t n = (uint32_t)r->count - done;
        int s;

        if (n > ZERO_CHUNK)
            n = ZERO_CHUNK;
        s = sys_safecopyto(r->caller, r->grant, done, zeros, n);
        if (s != OK)
            return done > 0 ? (int)done : s;
        done += n;
    }
    return (int)done;
}

static int mem_write(const chardriver_req *r)
{
    if (!valid_minor(r->minor))
        return ENXIO;
    if (r->count < 0)
        return EINVAL;
    return r->count;
}

static const struct chardriver memory_driver = {
    .open = mem_open,
    .close = mem_close,
    .read = mem_read,
    .write = mem_write,
};

static int mem_init(int type, const sef_init_info_t *info)
{
    (void)info;
    if (type == SEF_INIT_RESTART)
        printf("restarted\n");
    return OK;
}

int main(void)
{
    sef_setcb_init_fresh(mem_init);
    sef_setcb_init_restart(mem_init);
    sef_setcb_lu_prepare(sef_cb_lu_prepare_always_ready);
    sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_standard);
    sef_startup();
    chardriver_task(&memory_driver);
}
