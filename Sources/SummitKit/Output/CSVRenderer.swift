/// CSV output (RFC 4180): a header row, then one row per record.
public enum CSVRenderer {
    public static func render(_ result: CommandResult) -> String {
        switch result {
        case .records(let rows, let cols), .chart(_, let rows, let cols):
            return table(rows, columns: cols)
        case .entity(_, _, let r):
            return table([r], columns: r.keys)
        case .detail(let r, _):
            return (["field,value"] + r.fields.map { field($0.key) + "," + field(cell($0.value)) }).joined(separator: "\n")
        case .value(let v): return field(cell(v))
        case .text(let t): return t
        case .none: return ""
        }
    }

    static func table(_ rows: [Record], columns: [String]) -> String {
        var lines = [columns.map(field).joined(separator: ",")]
        for r in rows { lines.append(columns.map { field(cell(r.value(at: $0))) }.joined(separator: ",")) }
        return lines.joined(separator: "\n")
    }

    /// Machine-friendly cell text: full numbers, `200000000000 EUR`, ISO dates.
    static func cell(_ v: Value) -> String {
        switch v {
        case .money(let m): return NumberFormat.plain(m.amount) + " " + m.currency
        case .number(let x): return NumberFormat.plain(x)
        case .quantity(let q):
            return q.qualifier.prefix + NumberFormat.plain(q.number) + (q.upper.map { "-" + NumberFormat.plain($0) } ?? "")
        case .list(let items): return items.map(cell).joined(separator: "; ")
        case .record: return JSONRenderer.encode(v)
        default: return v.display
        }
    }

    static func field(_ s: String) -> String {
        // Bytes, not characters: the four are ASCII, and a byte scan is several times quicker.
        if s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            return "\"" + s.replacingOccurrences("\"", with: "\"\"") + "\""
        }
        return s
    }
}
