/// The rows a pipeline stage works on, with the columns to show.
public struct Table: Sendable, Hashable {
    public var rows: [Record]
    public var columns: [String]

    public init(rows: [Record], columns: [String]) {
        self.rows = rows
        self.columns = columns
    }

    /// The records of any result: rows of a table or chart, an entity's data record, a list of
    /// records; another value becomes one row `{value: ...}`.
    public init(_ result: CommandResult) {
        switch result {
        case .records(let rows, let cols), .chart(_, let rows, let cols):
            self.init(rows: rows, columns: cols)
        case .lazyRecords(let l):
            self.init(rows: l.records, columns: l.columns)
        case .detail(let r, _), .entity(_, _, let r):
            self.init(rows: [r], columns: r.keys)
        case .text(let t):
            self.init(rows: [Record(["text": .text(t)])], columns: ["text"])
        case .none:
            self.init(rows: [], columns: [])
        case .value(let v):
            switch v {
            case .null: self.init(rows: [], columns: [])
            case .record(let r): self.init(rows: [r], columns: r.keys)
            case .list(let items):
                var rows: [Record] = []
                rows.reserveCapacity(items.count)
                for i in items {
                    if case .record(let r) = i { rows.append(r) } else { rows.append(Record(["value": i])) }
                }
                var seen = Set<String>()
                var cols: [String] = []
                for r in rows { for k in r.keys where seen.insert(k).inserted { cols.append(k) } }
                self.init(rows: rows, columns: cols)
            default: self.init(rows: [Record(["value": v])], columns: ["value"])
            }
        }
    }

    public var result: CommandResult { .records(rows, columns: columns) }
}

/// A stage that cannot run: the message says why.
public struct StageError: Error, Sendable, Hashable {
    public var message: String
}

/// The pipeline stages other than `where` (which needs the evaluator for its condition).
public enum Stages {
    /// `sort FIELD [asc|desc]`: stable; rows without the field last either way (see `ValueOrder`);
    /// money by currency A to Z either way, then by amount in the direction asked.
    public static func sort(_ t: Table, by path: String, descending: Bool) -> Table {
        Table(rows: sortOrder(t.rows, by: path, descending: descending).map { t.rows[$0] }, columns: t.columns)
    }

    /// The positions of `rows` in `sort` order.
    public static func sortOrder(_ rows: [Record], by path: String, descending: Bool) -> [Int] {
        sortOrder(rows.map { FieldPath.value(in: $0, path: path) }, descending: descending)
    }

    /// The same for rows whose values under the path are `values`.
    public static func sortOrder(_ values: [Value], descending: Bool) -> [Int] {
        // Each row's key is made once (text folded once, not at every comparison).
        let keys = values.map { SortKey($0) }
        return keys.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.isNull != b.isNull { return !a.isNull }
            // Currencies stay in A-Z order either way; only amounts follow the direction.
            if a.rank == SortKey.moneyRank, b.rank == SortKey.moneyRank, a.text != b.text { return a.text < b.text }
            let c = a.compare(b)
            if c != 0 { return descending ? c > 0 : c < 0 }
            return i < j
        }
    }

    /// `select FIELD...`: only these fields, in this order (a dotted path names its column).
    public static func select(_ t: Table, _ paths: [String]) -> Table {
        let rows = t.rows.map { r in Record(paths.map { RecordField($0, FieldPath.value(in: r, path: $0)) }) }
        return Table(rows: rows, columns: paths)
    }

    public static func first(_ t: Table, _ n: Int) -> Table {
        Table(rows: Array(t.rows.prefix(n)), columns: t.columns)
    }

    public static func last(_ t: Table, _ n: Int) -> Table {
        Table(rows: Array(t.rows.suffix(n)), columns: t.columns)
    }

    /// `group FIELD`: one row per value, with how many rows have it, in first-seen order. A row whose
    /// field is a list counts under each of its elements.
    public static func group(_ t: Table, by path: String) -> Table {
        var order: [Value] = []
        var counts: [Value: Int] = [:]
        for r in t.rows {
            let v = FieldPath.value(in: r, path: path)
            var keys: [Value] = []
            if case .list(let items) = v { keys = items.isEmpty ? [.null] : items } else { keys = [v] }
            var seen = Set<Value>()
            for k in keys where seen.insert(k).inserted {
                if counts[k] == nil { order.append(k) }
                counts[k, default: 0] += 1
            }
        }
        let countColumn = path == "count" ? "rows" : "count"
        let rows = order.map { Record([RecordField(path, $0), RecordField(countColumn, .number(Double(counts[$0]!)))]) }
        return Table(rows: rows, columns: [path, countColumn])
    }

    /// `sum FIELD`: money gives one row per currency (currency, sum, count; never mixed, never
    /// converted; qualifiers dropped), numbers and quantities a number. Rows without the field are skipped.
    public static func sum(_ t: Table, _ path: String) throws(StageError) -> CommandResult {
        var money: [String: (total: Double, count: Int)] = [:]
        var total = 0.0
        var numbers = 0
        for (i, r) in t.rows.enumerated() {
            let v = FieldPath.value(in: r, path: path)
            switch v {
            case .null: continue
            case .money(let m):
                money[m.currency, default: (0, 0)].total += m.amount
                money[m.currency, default: (0, 0)].count += 1
            case .number(let x):
                total += x
                numbers += 1
            case .quantity(let q):
                total += q.number
                numbers += 1
            default:
                throw StageError(message: "sum: '\(path)' is \(v.typeName) in row \(i + 1) (\(TextForm.described(v))), not a number or money")
            }
        }
        if !money.isEmpty && numbers > 0 {
            throw StageError(message: "sum: '\(path)' holds both money and plain numbers; select one kind first, as in: where \(path).currency == EUR")
        }
        if money.isEmpty { return .value(.number(total)) }
        let rows = money.keys.sorted().map { c in
            Record([RecordField("currency", .text(c)), RecordField("sum", .money(Money(amount: money[c]!.total, currency: c))),
                    RecordField("count", .number(Double(money[c]!.count)))])
        }
        return .records(rows, columns: ["currency", "sum", "count"])
    }
}

extension Interpreter {
    /// Runs one stage on a result. Rows built on demand (`.lazyRecords`) stay so through
    /// `where`, `sort`, `first`, `last` and `count`, which see each row with only the fields they
    /// read; `select`, `group` and `sum` read those fields alone too. A stage naming a field no
    /// row has sees the rows whole, so its error lists every field.
    func apply(_ stage: Stage, to input: CommandResult, in unit: SourceUnit) throws(Stop) -> CommandResult {
        // `where` and `sort` over rows built on demand see them one at a time, in one record.
        if case .lazyRecords(let rows) = input {
            switch stage {
            case .filter(let c, let position):
                if let narrowed = try moneyFilter(c, on: rows, at: position, in: unit) { return .lazyRecords(narrowed) }
                var paths: [String] = []
                Self.fieldPaths(in: c, into: &paths)
                var skips = Skips()
                var positions: [Int] = []
                if try eachPartialRow(of: rows, reading: paths, { (i: Int, r: Record) throws(Stop) in
                    if try test(c, in: unit, row: r, skips: &skips, stage: "where") { positions.append(i) }
                }) {
                    warnSkips(skips, at: position, in: unit)
                    return .lazyRecords(rows.picking(positions))
                }
            case .sort(let f, let descending, _):
                let path = try pathName(f, stage: "sort", in: unit)
                // Money the source reads as a column: a key in front of the plan, applied when
                // the rows are wanted (by `first`, in one pass).
                if rows.count > 0, let column = rows.source.money(path) {
                    return .lazyRecords(rows.sorted(by: .money(column, descending: descending)))
                }
                var values: [Value] = []
                values.reserveCapacity(rows.count)
                if try eachPartialRow(of: rows, reading: [path], { (_: Int, r: Record) throws(Stop) in values.append(FieldPath.value(in: r, path: path)) }) {
                    return .lazyRecords(rows.picking(Stages.sortOrder(values, descending: descending)))
                }
            case .first(let c, _):
                return .lazyRecords(rows.first(try count(c, stage: "first", in: unit)))
            case .count:
                return .value(.number(Double(rows.count)))
            default: break
            }
        }
        var lazy: LazyRows?
        let t: Table
        if case .lazyRecords(let rows) = input, let partial = try partialTable(for: stage, of: rows, in: unit) {
            lazy = rows
            t = partial
        } else {
            t = Table(input)
        }
        // The rows kept, by position in `t`: still built on demand when they were.
        func kept(_ positions: [Int]) -> CommandResult {
            if let lazy { return .lazyRecords(lazy.picking(positions)) }
            return .records(positions.map { t.rows[$0] }, columns: t.columns)
        }
        switch stage {
        case .filter(let c, let position):
            try requireFields(in: c, t, stage: "where", in: unit)
            var skips = Skips()
            var positions: [Int] = []
            for (i, r) in t.rows.enumerated() where try test(c, in: unit, row: r, skips: &skips, stage: "where") { positions.append(i) }
            warnSkips(skips, at: position, in: unit)
            return kept(positions)
        case .sort(let f, let descending, _):
            let path = try fieldPath(f, t, stage: "sort", in: unit)
            return kept(Stages.sortOrder(t.rows, by: path, descending: descending))
        case .select(let fs, _):
            var paths: [String] = []
            for f in fs { paths.append(try fieldPath(f, t, stage: "select", in: unit)) }
            return Stages.select(t, paths).result
        case .first(let c, _):
            return kept(Array(0..<min(try count(c, stage: "first", in: unit), t.rows.count)))
        case .last(let c, _):
            let n = min(try count(c, stage: "last", in: unit), t.rows.count)
            return kept(Array((t.rows.count - n)..<t.rows.count))
        case .count:
            return .value(.number(Double(t.rows.count)))
        case .group(let f, _):
            let path = try fieldPath(f, t, stage: "group", in: unit)
            return Stages.group(t, by: path).result
        case .sum(let f, _):
            let path = try fieldPath(f, t, stage: "sum", in: unit)
            do {
                return try Stages.sum(t, path)
            } catch {
                throw fail(error.message, at: f.position, in: unit, length: path.count)
            }
        }
    }

    /// `where FIELD OP AMOUNT` over rows whose source reads FIELD as a column of money: each
    /// row's cell tested as `Comparison` would test its value, without building rows. Nil when
    /// the condition is not of that form (the rows are then read one by one).
    func moneyFilter(_ c: Condition, on rows: LazyRows, at position: SourcePosition, in unit: SourceUnit) throws(Stop) -> LazyRows? {
        guard case .comparison(.field(let path, _), let op, let right, _) = c, case .literal = right, rows.count > 0,
              let column = rows.source.money(path) else { return nil }
        guard let test = Comparison.moneyTest(op, try operand(right, in: unit, row: nil)) else { return nil }
        // The warning names the skipped rows' currencies in the order the rows come. With keys
        // still to apply, that is known only when the first sorts by this money (currencies A
        // to Z, either way); otherwise the keys are applied first.
        var currenciesSorted = false
        if test.currency != nil, let first = rows.ordering.first {
            guard case .money(let m, _) = first, m.key == path else { return nil }
            currenciesSorted = true
        }
        var skips = Skips()
        let read = column.pass()
        let narrowed = rows.narrowed { r in
            switch test.verdict(read(r)) {
            case .yes: return true
            case .no, .missing: return false
            case .otherCurrency(let rowCurrency, let literal):
                skips.add(rowCurrency: rowCurrency, literal: literal, field: path)
                return false
            }
        }
        if currenciesSorted { skips.rowCurrencies.sort() }
        warnSkips(skips, at: position, in: unit)
        return narrowed
    }

    /// The warning for rows `where` did not compare, their amounts being in other currencies.
    func warnSkips(_ skips: Skips, at position: SourcePosition, in unit: SourceUnit) {
        guard skips.count > 0 else { return }
        let n = skips.count == 1 ? "1 row" : "\(skips.count) rows"
        let cur = skips.rowCurrencies.joined(separator: ", ")
        let field = skips.field.isEmpty ? "amount" : skips.field
        warn(diagnostic("where: \(n) in \(cur) not compared with an amount in \(skips.literalCurrency) (amounts in different currencies are never compared); to leave them out without this warning, first filter: where \(field).currency == \(skips.literalCurrency)",
                        at: position, in: unit, length: 5, severity: "warning"))
    }

    /// Calls `body` with each row's position and the row with only the fields `paths` read (as
    /// `partialTable` makes them), one at a time in one record, so that no record is built for
    /// each row. False, having called nothing, when a path is in no row: the stage then sees
    /// the rows whole, for its error.
    func eachPartialRow(of rows: LazyRows, reading paths: [String], _ body: (Int, Record) throws(Stop) -> Void) throws(Stop) -> Bool {
        guard let keys = rows.keys(reading: paths) else { return false }
        let source = rows.source
        var row = Record()
        func fill(_ n: Int) {
            row.fields.removeAll(keepingCapacity: true)
            for k in keys { if let v = source.field(k, row: n) { row.fields.append(RecordField(k, v)) } }
        }
        // Every path must be in some row before any row is seen (as `requireFields` checks first).
        var unknown = paths
        let order = rows.order
        for n in order where !unknown.isEmpty {
            fill(n)
            unknown.removeAll { Self.isKnown($0, in: [row]) }
        }
        if !unknown.isEmpty && !order.isEmpty { return false }
        for (i, n) in order.enumerated() {
            fill(n)
            try body(i, row)
        }
        return true
    }

    /// The rows as `stage` needs them: each with only the fields the stage reads (none for
    /// `first`, `last` and `count`). Nil when a field it names is not in the rows, so that the
    /// stage sees them whole and its error can list every field.
    func partialTable(for stage: Stage, of rows: LazyRows, in unit: SourceUnit) throws(Stop) -> Table? {
        var paths: [String] = []
        switch stage {
        case .filter(let c, _): Self.fieldPaths(in: c, into: &paths)
        case .sort(let f, _, _), .group(let f, _), .sum(let f, _): paths = [try pathName(f, stage: stage.name, in: unit)]
        case .select(let fs, _): for f in fs { paths.append(try pathName(f, stage: "select", in: unit)) }
        case .first, .last, .count: return Table(rows: Array(repeating: Record(), count: rows.count), columns: rows.columns)
        }
        guard let keys = rows.keys(reading: paths) else { return nil }
        let t = Table(rows: rows.partialRecords(keys), columns: rows.columns)
        for p in paths where !Self.isKnown(p, in: t.rows) { return nil }
        return t
    }

    /// Every field path a condition reads, lists included.
    static func fieldPaths(in c: Condition, into paths: inout [String]) {
        func walk(_ e: Expr) {
            switch e {
            case .field(let p, _): if !paths.contains(p) { paths.append(p) }
            case .list(let items, _): for i in items { walk(i) }
            default: break
            }
        }
        switch c {
        case .comparison(let l, _, let r, _):
            walk(l)
            walk(r)
        case .truth(let e, _): walk(e)
        case .not(let inner, _): fieldPaths(in: inner, into: &paths)
        case .all(let cs), .any(let cs): for x in cs { fieldPaths(in: x, into: &paths) }
        }
    }

    /// The path a stage names, checked against the rows: a field no row has is an error with a suggestion.
    func fieldPath(_ f: FieldName, _ t: Table, stage: String, in unit: SourceUnit) throws(Stop) -> String {
        let path = try pathName(f, stage: stage, in: unit)
        try requireField(path, t, stage: stage, at: f.position, in: unit)
        return path
    }

    /// The path a stage names, a variable read.
    func pathName(_ f: FieldName, stage: String, in unit: SourceUnit) throws(Stop) -> String {
        switch f {
        case .path(let p, _): return p
        case .variable(let v):
            let value = try variableValue(v, in: unit)
            guard let s = value.textValue, !s.isEmpty else {
                throw fail("\(stage) needs a field name; \(v.spelling) is \(value.typeName) \(TextForm.described(value))", at: v.position, in: unit, length: v.spelling.count)
            }
            return s
        }
    }

    /// True when there are no rows or some row has the field (the whole path as a key, or its first part).
    static func isKnown(_ path: String, in rows: [Record]) -> Bool {
        if rows.isEmpty { return true }
        if rows.contains(where: { $0.fields.contains { $0.key == path } }) { return true }
        return FieldPath.isKnown(FieldPath.split(path), in: rows)
    }

    func requireField(_ path: String, _ t: Table, stage: String, at position: SourcePosition, in unit: SourceUnit) throws(Stop) {
        if Self.isKnown(path, in: t.rows) { return }
        let parts = FieldPath.split(path)
        let keys = FieldPath.keys(of: t.rows)
        var msg = "\(stage): no row has a field '\(TextForm.short(parts[0]))'"
        if let s = Suggest.closest(to: parts[0], in: keys) {
            msg += "; did you mean '\(s)'?"
        } else {
            msg += "; the fields are " + keys.prefix(15).joined(separator: ", ")
        }
        throw fail(msg, at: position, in: unit, length: path.count)
    }

    /// Checks every field a `where` condition names.
    func requireFields(in c: Condition, _ t: Table, stage: String, in unit: SourceUnit) throws(Stop) {
        func fields(_ e: Expr) throws(Stop) {
            if case .field(let p, let pos) = e { try requireField(p, t, stage: stage, at: pos, in: unit) }
        }
        switch c {
        case .comparison(let l, _, let r, _):
            try fields(l)
            try fields(r)
        case .truth(let e, _): try fields(e)
        case .not(let inner, _): try requireFields(in: inner, t, stage: stage, in: unit)
        case .all(let cs), .any(let cs):
            for x in cs { try requireFields(in: x, t, stage: stage, in: unit) }
        }
    }

    func count(_ c: CountArgument, stage: String, in unit: SourceUnit) throws(Stop) -> Int {
        switch c {
        case .number(let n, _): return n
        case .variable(let v):
            let value = try variableValue(v, in: unit)
            if case .number(let x) = value, x >= 0, x == x.rounded(), x < 1e15 { return Int(x) }
            if let s = value.textValue, let n = Int(s), n >= 0 { return n }
            throw fail("\(stage) needs a whole number of rows; \(v.spelling) is \(TextForm.described(value))", at: v.position, in: unit, length: v.spelling.count)
        }
    }
}
