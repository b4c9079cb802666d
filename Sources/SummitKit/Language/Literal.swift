/// Literals as written in scripts, and values turned back into text.
public enum LiteralReader {
    /// The natural type of a bare word: `true`/`false`, a date range (`2025-02-06..2025-02-11`),
    /// an ISO date (`2025-02-10`, `2025-02`), a number (`20bn`, `1.5m`, `300k`, `-3`, `2025`), else text.
    public static func natural(_ text: String) -> Value {
        // Fast paths: most words are plain text or plain digits.
        guard let first = text.utf8.first else { return .text(text) }
        let isDigit = first >= 48 && first <= 57
        if !isDigit && first != 45 && first != 43 && first != 46 {
            if first == 116, text == "true" { return .bool(true) }
            if first == 102, text == "false" { return .bool(false) }
            return .text(text)
        }
        if isDigit, text.utf8.count <= 15, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(text) { return .number(Double(n)) }
        if let r = dateRange(text) { return .dateRange(r) }
        if text.contains("-"), let first = text.utf8.first, first >= 48 && first <= 57, let d = ISODate(text) { return .date(d) }
        if let n = number(text) { return .number(n) }
        return .text(text)
    }

    /// True when a bare word at the head of a pipeline is a value rather than a command name:
    /// a number, a date or range, `true` or `false`.
    public static func isLiteralWord(_ text: String) -> Bool {
        if case .text = natural(text) { return false }
        return true
    }

    /// A number with an optional magnitude suffix (`20bn`, `1.5m`, `300k`, `2tn`); only words that
    /// start like a number (a digit, a sign or a point followed by a digit).
    public static func number(_ text: String) -> Double? {
        let u = Array(text.utf8.prefix(2))
        guard let c = u.first else { return nil }
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        guard isDigit(c) || ((c == 45 || c == 43 || c == 46) && u.count > 1 && (isDigit(u[1]) || u[1] == 46)) else { return nil }
        guard text.utf8.count <= 64 else { return nil }
        return ValueParser.number(text)
    }

    /// `DATE..DATE`.
    public static func dateRange(_ text: String) -> DateRange? {
        guard text.contains(".."), text.utf8.count <= 32 else { return nil }
        return DateRange(text)
    }

    /// `200bn EUR`, `EUR 200bn`, `200bnEUR`; nil otherwise.
    public static func money(_ text: String) -> Money? {
        guard text.utf8.count <= 64 else { return nil }
        let parts = text.split(separator: " ").map(String.init)
        if parts.count == 2 {
            if Money.isCurrencyCode(parts[1].uppercased()), let n = number(parts[0]) { return Money(amount: n, currency: parts[1].uppercased()) }
            if Money.isCurrencyCode(parts[0].uppercased()), let n = number(parts[1]) { return Money(amount: n, currency: parts[0].uppercased()) }
            return nil
        }
        guard parts.count == 1, text.count > 3 else { return nil }
        let tail = String(text.suffix(3)).uppercased()
        if tail.allSatisfy(\.isLetter), Money.isCurrencyCode(tail), let n = number(String(text.dropLast(3))) {
            return Money(amount: n, currency: tail)
        }
        return nil
    }

    /// `true`/`false`, `yes`/`no`, `on`/`off`.
    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// True for a three-letter upper-case ISO 4217 code.
    public static func isCurrency(_ text: String) -> Bool { Money.isCurrencyCode(text) }
}

/// How values become text: in command arguments and in strings.
public enum TextForm {
    /// `parts.joined(separator:)` without the standard library's generic version, which looks
    /// up type metadata at run time on its first calls (a tenth of start-up, for one table).
    public static func join(_ parts: [String], _ separator: String) -> String {
        guard let first = parts.first else { return "" }
        if parts.count == 1 { return first }
        var total = separator.utf8.count * (parts.count - 1)
        for p in parts { total += p.utf8.count }
        var out = ""
        out.reserveCapacity(total)
        for (i, p) in parts.enumerated() {
            if i > 0 { out.append(separator) }
            out.append(p)
        }
        return out
    }

    /// A value as command arguments: a list gives one argument per element, a record its `id`.
    public static func arguments(_ v: Value) -> [String] {
        if case .list(let items) = v { return items.flatMap(arguments) }
        return [argument(v)]
    }

    /// A value as one command argument, exact enough to read back: `200000000000 EUR`, `2025-02-10`.
    public static func argument(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return NumberFormat.plain(x)
        case .quantity(let q): return NumberFormat.plain(q.number)
        case .money(let m): return NumberFormat.plain(m.amount) + " " + m.currency
        case .date(let d): return d.description
        case .dateRange(let r): return r.description
        case .text(let t), .ref(let t): return t
        case .record(let r): return recordText(r)
        case .list(let items): return TextForm.join(items.map(argument), ", ")
        }
    }

    /// A value inside a string (`"total: $total"`): as people read it (`EUR 309bn`); a record
    /// is its `id` when it has one.
    public static func display(_ v: Value) -> String {
        switch v {
        case .record(let r): return recordText(r)
        case .list(let items): return items.map(display).joined(separator: ", ")
        default: return v.display
        }
    }

    static func recordText(_ r: Record) -> String {
        if let id = r.fields.first(where: { $0.key == "id" })?.value, !id.isNull { return display(id) }
        return Value.record(r).display
    }

    /// A value for messages: text quoted, `null` for nothing.
    public static func described(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .text(let t): return "'" + short(t) + "'"
        case .list(let items):
            let shown = items.prefix(8).map(described).joined(separator: ", ")
            return "[" + shown + (items.count > 8 ? ", … \(items.count - 8) more" : "") + "]"
        case .record(let r): return short(recordText(r))
        default: return short(v.display)
        }
    }

    /// Long text cut for messages.
    public static func short(_ s: String, _ limit: Int = 60) -> String {
        guard s.utf8.count > limit else { return s }
        return String(s.prefix(limit)) + "…"
    }
}
