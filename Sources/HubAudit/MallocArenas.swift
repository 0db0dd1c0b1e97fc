#if canImport(Glibc)
import Glibc

@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32  // <malloc.h>, not in the Glibc module
#endif

/// glibc gives each thread that allocates an arena of its own, up to eight per core, and an arena
/// keeps what its thread freed. A snapshot's files decode on every core, batch after batch: the
/// pages of each batch's resources end up spread over many arenas, pinned there by the few values
/// that outlive the batch (its findings, the groups' identities), and stay resident. With two
/// arenas, single 5,000-account scans peaked at 0.55–0.61× the XML against 0.61× with glibc's
/// default (sixteen on two cores), in the same time within the machine's noise (Benchmarks/README.md,
/// "Scopes in batches").
public enum MallocArenas {
    /// For the commands that read snapshots (`scan`, `path`): called first, before any thread
    /// allocates. A `MALLOC_ARENA_MAX` in the environment is the user's choice and wins.
    public static func limitForSnapshotReading() {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil else { return }
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = mallopt(arenaMax, 2)
        #endif
    }
}
