#ifndef JAILTRACE_CPCRE2_SHIM_H
#define JAILTRACE_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/// PCRE2_ZERO_TERMINATED and PCRE2_UNSET are macros Swift cannot import.
static inline size_t jt_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
