/// JSON output: records as objects, money as `{"amount": N, "currency": "EUR"}`, dates as ISO strings.
public enum JSONRenderer {
    public static func render(_ result: CommandResult) -> String {
        switch result {
        case .text(let t): return quote(t)
        case .none: return ""
        default: return String(decoding: utf8(result) ?? [], as: UTF8.self)
        }
    }

    /// The rendering as UTF-8 bytes (what `render` decodes into a String), for the shapes
    /// built as bytes: all but text and nothing.
    public static func utf8(_ result: CommandResult) -> [UInt8]? {
        var out: [UInt8] = []
        switch result {
        case .records(let rows, _), .chart(_, let rows, _):
            out.reserveCapacity(128 * rows.count)
            appendLines(rows, to: &out) { append($0, to: &$1) }
        case .lazyRecords: return utf8(result.materialized)
        case .detail(let r, _), .entity(_, _, let r): append(r, to: &out)
        case .value(let v): append(v, to: &out)
        case .text, .none: return nil
        }
        return out
    }

    /// One element per line inside `[` `]`.
    public static func array(_ items: [Value]) -> String {
        var out: [UInt8] = []
        appendLines(items, to: &out) { append($0, to: &$1) }
        return String(decoding: out, as: UTF8.self)
    }

    /// An array with one element per line inside `[` `]`, so big exports stream and diff well;
    /// `[]` when empty.
    static func appendLines<Element>(_ items: [Element], to out: inout [UInt8], _ element: (Element, inout [UInt8]) -> Void) {
        if items.isEmpty { return out.append(contentsOf: "[]".utf8) }
        out.append(contentsOf: "[\n".utf8)
        for (i, item) in items.enumerated() {
            out.append(contentsOf: "  ".utf8)
            element(item, &out)
            if i + 1 < items.count { out.append(44) }
            out.append(10)
        }
        out.append(93)
    }

    /// Compact JSON for one value (objects on one line).
    public static func encode(_ v: Value, indent: Int = 0) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return number(x)
        case .text(let t): return quote(t)
        case .ref(let id): return quote(id)
        default:
            var out: [UInt8] = []
            append(v, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `encode(v)`, appended as UTF-8: the whole value is written into one buffer.
    static func append(_ v: Value, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x): appendNumber(x, to: &out)
        case .quantity(let q):
            if q.qualifier == .exact && q.upper == nil { return appendNumber(q.number, to: &out) }
            out.append(contentsOf: "{\"number\": ".utf8)
            appendNumber(q.number, to: &out)
            appendBounds(to: q.upper, q.qualifier, to: &out)
        case .money(let m):
            out.append(contentsOf: "{\"amount\": ".utf8)
            appendNumber(m.amount, to: &out)
            out.append(contentsOf: ", \"currency\": ".utf8)
            appendQuoted(m.currency, to: &out)
            appendBounds(to: m.upperAmount, m.qualifier, to: &out)
        case .date(let d): appendQuoted(d.description, to: &out)
        case .dateRange(let r):
            out.append(contentsOf: "{\"start\": ".utf8)
            appendQuoted(r.start.description, to: &out)
            out.append(contentsOf: ", \"end\": ".utf8)
            appendQuoted(r.end.description, to: &out)
            out.append(125)
        case .text(let t): appendQuoted(t, to: &out)
        case .ref(let id): appendQuoted(id, to: &out)
        case .list(let items):
            out.append(91)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                append(item, to: &out)
            }
            out.append(93)
        case .record(let r): append(r, to: &out)
        }
    }

    /// The end of a quantity's or money's object: `"to"` when there is an upper bound,
    /// `"qualifier"` when it is not exact, then the closing brace.
    static func appendBounds(to upper: Double?, _ qualifier: Qualifier, to out: inout [UInt8]) {
        if let upper {
            out.append(contentsOf: ", \"to\": ".utf8)
            appendNumber(upper, to: &out)
        }
        if qualifier != .exact {
            out.append(contentsOf: ", \"qualifier\": ".utf8)
            appendQuoted(qualifier.rawValue, to: &out)
        }
        out.append(125)
    }

    static func append(_ r: Record, to out: inout [UInt8]) {
        out.append(123)
        for (i, f) in r.fields.enumerated() {
            if i > 0 { out.append(contentsOf: ", ".utf8) }
            appendQuoted(f.key, to: &out)
            out.append(contentsOf: ": ".utf8)
            append(f.value, to: &out)
        }
        out.append(125)
    }

    static func appendNumber(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite else { return out.append(contentsOf: "null".utf8) }
        if x == x.rounded(), abs(x) < 9.0e18 {
            // Whole numbers (most): digits straight into the buffer, no String.
            var n = Int64(x)
            if n == 0 { return out.append(48) }
            if n < 0 {
                out.append(45)
                n = -n
            }
            let start = out.count
            while n > 0 {
                out.append(UInt8(48 + n % 10))
                n /= 10
            }
            out[start...].reverse()
            return
        }
        out.append(contentsOf: NumberFormat.plain(x).utf8)
    }

    /// `quote(s)`, appended as UTF-8.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        if ByteScan.needsJSONEscape(s) {
            out.append(contentsOf: quote(s).utf8)
            return
        }
        out.append(34)
        if s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: s.utf8)
        }
        out.append(34)
    }

    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        return NumberFormat.plain(x)
    }

    public static func quote(_ s: String) -> String {
        // Most text needs no escape: one byte scan, then a copy.
        if !ByteScan.needsJSONEscape(s) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
