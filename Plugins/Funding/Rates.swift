import SummitKit

/// A currency rate from the rate table: an entity of kind `rate` (`seeds/rates.yaml`):
/// 1 `from` = `value` `to`, on `date`, from a cited source.
struct Rate: Sendable {
    let entity: Entity
    let from: String
    let to: String
    let value: Double
    let date: ISODate?
    /// False only when the rate says `verified: false`.
    let verified: Bool

    var id: String { entity.id }

    init?(_ e: Entity) {
        guard e.kind == "rate",
              let f = e[field: "from"].textValue?.uppercased(), let t = e[field: "to"].textValue?.uppercased(),
              let v = e[field: "rate"].numeric, v > 0 else { return nil }
        entity = e
        from = f
        to = t
        value = v
        date = e[field: "date"].startDate
        if case .bool(let b) = e[field: "verified"] { verified = b } else { verified = true }
    }

    static func all(in registry: Registry) -> [Rate] {
        registry.entities(ofKind: "rate").compactMap(Rate.init)
    }

    /// Every source behind the rate: the entity's and the rate figure's own.
    var sources: [String] {
        var out = entity.sources
        for c in entity.field("rate")?.claims ?? [] {
            for s in entity.sources(of: c) where !out.contains(s) { out.append(s) }
        }
        return out
    }

    /// What to tell people about how far to trust it, if anything.
    var caveat: String? {
        verified ? nil : "UNVERIFIED: " + (entity[field: "note"].textValue ?? entity[field: "verification"].textValue ?? "this rate has not been checked against a published reference")
    }
}

/// How to turn one currency into another with the rate table: one or two rates, each used
/// as written or inverted.
struct Conversion {
    struct Step {
        let rate: Rate
        let inverse: Bool
        var factor: Double { inverse ? 1 / rate.value : rate.value }
        var label: String { inverse ? "\(rate.id) (inverse)" : rate.id }
    }

    let from: String
    let to: String
    let steps: [Step]

    var factor: Double { steps.reduce(1.0) { $0 * $1.factor } }

    func convert(_ m: Money) -> Money {
        Money(amount: m.amount * factor, currency: to, qualifier: m.qualifier, upperAmount: m.upperAmount.map { $0 * factor })
    }

    /// The columns that name the rate used.
    func describe(_ registry: Registry) -> Record {
        var r = Record()
        if steps.isEmpty {
            r.append("rate", .number(1))
            r.append("rate_id", .text("(same currency)"))
            r.append("rate_date", .null)
            r.append("rate_source", .null)
            r.append("rate_note", .null)
            return r
        }
        r.append("rate", .number(factor))
        r.append("rate_id", .text(steps.map(\.label).joined(separator: " × ")))
        let dates = steps.compactMap { $0.rate.date }
        r.append("rate_date", dates.count == 1 ? .date(dates[0]) : .text(dates.map(\.description).joined(separator: ", ")))
        var srcs: [String] = []
        for s in steps { for id in s.rate.sources where !srcs.contains(id) { srcs.append(id) } }
        r.append("rate_source", .text(srcs.joined(separator: ", ")))
        let caveats = steps.compactMap { $0.rate.caveat }
        r.append("rate_note", caveats.isEmpty ? .null : .text(caveats.joined(separator: " ")))
        r.append("rate_sources", .list(srcs.map { id in
            let e = registry.entity(id)
            return .record(Record([
                RecordField("id", .text(id)),
                RecordField("publisher", e?[field: "publisher"] ?? .null),
                RecordField("date", e?[field: "date"] ?? .null),
                RecordField("url", e?[field: "url"] ?? .null),
            ]))
        }))
        r.append("rate_steps", .list(steps.map { s in
            .record(Record([
                RecordField("id", .text(s.rate.id)), RecordField("from", .text(s.rate.from)), RecordField("to", .text(s.rate.to)),
                RecordField("rate", .number(s.rate.value)), RecordField("inverse", .bool(s.inverse)),
                RecordField("date", s.rate.date.map { .date($0) } ?? .null),
            ]))
        }))
        return r
    }

    /// The best way from `from` to `to` through `rates`: the same currency, a direct rate, an
    /// inverted one, or two chained through a shared currency, in that order of preference;
    /// among equals, the rate dated nearest `near`. Nil when the table has no path.
    static func find(from: String, to: String, rates: [Rate], near: ISODate?) -> Conversion? {
        if from == to { return Conversion(from: from, to: to, steps: []) }
        func distance(_ r: Rate) -> Int {
            guard let n = near, let d = r.date else { return 0 }
            return abs(d.dayNumber - n.dayNumber)
        }
        func oneStep(_ a: String, _ b: String) -> Step? {
            if let r = rates.filter({ $0.from == a && $0.to == b }).min(by: { distance($0) < distance($1) }) { return Step(rate: r, inverse: false) }
            if let r = rates.filter({ $0.from == b && $0.to == a }).min(by: { distance($0) < distance($1) }) { return Step(rate: r, inverse: true) }
            return nil
        }
        if let s = oneStep(from, to) { return Conversion(from: from, to: to, steps: [s]) }
        let via = Set(rates.flatMap { [$0.from, $0.to] }).subtracting([from, to]).sorted()
        var best: (Conversion, Int)?
        for x in via {
            guard let a = oneStep(from, x), let b = oneStep(x, to) else { continue }
            let cost = distance(a.rate) + distance(b.rate) + (a.inverse ? 1 : 0) + (b.inverse ? 1 : 0)
            if best == nil || cost < best!.1 { best = (Conversion(from: from, to: to, steps: [a, b]), cost) }
        }
        return best?.0
    }

    /// The pairs the table holds, for error messages: `EUR→USD, EUR→GBP`.
    static func pairs(_ rates: [Rate]) -> String {
        rates.isEmpty ? "no rates at all" : rates.map { "\($0.from)→\($0.to)" }.joined(separator: ", ")
    }
}
