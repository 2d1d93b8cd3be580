#ifndef JAILTRACE_CISAL_SHIM_H
#define JAILTRACE_CISAL_SHIM_H
/* Intel ISA-L's streaming gzip inflate behind an opaque handle. The library is loaded at run time
 * (dlopen of libisal.so.2), so the build needs only the header (Debian libisal-dev) and never
 * links against it: without the header at build time, or without the library at run time,
 * jt_isal_open() returns NULL and jailtrace inflates with zlib. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>


#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#include <dlfcn.h>

struct jt_isal {
    struct inflate_state state;
    void *lib;
    int (*inflate)(struct inflate_state *);
    void (*init)(struct inflate_state *);
};

/* A gzip inflater (RFC 1952 member with header and trailer checks), or NULL. */
static inline void *jt_isal_open(void) {
    void *lib = dlopen("libisal.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return NULL;
    void (*init)(struct inflate_state *) = (void (*)(struct inflate_state *))dlsym(lib, "isal_inflate_init");
    int (*inflate)(struct inflate_state *) = (int (*)(struct inflate_state *))dlsym(lib, "isal_inflate");
    struct jt_isal *h = (init && inflate) ? (struct jt_isal *)aligned_alloc(64, (sizeof(struct jt_isal) + 63) / 64 * 64) : NULL;
    if (!h) { dlclose(lib); return NULL; }
    h->lib = lib;
    h->init = init;
    h->inflate = inflate;
    init(&h->state);
    h->state.crc_flag = ISAL_GZIP;
    return h;
}

/* Ready for the next member. */
static inline void jt_isal_reset(void *handle) {
    struct jt_isal *h = (struct jt_isal *)handle;
    h->init(&h->state);
    h->state.crc_flag = ISAL_GZIP;
}

static inline void jt_isal_close(void *handle) {
    struct jt_isal *h = (struct jt_isal *)handle;
    if (!h) return;
    dlclose(h->lib);
    free(h);
}

/* One step: consumes from *in, writes to *out (both advanced); *member_done is set when the
 * member's trailer has been checked. Returns ISA-L's status (negative: damaged data). */
static inline int jt_isal_inflate(void *handle, const uint8_t **in, uint32_t *in_len,
                                  uint8_t **out, uint32_t *out_len, int *member_done) {
    struct jt_isal *h = (struct jt_isal *)handle;
    h->state.next_in = (uint8_t *)*in;
    h->state.avail_in = *in_len;
    h->state.next_out = *out;
    h->state.avail_out = *out_len;
    int rc = h->inflate(&h->state);
    *in = h->state.next_in;
    *in_len = h->state.avail_in;
    *out = h->state.next_out;
    *out_len = h->state.avail_out;
    *member_done = h->state.block_state == ISAL_BLOCK_FINISH;
    return rc;
}
#else
static inline void *jt_isal_open(void) { return NULL; }
static inline void jt_isal_reset(void *h) { (void)h; }
static inline void jt_isal_close(void *h) { (void)h; }
static inline int jt_isal_inflate(void *h, const uint8_t **in, uint32_t *in_len,
                                  uint8_t **out, uint32_t *out_len, int *member_done) {
    (void)h; (void)in; (void)in_len; (void)out; (void)out_len; *member_done = 0; return -100;
}
#endif
#endif
