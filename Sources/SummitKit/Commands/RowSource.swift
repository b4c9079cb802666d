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
}

/// Some rows of a `RowSource`, in order, with the columns to show.
public struct LazyRows: Sendable {
    public let source: any RowSource
    /// Row numbers in `source`, in the order the rows come.
    public var order: [Int]
    public var columns: [String]

    /// All the source's rows, in its order.
    public init(_ source: any RowSource, columns: [String]) {
        self.source = source
        self.order = Array(0..<source.count)
        self.columns = columns
    }

    public init(_ source: any RowSource, order: [Int], columns: [String]) {
        self.source = source
        self.order = order
        self.columns = columns
    }

    public var count: Int { order.count }

    /// Every row, built whole.
    public var records: [Record] { order.map { source.record($0) } }

    /// The same rows in another order, or only some of them (positions into `order`).
    public func picking(_ positions: some Sequence<Int>) -> LazyRows {
        LazyRows(source, order: positions.map { order[$0] }, columns: columns)
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
