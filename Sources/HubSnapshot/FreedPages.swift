#if canImport(Glibc)
import Glibc

@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32  // <malloc.h>, not in the Glibc module
#endif

/// Hands the pages freed since the last call back to the system (glibc keeps freed memory in each
/// thread's arena for reuse, and decoding on every core leaves it spread over several): between
/// the stages of a read, what the process holds then is what the next stage uses. A no-op where
/// the C library has no such call.
enum FreedPages {
    static func release() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
