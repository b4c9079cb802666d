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
        private let cursors: [PackImage.MoneyColumn.Cursor]

        init(_ cells: MoneyCells) {
            self.cells = cells
            cursors = cells.columns.map { $0.column.cursor() }
        }

        public func cell(_ position: Int) -> (amount: Double, currency: String)? {
            for (k, c) in cells.columns.enumerated() where c.range.contains(position) {
                guard let (amount, code) = cursors[k].cell(position - c.range.lowerBound) else { return nil }
                return (amount, c.column.currencies[code])
            }
            return cells.cell(position)
        }

        public func has(_ position: Int) -> Bool {
            for (k, c) in cells.columns.enumerated() where c.range.contains(position) { return cursors[k].has(position - c.range.lowerBound) }
            return cells.has(position)
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
