/// CSV output (RFC 4180): a header row, then one row per record.
public enum CSVRenderer {
    public static func render(_ result: CommandResult) -> String {
        switch result {
        case .records(let rows, let cols), .chart(_, let rows, let cols):
            return table(rows, columns: cols)
        case .lazyRecords: return render(result.materialized)
        case .entity(_, _, let r):
            return table([r], columns: r.keys)
        case .detail(let r, _):
            return (["field,value"] + r.fields.map { field($0.key) + "," + field(cell($0.value)) }).joined(separator: "\n")
        case .value(let v): return field(cell(v))
        case .text(let t): return t
        case .none: return ""
        }
    }

    /// The rendering of a table-shaped result as UTF-8 bytes (what `render` decodes into a
    /// String); nil for the other shapes.
    public static func utf8(_ result: CommandResult) -> [UInt8]? {
        switch result {
        case .records(let rows, let cols), .chart(_, let rows, let cols): return tableBytes(rows, columns: cols)
        case .lazyRecords: return utf8(result.materialized)
        case .entity(_, _, let r): return tableBytes([r], columns: r.keys)
        default: return nil
        }
    }

    static func table(_ rows: [Record], columns: [String]) -> String {
        String(decoding: tableBytes(rows, columns: columns), as: UTF8.self)
    }

    static func tableBytes(_ rows: [Record], columns: [String]) -> [UInt8] {
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
                    appendCell(f.value, to: &out)
                }
                continue
            }
            for (j, c) in columns.enumerated() {
                if j > 0 { out.append(44) }
                appendCell(r.value(at: c), to: &out)
            }
        }
        return out
    }

    /// `field(s)`, appended as UTF-8.
    static func append(_ s: String, to out: inout [UInt8]) {
        // One look at the bytes in place: tested, then copied when no quotes are needed.
        let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            if ByteScan.needsCSVQuotes(UnsafeRawBufferPointer(bytes)) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        switch copied {
        case true?: return
        case false?: appendQuoted(s.utf8, to: &out)
        case nil: if needsQuotes(s) { appendQuoted(s.utf8, to: &out) } else { out.append(contentsOf: s.utf8) }
        }
    }

    /// A field in double quotes, its own double quotes doubled (RFC 4180).
    static func appendQuoted(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(34)
        for b in bytes {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    /// `field(cell(v))`, appended as UTF-8: text as it is, records as JSON written straight
    /// into the row.
    static func appendCell(_ v: Value, to out: inout [UInt8]) {
        switch v {
        case .text(let s), .ref(let s): append(s, to: &out)
        case .record:
            var json: [UInt8] = []
            JSONRenderer.append(v, to: &json)
            append(bytes: json, to: &out)
        default: append(cell(v), to: &out)
        }
    }

    /// A field already in UTF-8, quoted when it must be.
    static func append(bytes: [UInt8], to out: inout [UInt8]) {
        if bytes.withUnsafeBytes({ ByteScan.needsCSVQuotes($0) }) { appendQuoted(bytes, to: &out) } else { out.append(contentsOf: bytes) }
    }

    /// Machine-friendly cell text: full numbers, `200000000000 EUR`, ISO dates.
    static func cell(_ v: Value) -> String {
        switch v {
        case .money(let m): return NumberFormat.plain(m.amount) + " " + m.currency
        case .number(let x): return NumberFormat.plain(x)
        case .quantity(let q):
            return q.qualifier.prefix + NumberFormat.plain(q.number) + (q.upper.map { "-" + NumberFormat.plain($0) } ?? "")
        case .list(let items): return TextForm.join(items.map(cell), "; ")
        case .record: return JSONRenderer.encode(v)
        default: return v.display
        }
    }

    /// Whether a field must be quoted: it holds a comma, a quote or a line break. Bytes, not
    /// characters: the four are ASCII, and a byte scan is several times quicker.
    static func needsQuotes(_ s: String) -> Bool {
        ByteScan.needsCSVQuotes(s)
    }

    static func field(_ s: String) -> String {
        if needsQuotes(s) {
            return "\"" + s.replacingOccurrences("\"", with: "\"\"") + "\""
        }
        return s
    }
}
