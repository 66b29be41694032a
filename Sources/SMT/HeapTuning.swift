import CZ3

/// How the C heap serves Z3 (Linux, glibc).
///
/// Every question makes a Z3 context and its solvers, which allocate and free many blocks of hundreds of KiB to a
/// few MiB (hash tables, the SAT solver's arrays). With glibc's defaults, a block above the mmap threshold (128 KiB
/// at first) is mapped afresh and unmapped when freed, and the top of the heap is given back to the system once 128
/// KiB of it are free: so each question faulted in, zeroed and unmapped the same pages again, about half of a small
/// question's processor time. Serving blocks below 32 MiB from the heap and keeping up to 64 MiB of free heap lets
/// the next context reuse that memory. Nothing of what Z3 computes depends on it.
enum HeapTuning {
    /// Applied once, before the first context is made.
    static let applied: Bool = {
        #if os(Linux)
        let mapped = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        let trimmed = mallopt(M_TRIM_THRESHOLD, 64 << 20)
        return mapped == 1 && trimmed == 1
        #else
        return false
        #endif
    }()
}
