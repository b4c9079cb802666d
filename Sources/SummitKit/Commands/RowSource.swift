/// Rows a command can build one at a time, and one field at a time.
///
/// A command with many rows (`funding list` over a large pack) returns them as `LazyRows` over a
/// source. A pipeline's `where`, `sort`, `first`, `last` and `count` then work on row numbers,
/// asking only for the fields they name. Only the rows that come out of the pipeline are built
/// whole: `funding list | where amount > 1bn | sort amount desc | first 10` builds ten records.
/// Whatever reads the pipeline's result (output, a variable, `for`) gets the rows left built
/// whole, so a source changes how much work is done, never what comes out.
public protocol RowSource: Sendable {
    /// How many rows there are.
    var count: Int { get }
    /// Every key a row's record may have. A key no row has does no harm; a key some row has
    /// must be here.
    var keys: [String] { get }
    /// Field `key` of row `row`'s record, or nil when the record has no such key. It must equal
    /// what `record(row)` holds under `key`.
    func field(_ key: String, row: Int) -> Value?
    /// Row `row`'s whole record.
    func record(_ row: Int) -> Record
    /// The money under `key` in every row, read without building rows (from a pack's column):
    /// nil when the source cannot give it so. Where it is given, every row's `field(key, row:)`
    /// is money with the amount and currency the column gives, or null where it gives nil.
    func money(_ key: String) -> RowMoney?
}

extension RowSource {
    public func money(_ key: String) -> RowMoney? { nil }
}

/// A column of money, one cell a row (`RowSource.money`).
public struct RowMoney: Sendable {
    /// The key whose values these are.
    public let key: String
    /// Row `row`'s cell.
    public let cell: @Sendable (Int) -> (amount: Double, currency: String)?
    /// A reader of the cells for one pass on one thread, best in increasing row order (a pack's
    /// column is then read through a small buffer rather than its mapped pages).
    public let pass: @Sendable () -> (Int) -> (amount: Double, currency: String)?

    public init(key: String, _ cell: @escaping @Sendable (Int) -> (amount: Double, currency: String)?,
                pass: (@Sendable () -> (Int) -> (amount: Double, currency: String)?)? = nil) {
        self.key = key
        self.cell = cell
        self.pass = pass ?? { cell }
    }
}

/// A key a pipeline sorts rows by, not yet applied (`LazyRows.ordering`).
public enum RowKey: Sendable {
    /// Money as `sort` orders it: rows without money last either way, currencies A to Z either
    /// way, then amounts in the direction asked.
    case money(RowMoney, descending: Bool)
    /// Any order of two rows: negative, zero (a tie, for the next key) or positive.
    case rows(@Sendable (Int, Int) -> Int)
}

/// Some rows of a `RowSource`, with the columns to show.
///
/// The rows are kept as a plan, applied when someone needs them in order: which of the source's
/// rows (all, a set, or a list in a given order) and the sort keys not yet applied (a stable
/// sort: ties keep the rows' order). `where` on a money column narrows the set; `sort` on one
/// adds a key in front; `first N` then picks the N first rows under the keys in one pass over
/// the set, without sorting it. So a query over a million rows holds a bit a row and N rows,
/// not the rows in order.
public struct LazyRows: Sendable {
    public let source: any RowSource
    var rows: RowSet
    /// Sort keys still to apply to `rows`, the first the most significant.
    var ordering: [RowKey]
    public var columns: [String]

    /// Which rows of the source, and in what order before `ordering`.
    enum RowSet: Sendable {
        /// Every row, in the source's order.
        case all
        /// The rows whose bits are set, in the source's order; `count` of them.
        case bits([UInt64], count: Int)
        /// These rows, in this order.
        case list([Int])
    }

    /// All the source's rows, in its order.
    public init(_ source: any RowSource, columns: [String]) {
        self.init(source, ordering: [], columns: columns)
    }

    /// All the source's rows, sorted by `ordering` (stable: ties in the source's order).
    public init(_ source: any RowSource, ordering: [RowKey], columns: [String]) {
        self.source = source
        self.rows = .all
        self.ordering = ordering
        self.columns = columns
    }

    public init(_ source: any RowSource, order: [Int], columns: [String]) {
        self.source = source
        self.rows = .list(order)
        self.ordering = []
        self.columns = columns
    }

    public var count: Int {
        switch rows {
        case .all: return source.count
        case .bits(_, let n): return n
        case .list(let l): return l.count
        }
    }

    /// The rows of the set, in its order (before `ordering`).
    func forEachRow<E: Error>(_ body: (Int) throws(E) -> Void) throws(E) {
        switch rows {
        case .all: for r in 0..<source.count { try body(r) }
        case .bits(let words, _):
            for (w, word) in words.enumerated() {
                var bits = word
                while bits != 0 {
                    try body(64 * w + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        case .list(let l): for r in l { try body(r) }
        }
    }

    /// The set's rows in their order, as a list.
    var setRows: [Int] {
        if case .list(let l) = rows { return l }
        var out: [Int] = []
        out.reserveCapacity(count)
        forEachRow { out.append($0) }
        return out
    }

    /// Row numbers in `source`, in the order the rows come (the keys applied).
    public var order: [Int] {
        let rows = setRows
        guard !ordering.isEmpty else { return rows }
        return Self.sorted(rows, by: ordering)
    }

    /// Every row, built whole.
    public var records: [Record] { order.map { source.record($0) } }

    /// The same rows in another order, or only some of them (positions into `order`).
    public func picking(_ positions: some Sequence<Int>) -> LazyRows {
        let order = self.order
        return LazyRows(source, order: positions.map { order[$0] }, columns: columns)
    }

    /// The rows with a set `keep` picks (in the set's order), the keys still to apply.
    func narrowed<E: Error>(_ keep: (Int) throws(E) -> Bool) throws(E) -> LazyRows {
        var out = self
        switch rows {
        case .list(let l):
            var kept: [Int] = []
            for r in l where try keep(r) { kept.append(r) }
            out.rows = .list(kept)
        case .all, .bits:
            var words = [UInt64](repeating: 0, count: (source.count + 63) / 64)
            var n = 0
            try forEachRow { (r: Int) throws(E) in
                if try keep(r) {
                    words[r >> 6] |= 1 << UInt64(r & 63)
                    n += 1
                }
            }
            out.rows = .bits(words, count: n)
        }
        return out
    }

    /// Sorted by `key` (stable), in front of the keys already there.
    func sorted(by key: RowKey) -> LazyRows {
        var out = self
        out.ordering.insert(key, at: 0)
        return out
    }

    /// The first `n` rows in order. With keys to apply and `n` small against the rows, one
    /// pass keeps the `n` best seen so far, instead of sorting every row.
    func first(_ n: Int) -> LazyRows {
        if ordering.isEmpty || n > Self.pickedWithoutSorting || n * 4 > count {
            return LazyRows(source, order: Array(order.prefix(n)), columns: columns)
        }
        let keys = ordering, rest = Array(keys.dropFirst())
        // The best rows so far, in order, with their set position (the last tie-break) and the
        // first key's money read once.
        var best: [(row: Int, place: Int, cell: (amount: Double, currency: String)?)] = []
        best.reserveCapacity(n + 1)
        let first: ((Int) -> (amount: Double, currency: String)?)?, descending: Bool
        if case .money(let m, let d) = keys[0] { (first, descending) = (m.pass(), d) } else { (first, descending) = (nil, false) }
        var place = 0
        forEachRow { r in
            defer { place += 1 }
            let cell = first?(r)
            let candidate = (row: r, place: place, cell: cell)
            func before(_ a: (row: Int, place: Int, cell: (amount: Double, currency: String)?), _ b: (row: Int, place: Int, cell: (amount: Double, currency: String)?)) -> Bool {
                // The first key (read already) mostly decides; the others only on its ties.
                let c = first != nil ? Self.moneyOrder(a.cell, b.cell, descending: descending) : Self.compare(a.row, nil, b.row, nil, keys)
                if c != 0 { return c < 0 }
                let d = first != nil ? Self.compare(a.row, nil, b.row, nil, rest) : 0
                return d != 0 ? d < 0 : a.place < b.place
            }
            if best.count == n, let worst = best.last, !before(candidate, worst) { return }
            // Binary search for the place among the best.
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if before(best[mid], candidate) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(candidate, at: lo)
            if best.count > n { best.removeLast() }
        }
        return LazyRows(source, order: best.map(\.row), columns: columns)
    }

    /// `first` picks its rows in one pass up to this many; more are sorted whole.
    static let pickedWithoutSorting = 1_000

    /// Rows `a` and `b` under `keys`: negative when `a` comes first, 0 on a tie. The first key's
    /// cells may be given, read already.
    static func compare(_ a: Int, _ ca: (amount: Double, currency: String)?, _ b: Int, _ cb: (amount: Double, currency: String)?, _ keys: [RowKey]) -> Int {
        for (k, key) in keys.enumerated() {
            let c: Int
            switch key {
            case .money(let m, let descending):
                c = moneyOrder(k == 0 ? ca : m.cell(a), k == 0 ? cb : m.cell(b), descending: descending)
            case .rows(let order):
                c = order(a, b)
            }
            if c != 0 { return c }
        }
        return 0
    }

    /// Two cells in `sort`'s order (`Stages.sortOrder`): nulls last, currencies A to Z either
    /// way, amounts in the direction asked.
    @inline(__always)
    static func moneyOrder(_ x: (amount: Double, currency: String)?, _ y: (amount: Double, currency: String)?, descending: Bool) -> Int {
        guard let x else { return y == nil ? 0 : 1 }
        guard let y else { return -1 }
        if x.currency != y.currency { return x.currency < y.currency ? -1 : 1 }
        let c = ValueOrder.cmp(x.amount, y.amount)
        return descending ? -c : c
    }

    /// `rows` sorted by `keys` (stable). The first key, when it is money, is read once a row
    /// and sorted on every core; only ties go on to the other keys.
    static func sorted(_ rows: [Int], by keys: [RowKey]) -> [Int] {
        guard case .money(let m, let descending) = keys[0] else {
            return rows.indices.sorted { i, j in
                let c = compare(rows[i], nil, rows[j], nil, keys)
                return c != 0 ? c < 0 : i < j
            }.map { rows[$0] }
        }
        // Currencies numbered in A-Z order (nulls after every currency), amounts beside them.
        let cells = rows.map(m.pass())
        let codes = Array(Set(cells.compactMap { $0?.currency })).sorted()
        var rank: [String: Int] = [:]
        for (k, c) in codes.enumerated() { rank[c] = k }
        let keyed = (0..<rows.count).map { i in (currency: cells[i].map { rank[$0.currency]! } ?? codes.count, amount: cells[i]?.amount ?? 0, place: i) }
        let nulls = codes.count
        let sorted = Parallel.sorted(keyed, minimum: sortedPerCore) { x, y in
            if x.currency != y.currency { return x.currency < y.currency }
            if x.currency != nulls {
                let c = ValueOrder.cmp(x.amount, y.amount)
                if c != 0 { return descending ? c > 0 : c < 0 }
            }
            return x.place < y.place
        }
        var out = sorted.map { rows[$0.place] }
        guard keys.count > 1 else { return out }
        // Each run the first key ties on, by the other keys (stable).
        let rest = Array(keys.dropFirst())
        var start = 0
        while start < out.count {
            var end = start + 1
            func ties(_ a: (currency: Int, amount: Double, place: Int), _ b: (currency: Int, amount: Double, place: Int)) -> Bool {
                a.currency == b.currency && (a.currency == nulls || ValueOrder.cmp(a.amount, b.amount) == 0)
            }
            while end < out.count, ties(sorted[end], sorted[start]) { end += 1 }
            if end - start > 1 {
                let run = Array(out[start..<end])
                let order = run.indices.sorted { i, j in
                    let c = compare(run[i], nil, run[j], nil, rest)
                    return c != 0 ? c < 0 : i < j
                }
                for (k, o) in order.enumerated() { out[start + k] = run[o] }
            }
            start = end
        }
        return out
    }

    /// Rows below this many are sorted on the calling thread alone.
    public static let sortedPerCore = 50_000

    /// Rows `0..<n` sorted by `keys` (stable), as a plan's rows are.
    public static func order(_ n: Int, by keys: [RowKey]) -> [Int] {
        keys.isEmpty ? Array(0..<n) : sorted(Array(0..<n), by: keys)
    }

    /// The source's keys a field path can read: the whole path, its first part, and `fields` and
    /// `relations` (whose names a path may also reach; see `FieldPath.step`). Nil when the first
    /// part is no key at all: the caller then works on whole rows, for the usual error message.
    public func keys(reading paths: [String]) -> [String]? {
        let keys = source.keys
        var wanted: Set<String> = ["fields", "relations"]
        for p in paths {
            let first = FieldPath.split(p)[0]
            guard keys.contains(p) || keys.contains(first) || keys.contains("fields") || keys.contains("relations") else { return nil }
            wanted.insert(p)
            wanted.insert(first)
        }
        return keys.filter { wanted.contains($0) }
    }

    /// Each row with only `keys` (in record order): what a stage that reads those fields sees.
    public func partialRecords(_ keys: [String]) -> [Record] {
        let source = self.source
        return order.map { row in
            var fields: [RecordField] = []
            fields.reserveCapacity(keys.count)
            for k in keys { if let v = source.field(k, row: row) { fields.append(RecordField(k, v)) } }
            return Record(fields)
        }
    }
}

extension LazyRows: Hashable {
    /// Equal when they show the same records under the same columns, however they are made.
    public static func == (a: LazyRows, b: LazyRows) -> Bool {
        a.columns == b.columns && a.records == b.records
    }

    public func hash(into h: inout Hasher) {
        h.combine(columns)
        h.combine(records)
    }
}
