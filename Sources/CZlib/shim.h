#ifndef JAILTRACE_CZLIB_SHIM_H
#define JAILTRACE_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro; this wraps inflateInit2_ so Swift can call it.
static inline int jt_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
