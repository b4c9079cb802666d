/// A money field read at any position of the registry: from a pack image's column where it has
/// one (`PackImage.MoneyColumn`), else from the entity.
public struct MoneyCells: Sendable {
    let entities: EntityStore
    let name: String
    let columns: [(range: Range<Int>, column: PackImage.MoneyColumn)]

    /// The amount and currency of field `name` (its first claim) of the entity at `position`;
    /// nil when that is not money.
    public func cell(_ position: Int) -> (amount: Double, currency: String)? {
        for c in columns where c.range.contains(position) {
            guard let (amount, k) = c.column.cell(position - c.range.lowerBound) else { return nil }
            return (amount, c.column.currencies[k])
        }
        guard case .money(let m) = entities[position][field: name] else { return nil }
        return (m.amount, m.currency)
    }

    /// Whether the field is money at `position` (a column's currency alone is read).
    public func has(_ position: Int) -> Bool {
        for c in columns where c.range.contains(position) { return c.column.has(position - c.range.lowerBound) }
        if case .money = entities[position][field: name] { return true }
        return false
    }

    /// A reader of the same cells for one pass on one thread: the columns are read through
    /// small buffers (`PackImage.MoneyColumn.Cursor`), not their mapped pages.
    public func cursor() -> Cursor { Cursor(self) }

    public final class Cursor {
        let cells: MoneyCells
        private let ranges: [Range<Int>]
        /// Every column's currencies, one after another; column k's start at `firstName[k]`.
        private let names: [String]
        private let firstName: [Int]
        /// The windows, and the column the last position was in (positions asked in order mostly
        /// stay in it): behind pointers, so that a cell's read has no exclusivity check or
        /// copy-on-write test, only a few loads.
        private let windows: UnsafeMutableBufferPointer<PackImage.MoneyColumn.Window>
        private let current: UnsafeMutablePointer<(k: Int, lo: Int, hi: Int)>

        init(_ cells: MoneyCells) {
            self.cells = cells
            ranges = cells.columns.map(\.range)
            names = cells.columns.flatMap(\.column.currencies)
            var at = 0, first: [Int] = []
            for c in cells.columns { first.append(at); at += c.column.currencies.count }
            firstName = first
            windows = .allocate(capacity: cells.columns.count)
            _ = windows.initialize(from: cells.columns.map { PackImage.MoneyColumn.Window($0.column) })
            current = .allocate(capacity: 1)
            current.initialize(to: (-1, 0, 0))
        }

        deinit {
            for w in windows { w.deallocate() }
            windows.deallocate()
            current.deallocate()
        }

        /// The column `position` is in (which becomes the current one), or nil.
        @inline(__always)
        private func column(_ position: Int) -> Int? {
            let c = current.pointee
            if position >= c.lo && position < c.hi { return c.k }
            for j in ranges.indices where ranges[j].contains(position) {
                current.pointee = (j, ranges[j].lowerBound, ranges[j].upperBound)
                return j
            }
            return nil
        }

        public func cell(_ position: Int) -> (amount: Double, currency: String)? {
            guard let k = column(position) else { return cells.cell(position) }
            guard let (amount, code) = windows[k].cell(position - current.pointee.lo) else { return nil }
            return (amount, names[firstName[k] + code])
        }

        public func has(_ position: Int) -> Bool {
            guard let k = column(position) else { return cells.has(position) }
            return windows[k].has(position - current.pointee.lo)
        }
    }
}

extension Registry {
    /// Field `name`'s money at any position, read from the images' columns where they have one.
    public func moneyCells(_ name: String) -> MoneyCells {
        MoneyCells(entities: entities, name: name, columns: entities.images.compactMap { im in
            im.image.moneyColumn(name).map { (im.base..<(im.base + im.image.count), $0) }
        })
    }
}
