#if canImport(Glibc)
import Glibc

@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32  // <malloc.h>, not in the Glibc module
#endif

/// glibc's allocator, set for the commands that read snapshots (`scan`, `path`). Both settings
/// trade nothing measurable in time for memory the process would otherwise keep resident
/// (Benchmarks/README.md, "Scopes in batches" and "Findings packed"):
///
/// - **Two arenas.** glibc gives each thread that allocates an arena of its own, up to eight per
///   core, and an arena keeps what its thread freed. A snapshot's files decode on every core, batch
///   after batch: the pages of each batch's resources end up spread over many arenas, pinned there by
///   the few values that outlive the batch (its findings, the groups' identities). With two arenas,
///   single 5,000-account scans peaked at 0.55–0.61× the XML against 0.61× with sixteen.
/// - **A fixed mmap threshold of 1 MiB.** By default glibc raises the threshold each time a large
///   block is freed, so that later large arrays (a batch's findings, the reports' pieces) come from
///   the heap, where they leave holes the next, larger one cannot use. Fixed, every block of 1 MiB or
///   more is mapped on its own and handed back whole when freed: at 1,000 accounts the scan's peak
///   went from 105–106 to 102–103 MB.
///
/// A `MALLOC_ARENA_MAX` or `MALLOC_MMAP_THRESHOLD_` in the environment is the user's choice and wins.
public enum MallocSettings {
    /// Called first, before any thread allocates.
    public static func applyForSnapshotReading() {
        #if canImport(Glibc)
        if getenv("MALLOC_ARENA_MAX") == nil {
            let arenaMax: Int32 = -8  // M_ARENA_MAX
            _ = mallopt(arenaMax, 2)
        }
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil {
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            _ = mallopt(mmapThreshold, 1 << 20)
        }
        #endif
    }
}
