#ifndef JAILTRACE_CMALLOC_SHIM_H
#define JAILTRACE_CMALLOC_SHIM_H
/* glibc's allocator knobs. malloc.h is not part of Swift's Glibc module (and its macros do not
 * reach this module), so the two functions are declared here with glibc's value of
 * M_MMAP_THRESHOLD (-3). No-ops off Linux. */
#include <stddef.h>
#if defined(__linux__)
extern int mallopt(int param, int value);
extern int malloc_trim(size_t pad);
/* Blocks of `bytes` or more always mmapped (a fixed threshold: glibc stops raising it). */
static inline void jt_malloc_mmap_threshold(int bytes) { (void)mallopt(-3 /* M_MMAP_THRESHOLD */, bytes); }
/* Returns freed heap pages to the system. */
static inline void jt_malloc_trim(void) { (void)malloc_trim(0); }
#else
static inline void jt_malloc_mmap_threshold(int bytes) { (void)bytes; }
static inline void jt_malloc_trim(void) { }
#endif
#endif
