/// Dotted field paths into values: `amount.currency`, `dates.start`, `$rec.funder_ids.0`.
///
/// A record's key comes first; an entity's export record (`show`, `export --format json`) also
/// answers for the names inside its `fields` and `relations`, so `$p.dates` works on `show` output.
/// Money has `amount`, `currency`, `qualifier`, `to`; a date range `start` (`from`), `end` (`to`),
/// `days`; a quantity `number`, `qualifier`, `to`; a date `year`, `month`, `day`. On a list, a
/// number picks an element (from 0) and a name maps over the elements.
public enum FieldPath {
    public static func split(_ path: String) -> [String] {
        path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value at a dotted `path` in `record` (a key equal to the whole path wins), or `.null`.
    public static func value(in record: Record, path: String) -> Value {
        if let f = record.fields.first(where: { $0.key == path }) { return f.value }
        return value(in: record, split(path))
    }

    /// The value at `path` in `record`, or `.null` when absent.
    public static func value(in record: Record, _ path: [String]) -> Value {
        var v = Value.record(record)
        for part in path {
            guard let next = step(v, part) else { return .null }
            v = next
        }
        return v
    }

    /// The value at `path` in `v`; nil from `missing(at:)` when a record lacks a key.
    public static func resolve(_ v: Value, _ path: [String]) -> (value: Value, missing: Int?) {
        var cur = v
        for (i, part) in path.enumerated() {
            // A key that is the rest of the path (`amount.currency`, as `select` and `group` name columns).
            if i + 1 < path.count, case .record(let r) = cur {
                let rest = path[i...].joined(separator: ".")
                if let f = r.fields.first(where: { $0.key == rest }) { return (f.value, nil) }
            }
            guard let next = step(cur, part) else {
                if case .record = cur { return (.null, i) }
                return (.null, nil)
            }
            cur = next
        }
        return (cur, nil)
    }

    /// One step down; nil when the key does not exist.
    public static func step(_ v: Value, _ part: String) -> Value? {
        switch v {
        case .record(let r):
            if let f = r.fields.first(where: { $0.key == part }) { return f.value }
            for inner in ["fields", "relations"] {
                if case .record(let sub) = r[inner], let f = sub.fields.first(where: { $0.key == part }) { return f.value }
            }
            return nil
        case .money(let m):
            switch part {
            case "amount": return .number(m.amount)
            case "currency": return .text(m.currency)
            case "qualifier": return .text(m.qualifier.rawValue)
            case "to": return m.upperAmount.map { .number($0) } ?? .null
            default: return nil
            }
        case .dateRange(let r):
            switch part {
            case "start", "from": return .date(r.start)
            case "end", "to": return .date(r.end)
            case "days": return .number(Double(r.dayCount))
            case "precision": return .text(precision(r.start))
            case "year", "month", "day": return step(.date(r.start), part)
            default: return nil
            }
        case .date(let d):
            switch part {
            case "year": return .number(Double(d.year))
            case "month": return d.month.map { .number(Double($0)) } ?? .null
            case "day": return d.day.map { .number(Double($0)) } ?? .null
            case "precision": return .text(precision(d))
            case "start", "from", "end", "to": return .date(d)
            case "days": return .number(Double(d.end.dayNumber - d.start.dayNumber + 1))
            default: return nil
            }
        case .quantity(let q):
            switch part {
            case "number": return .number(q.number)
            case "qualifier": return .text(q.qualifier.rawValue)
            case "to": return q.upper.map { .number($0) } ?? .null
            default: return nil
            }
        case .list(let items):
            if let n = Int(part) { return n >= 0 && n < items.count ? items[n] : .null }
            return .list(items.map { step($0, part) ?? .null })
        default:
            return nil
        }
    }

    /// `day`, `month` or `year`: how precisely a date is known.
    public static func precision(_ d: ISODate) -> String {
        d.day != nil ? "day" : d.month != nil ? "month" : "year"
    }

    /// True when some record of `rows` has the first key of `path` (directly or in `fields`/`relations`).
    public static func isKnown(_ path: [String], in rows: [Record]) -> Bool {
        guard let first = path.first else { return false }
        return rows.contains { step(.record($0), first) != nil }
    }

    /// Every key of `rows` (and of their `fields`/`relations`), for suggestions.
    public static func keys(of rows: [Record]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for r in rows.prefix(200) {
            for f in r.fields {
                if seen.insert(f.key).inserted { out.append(f.key) }
                if f.key == "fields" || f.key == "relations", case .record(let sub) = f.value {
                    for g in sub.fields where seen.insert(g.key).inserted { out.append(g.key) }
                }
            }
        }
        return out
    }
}
