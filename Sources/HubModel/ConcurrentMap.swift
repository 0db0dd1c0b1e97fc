import Dispatch

extension Array where Element: Sendable {
    /// `map` across all cores, results in the input's order (so output stays deterministic).
    /// For work of a few milliseconds or more per element: files to decode, rules to run.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, transform(elements[index]))
        }
        return slots.values
    }
}

/// Results written by index from concurrent workers. Each index is written by exactly one worker and
/// read only after `concurrentPerform` returned, so the slots need no lock.
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: T) { storage[index] = value }

    var values: [T] { storage.map { $0! } }
}
