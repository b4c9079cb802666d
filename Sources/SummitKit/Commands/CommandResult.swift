/// What a command returns; rendering to table, JSON, CSV or Markdown happens at the edge.
public enum CommandResult: Sendable, Hashable {
    /// Rows with the columns to show, in order.
    case records([Record], columns: [String])
    /// Rows built on demand (see `RowSource`): pipelines filter, sort and cut them by the fields
    /// they name; everything else sees them as `records` (`materialized`).
    case lazyRecords(LazyRows)
    /// One record shown as a vertical list of fields.
    case detail(Record, title: String)
    /// An entity: a view for people (tables, Markdown) and its data record for machines (JSON, CSV, pipelines).
    case entity(view: Record, title: String, data: Record)
    /// A single value (`funding total` for one currency, `count`).
    case value(Value)
    /// Text for people (help). Rendered as is in every format but JSON, where it is a string.
    case text(String)
    /// A chart drawn for the terminal, with the records behind it for other formats.
    case chart(String, records: [Record], columns: [String])
    /// Nothing to print.
    case none

    /// Records from any result, for pipelines and machine formats.
    public var records: [Record] {
        switch self {
        case .records(let r, _), .chart(_, let r, _): return r
        case .lazyRecords(let l): return l.records
        case .detail(let r, _), .entity(_, _, let r): return [r]
        case .value(let v): return [Record(["value": v])]
        case .text(let t): return [Record(["text": .text(t)])]
        case .none: return []
        }
    }

    /// The result with rows built on demand built whole (`.records`); any other as it is.
    public var materialized: CommandResult {
        if case .lazyRecords(let l) = self { return .records(l.records, columns: l.columns) }
        return self
    }

    /// Records with the columns inferred from the union of keys, in first-seen order.
    public static func table(_ records: [Record]) -> CommandResult {
        var seen = Set<String>()
        var cols: [String] = []
        for r in records {
            for k in r.keys where seen.insert(k).inserted { cols.append(k) }
        }
        return .records(records, columns: cols)
    }
}
