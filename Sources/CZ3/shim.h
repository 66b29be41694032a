#include <z3.h>
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h> /* mallopt, for SMT's HeapTuning */
#endif
