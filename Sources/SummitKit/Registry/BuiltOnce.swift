import Synchronization

/// A value derived from one state of a registry, built on first use and then shared by every
/// copy of that state (thread-safe). The registry replaces it with a fresh one on every change.
/// Holds the sorted ids behind Tab completion, the search corpus behind `find` and the
/// incoming relations behind `show`.
final class BuiltOnce<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    /// The value, built now by `build` if this is the first use.
    func value(_ build: () -> Value) -> Value {
        storage.withLock { stored in
            if let stored { return stored }
            let built = build()
            stored = built
            return built
        }
    }
}

/// How many times something has been used, such as a corpus searched (shared by copies).
final class UseCount: Sendable {
    private let count = Atomic<Int>(0)
    /// Counts one more use; returns how many there have been, this one included.
    func next() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }
}
