/// JSON output: records as objects, money as `{"amount": N, "currency": "EUR"}`, dates as ISO strings.
public enum JSONRenderer {
    public static func render(_ result: CommandResult) -> String {
        switch result {
        case .records(let rows, _), .chart(_, let rows, _):
            return array(rows.map { Value.record($0) })
        case .detail(let r, _), .entity(_, _, let r): return encode(.record(r), indent: 0)
        case .value(let v): return encode(v, indent: 0)
        case .text(let t): return quote(t)
        case .none: return ""
        }
    }

    /// One element per line inside `[` `]`, so big exports stream and diff well.
    public static func array(_ items: [Value]) -> String {
        if items.isEmpty { return "[]" }
        var out = "[\n"
        for (i, v) in items.enumerated() {
            out += "  " + encode(v, indent: 1)
            out += i + 1 < items.count ? ",\n" : "\n"
        }
        return out + "]"
    }

    /// Compact JSON for one value (objects on one line).
    public static func encode(_ v: Value, indent: Int = 0) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return number(x)
        case .quantity(let q):
            if q.qualifier == .exact && q.upper == nil { return number(q.number) }
            var s = "{\"number\": \(number(q.number))"
            if let u = q.upper { s += ", \"to\": \(number(u))" }
            if q.qualifier != .exact { s += ", \"qualifier\": \(quote(q.qualifier.rawValue))" }
            return s + "}"
        case .money(let m):
            var s = "{\"amount\": \(number(m.amount)), \"currency\": \(quote(m.currency))"
            if let u = m.upperAmount { s += ", \"to\": \(number(u))" }
            if m.qualifier != .exact { s += ", \"qualifier\": \(quote(m.qualifier.rawValue))" }
            return s + "}"
        case .date(let d): return quote(d.description)
        case .dateRange(let r): return "{\"start\": \(quote(r.start.description)), \"end\": \(quote(r.end.description))}"
        case .text(let t): return quote(t)
        case .ref(let id): return quote(id)
        case .list, .record:
            var out = ""
            append(v, to: &out)
            return out
        }
    }

    /// `encode(v)`, appended: lists and records are written into one string, not joined from parts.
    static func append(_ v: Value, to out: inout String) {
        switch v {
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                append(item, to: &out)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, f) in r.fields.enumerated() {
                if i > 0 { out += ", " }
                out += quote(f.key)
                out += ": "
                append(f.value, to: &out)
            }
            out += "}"
        default:
            out += encode(v)
        }
    }

    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        return NumberFormat.plain(x)
    }

    public static func quote(_ s: String) -> String {
        // Most text needs no escape: one byte scan, then a copy.
        if !ByteScan.contains(s, where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
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
