import Testing
@testable import SummitKit

/// Work spread over the cores gives what one thread gives.
@Suite("parallel work")
struct ParallelTests {
    /// Sorted a part a core and merged, with many ties: the stable sort's order, whatever the
    /// number of parts.
    @Test func sortedIsTheStableSort() {
        var g = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 3, 10, 1000, 4099] {
            let items = (0..<n).map { (key: Int.random(in: 0..<7, using: &g), at: $0) }
            for minimum in [1, 2, 100, 10_000] {
                let got = Parallel.sorted(items, minimum: minimum) { $0.key < $1.key }
                #expect(got.map(\.at) == items.sorted { $0.key < $1.key }.map(\.at), "\(n) items, \(minimum) a part at least")
            }
        }
        // Merging keeps the first run's items first on ties.
        #expect(Parallel.merge([(1, "a"), (2, "a")], [(1, "b"), (3, "b")]) { $0.0 < $1.0 }.map(\.1) == ["a", "b", "a", "b"])
    }
}
