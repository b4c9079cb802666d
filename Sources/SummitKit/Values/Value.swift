/// A typed value: what entity fields hold and what command results carry.
///
/// Held inline (no allocation of its own) except for the two large payloads, money and date
/// ranges, which are boxed: a value stays about 40 bytes, and text, numbers, dates and
/// references, most of what a pack holds, cost no allocation beyond their own.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case quantity(Quantity)
    indirect case money(Money)
    case date(ISODate)
    indirect case dateRange(DateRange)
    case text(String)
    /// A reference to an entity by id.
    case ref(String)
    case list([Value])
    case record(Record)

    /// The name of the type, as used in messages ("money", "date").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .quantity: return "quantity"
        case .money: return "money"
        case .date: return "date"
        case .dateRange: return "date range"
        case .text: return "text"
        case .ref: return "reference"
        case .list: return "list"
        case .record: return "record"
        }
    }

    /// A numeric reading where one exists (money amount, quantity, number).
    public var numeric: Double? {
        switch self {
        case .number(let x): return x
        case .quantity(let q): return q.number
        case .money(let m): return m.amount
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The first day this value covers, for dates and ranges.
    public var startDate: ISODate? {
        switch self {
        case .date(let d): return d
        case .dateRange(let r): return r.start
        default: return nil
        }
    }

    /// The last day this value covers, for dates and ranges.
    public var endDate: ISODate? {
        switch self {
        case .date(let d): return d
        case .dateRange(let r): return r.end
        default: return nil
        }
    }

    /// Plain text for people: `EUR 200bn`, `more than 700`, `2025-02-06..2025-02-11`.
    public var display: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "yes" : "no"
        case .number(let x): return NumberFormat.plain(x)
        case .quantity(let q):
            var s = q.qualifier.prefix + NumberFormat.grouped(q.number)
            if let u = q.upper { s += "-" + NumberFormat.grouped(u) }
            return s
        case .money(let m):
            var s = m.qualifier.prefix + m.currency + " " + NumberFormat.short(m.amount)
            if let u = m.upperAmount { s += "-" + NumberFormat.short(u) }
            return s
        case .date(let d): return d.description
        case .dateRange(let r): return r.description
        case .text(let t): return t
        case .ref(let id): return id
        case .list(let items): return TextForm.join(items.map(\.display), ", ")
        case .record(let r): return TextForm.join(r.fields.map { $0.key + ": " + $0.value.display }, "; ")
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Text content, for text and references.
    public var textValue: String? {
        switch self {
        case .text(let t), .ref(let t): return t
        default: return nil
        }
    }
}

/// One named value in a record.
public struct RecordField: Sendable, Hashable {
    public var key: String
    public var value: Value
    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}

/// An ordered set of named values: one row of a command's result.
public struct Record: Sendable, Hashable {
    public var fields: [RecordField]

    public init(_ fields: [RecordField] = []) { self.fields = fields }
    public init(_ pairs: KeyValuePairs<String, Value>) { self.fields = pairs.map { RecordField($0.key, $0.value) } }

    /// The value under `key`, or `.null`.
    public subscript(key: String) -> Value {
        get { fields.first { $0.key == key }?.value ?? .null }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].value = newValue } else { fields.append(RecordField(key, newValue)) }
        }
    }

    /// Follows a dotted path (`amount.currency`, `fields.dates`). A key that is the whole path
    /// (a column named `amount.currency` by `select`) wins.
    public func value(at path: String) -> Value {
        // A plain name (every table column): no splitting (renderers call this for every cell).
        if !path.utf8.contains(46) { return self[path] }
        if let f = fields.first(where: { $0.key == path }) { return f.value }
        var current: Value = .record(self)
        for part in path.split(separator: ".") {
            switch current {
            case .record(let r): current = r[String(part)]
            case .money(let m):
                switch part {
                case "amount": current = .number(m.amount)
                case "currency": current = .text(m.currency)
                case "qualifier": current = .text(m.qualifier.rawValue)
                default: return .null
                }
            case .dateRange(let r):
                switch part {
                case "start", "from": current = .date(r.start)
                case "end", "to": current = .date(r.end)
                default: return .null
                }
            case .quantity(let q):
                switch part {
                case "number": current = .number(q.number)
                case "qualifier": current = .text(q.qualifier.rawValue)
                default: return .null
                }
            default: return .null
            }
        }
        return current
    }

    public var keys: [String] { fields.map(\.key) }
    public mutating func append(_ key: String, _ value: Value) { fields.append(RecordField(key, value)) }
}
