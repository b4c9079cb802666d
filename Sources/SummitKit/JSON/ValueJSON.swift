/// Values in the JSON form people and other programs see: what `--format json` prints, and
/// what external plugins send and receive (docs/PLUGINS.md).
extension JSONValue {
    /// The export form of a value, as `JSONRenderer` prints it: money as
    /// `{"amount": N, "currency": "EUR"}`, dates as ISO strings, ranges as `{"start", "end"}`,
    /// references as their id.
    public init(exporting v: Value) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .quantity(let q):
            if q.qualifier == .exact && q.upper == nil { self = .number(q.number); return }
            var m = [JSONMember("number", .number(q.number))]
            if let u = q.upper { m.append(JSONMember("to", .number(u))) }
            if q.qualifier != .exact { m.append(JSONMember("qualifier", .string(q.qualifier.rawValue))) }
            self = .object(m)
        case .money(let x):
            var m = [JSONMember("amount", .number(x.amount)), JSONMember("currency", .string(x.currency))]
            if let u = x.upperAmount { m.append(JSONMember("to", .number(u))) }
            if x.qualifier != .exact { m.append(JSONMember("qualifier", .string(x.qualifier.rawValue))) }
            self = .object(m)
        case .date(let d): self = .string(d.description)
        case .dateRange(let r): self = .object([JSONMember("start", .string(r.start.description)), JSONMember("end", .string(r.end.description))])
        case .text(let t), .ref(let t): self = .string(t)
        case .list(let items): self = .array(items.map(JSONValue.init(exporting:)))
        case .record(let r): self = .object(r.fields.map { JSONMember($0.key, JSONValue(exporting: $0.value)) })
        }
    }
}

extension Value {
    /// A typed value from JSON in the export form (a plugin's records):
    ///
    /// - `"2026-02-16"`, `"2026-02"` → date; `"2026-02-16..2026-02-20"` → date range (other strings are text);
    /// - `{"amount": N, "currency": "USD"}` (optional `qualifier`, `to`) → money;
    /// - `{"number": N}` with `qualifier` and/or `to` → quantity;
    /// - `{"start": DATE, "end": DATE}` → date range; `{"ref": ID}` → reference;
    /// - other objects → records, arrays → lists, numbers, booleans and null as themselves.
    public init(exported j: JSONValue) {
        switch j {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = Value.typedText(s)
        case .array(let items): self = .list(items.map(Value.init(exported:)))
        case .object(let members):
            let keys = Set(members.map(\.key))
            func qualifier() -> Qualifier? {
                guard let q = j["qualifier"] else { return .exact }
                return q.stringValue.flatMap { Qualifier(text: $0) }
            }
            if keys.isSubset(of: ["amount", "currency", "qualifier", "to"]), let a = j["amount"]?.numberValue,
               let c = j["currency"]?.stringValue, Money.isCurrencyCode(c), let q = qualifier() {
                let to = j["to"]?.numberValue
                if j["to"] == nil || to != nil { self = .money(Money(amount: a, currency: c, qualifier: q, upperAmount: to)); return }
            }
            if keys.contains("number"), keys.count > 1, keys.isSubset(of: ["number", "qualifier", "to"]),
               let n = j["number"]?.numberValue, let q = qualifier() {
                let to = j["to"]?.numberValue
                if j["to"] == nil || to != nil { self = .quantity(Quantity(number: n, qualifier: q, upper: to)); return }
            }
            if keys == ["start", "end"], let s = j["start"]?.stringValue, let e = j["end"]?.stringValue,
               Value.looksLikeDate(s), Value.looksLikeDate(e), let r = DateRange("\(s)..\(e)") {
                self = .dateRange(r)
                return
            }
            if keys == ["ref"], let id = j["ref"]?.stringValue {
                self = .ref(id)
                return
            }
            self = .record(Record(members.map { RecordField($0.key, Value(exported: $0.value)) }))
        }
    }

    /// A date or date range when the text is exactly one (`2026-02-16`, `2026-02`, `A..B`), else text.
    static func typedText(_ s: String) -> Value {
        let u = s.utf8.count
        if u == 7 || u == 10, looksLikeDate(s), let d = ISODate(s) { return .date(d) }
        if (u == 16 || u == 19 || u == 22), let dots = s.firstRange(of: ".."), looksLikeDate(String(s[..<dots.lowerBound])),
           looksLikeDate(String(s[dots.upperBound...])), let r = DateRange(s) {
            return .dateRange(r)
        }
        return .text(s)
    }

    /// `YYYY-MM` or `YYYY-MM-DD` in digits.
    static func looksLikeDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 7 || b.count == 10 else { return false }
        for (i, c) in b.enumerated() {
            if i == 4 || i == 7 { guard c == 45 else { return false } } else { guard c >= 48 && c <= 57 else { return false } }
        }
        return true
    }
}
