import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Work spread over the machine's cores, with results in order: reading a large pack's files,
/// decoding its compiled form, checking its entities.
public enum Parallel {
    /// The cores online (at least 1).
    public static let cores: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `body(i)` for every `i` in `0..<count`, several at once; the results in `i` order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count == 1 { return [body(0)] }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.put(i, body(i)) }
        return slots.take()
    }

    /// `body` over consecutive ranges covering `0..<count`, one per core but none shorter than
    /// `minimum` (so small work runs on the calling thread alone); the results in range order.
    public static func chunks<T: Sendable>(_ count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let k = max(1, min(cores, count / max(1, minimum)))
        if k == 1 { return [body(0..<count)] }
        return map(k) { i in body((count * i / k)..<(count * (i + 1) / k)) }
    }

    /// `chunks` whose results are arrays, joined in range order (one range's array as it is).
    public static func concatenated<T: Sendable>(_ count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        let parts = chunks(count, minimum: minimum, body)
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }

    /// `items` sorted (stable, as `sorted(by:)` sorts): one part a core sorted at once, then the
    /// parts merged, the earlier part first on ties. Fewer than `minimum` items sort on the
    /// calling thread alone. Inlinable, so that the sort is specialised for the caller's items.
    @inlinable
    public static func sorted<T: Sendable>(_ items: [T], minimum: Int, by less: @escaping @Sendable (T, T) -> Bool) -> [T] {
        var parts = chunks(items.count, minimum: minimum) { range in items[range].sorted(by: less) }
        while parts.count > 1 {
            var merged: [[T]] = []
            for i in stride(from: 0, to: parts.count, by: 2) {
                merged.append(i + 1 < parts.count ? merge(parts[i], parts[i + 1], by: less) : parts[i])
            }
            parts = merged
        }
        return parts.first ?? []
    }

    /// Two sorted runs as one, `a`'s items first on ties.
    @inlinable
    static func merge<T>(_ a: [T], _ b: [T], by less: (T, T) -> Bool) -> [T] {
        var out: [T] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// One result slot per worker, each written by exactly one worker and read after all finish.
    final class Slots<T>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<T?>
        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }
        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }
        func put(_ i: Int, _ value: T) { buffer[i] = value }
        func take() -> [T] { buffer.map { $0! } }
    }
}
