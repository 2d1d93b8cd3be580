#include <lzma.h>

/// LZMA_CONCATENATED is a UINT32_C() macro Swift cannot import.
static inline uint32_t jt_lzma_concatenated(void) { return LZMA_CONCATENATED; }
