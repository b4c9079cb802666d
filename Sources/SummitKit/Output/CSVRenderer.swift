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
        // UTF-8 bytes, appended to: no array of cells or lines to build and join.
        var out: [UInt8] = []
        out.reserveCapacity(64 * (rows.count + 1))
        for (j, c) in columns.enumerated() {
            if j > 0 { out.append(44) }
            append(c, to: &out)
        }
        for r in rows {
            out.append(10)
            // A row whose fields are the columns, in order (most are), is read straight through.
            if r.fields.count == columns.count, zip(r.fields, columns).allSatisfy({ $0.key == $1 }) {
                for (j, f) in r.fields.enumerated() {
                    if j > 0 { out.append(44) }
                    append(cell(f.value), to: &out)
                }
                continue
            }
            for (j, c) in columns.enumerated() {
                if j > 0 { out.append(44) }
                append(cell(r.value(at: c)), to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `field(s)`, appended as UTF-8.
    static func append(_ s: String, to out: inout [UInt8]) {
        if needsQuotes(s) {
            out.append(34)
            for b in s.utf8 {
                if b == 34 { out.append(34) }
                out.append(b)
            }
            out.append(34)
        } else if s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: s.utf8)
        }
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

    /// Whether a field must be quoted: it holds a comma, a quote or a line break. Bytes, not
    /// characters: the four are ASCII, and a byte scan is several times quicker.
    static func needsQuotes(_ s: String) -> Bool {
        ByteScan.contains(s) { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    static func field(_ s: String) -> String {
        if needsQuotes(s) {
            return "\"" + s.replacingOccurrences("\"", with: "\"\"") + "\""
        }
        return s
    }
}
