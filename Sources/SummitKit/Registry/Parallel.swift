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
