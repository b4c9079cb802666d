/// Positions in the registry, kept as runs of consecutive positions: the kind index. Packs list
/// a kind's entities together, so a kind of a million entities linked from a pack's image is a
/// few runs, not a million numbers.
public struct Positions: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Runs in order, none empty, no two adjacent (a run that would continue the last one joins it).
    public private(set) var runs: [Range<Int>] = []
    /// How many positions the runs before each one hold.
    private var before: [Int] = []
    public private(set) var endIndex = 0

    public init() {}

    public init(_ positions: some Sequence<Int>) {
        for p in positions { append(p) }
    }

    public init(arrayLiteral positions: Int...) { self.init(positions) }

    public var startIndex: Int { 0 }

    /// The first position when they are one run (position `i` is then `start + i`).
    public var start: Int? { runs.count == 1 ? runs[0].lowerBound : (runs.isEmpty ? 0 : nil) }

    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < endIndex, "position index out of range")
        if runs.count == 1 { return runs[0].lowerBound + i }
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if before[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        return runs[lo].lowerBound + i - before[lo]
    }

    /// Position `i` for `i` asked mostly in increasing order: the run found last is tried first.
    public func reader() -> (Int) -> Int {
        /// The run found last, behind a pointer (no exclusivity check a call).
        final class Last {
            let run = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            init() { run.initialize(to: 0) }
            deinit { run.deallocate() }
        }
        let last = Last(), runs = runs, before = before, positions = self
        return { i in
            let k = last.run.pointee
            if k < runs.count, i >= before[k], i - before[k] < runs[k].count { return runs[k].lowerBound + i - before[k] }
            if k + 1 < runs.count, i >= before[k + 1], i - before[k + 1] < runs[k + 1].count {
                last.run.pointee = k + 1
                return runs[k + 1].lowerBound + i - before[k + 1]
            }
            let p = positions[i]
            last.run.pointee = runs.firstIndex { $0.contains(p) } ?? 0
            return p
        }
    }

    /// Positions `range` of these (by index), as runs: iterating them needs no search a position.
    public func part(_ range: Range<Int>) -> Positions {
        var out = Positions()
        for (k, run) in runs.enumerated() {
            let from = Swift.max(range.lowerBound, before[k]), to = Swift.min(range.upperBound, before[k] + run.count)
            if from < to { out.append(contentsOf: (run.lowerBound + from - before[k])..<(run.lowerBound + to - before[k])) }
        }
        return out
    }

    public mutating func append(_ p: Int) { append(contentsOf: p..<(p + 1)) }

    public mutating func append(contentsOf range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let last = runs.last, last.upperBound == range.lowerBound {
            runs[runs.count - 1] = last.lowerBound..<range.upperBound
        } else {
            runs.append(range)
            before.append(endIndex)
        }
        endIndex += range.count
    }

    public mutating func append(contentsOf other: Positions) {
        for r in other.runs { append(contentsOf: r) }
    }

    /// Iterates run by run, without a search for each position.
    public struct Iterator: IteratorProtocol {
        let runs: [Range<Int>]
        var run = 0, at: Int
        init(_ runs: [Range<Int>]) {
            self.runs = runs
            at = runs.first?.lowerBound ?? 0
        }
        public mutating func next() -> Int? {
            guard run < runs.count else { return nil }
            let p = at
            at += 1
            if at == runs[run].upperBound {
                run += 1
                if run < runs.count { at = runs[run].lowerBound }
            }
            return p
        }
    }

    public func makeIterator() -> Iterator { Iterator(runs) }

    public static func == (a: Positions, b: Positions) -> Bool { a.runs == b.runs }
    public func hash(into h: inout Hasher) { h.combine(runs) }
}
