import SummitKit

/// Reading claims for people: every claim with the sources behind it.
enum Claims {
    /// `60 [src-dfp-2025-02-14]; 58 [src-research-2026-11-23]`: one entry per distinct
    /// value, with every source that gives it, in the order first given.
    static func text(_ e: Entity, _ field: String, separator: String = "; ") -> String? {
        guard let f = e.field(field), !f.claims.isEmpty else { return nil }
        var order: [String] = []
        var sources: [String: [String]] = [:]
        for c in f.claims {
            let v = c.value.display
            if sources[v] == nil { order.append(v) }
            for s in e.sources(of: c) where !(sources[v]?.contains(s) ?? false) { sources[v, default: []].append(s) }
        }
        return order.map { "\($0) [\(sources[$0]!.joined(separator: ", "))]" }.joined(separator: separator)
    }

    /// Every claim as a record: value, sources, note.
    static func records(_ e: Entity, _ field: String, valueKey: String = "value") -> Value {
        guard let f = e.field(field) else { return .list([]) }
        return .list(f.claims.map { c in
            var r = Record()
            r.append(valueKey, c.value)
            r.append("sources", .list(e.sources(of: c).map { .ref($0) }))
            r.append("note", c.note.map { .text($0) } ?? .null)
            return .record(r)
        })
    }

    /// The sources behind a field (all its claims), else the entity's own.
    static func sources(_ e: Entity, _ field: String) -> [String] {
        guard let f = e.field(field) else { return e.sources }
        var out: [String] = []
        for c in f.claims { for s in e.sources(of: c) where !out.contains(s) { out.append(s) } }
        return out
    }
}

/// A country's (or union's) position on one declaration, from a `stance` entity or the
/// declaration's `signatories`/`non_signatories` relations.
struct Position {
    enum Status: String { case signed, declined, notRecorded = "not recorded" }

    let status: Status
    let reason: String?
    /// Sources backing the answer.
    let sources: [String]
    /// The stance entity, when there is one.
    let stance: Entity?
    /// Why nothing is recorded, when the declaration says its list is partial.
    let note: String?

    /// Looks up `signer`'s position on `declaration`: a stance entity wins; then the
    /// declaration's relations; else not recorded.
    static func of(_ signer: String, on declaration: Entity, registry: Registry) -> Position {
        if let s = stance(of: signer, on: declaration.id, registry: registry) {
            let value = s[field: "stance"].textValue?.lowercased() ?? ""
            let reason = s[field: "reason"].textValue
            var srcs = s.sources
            for x in Claims.sources(s, "reason") where !srcs.contains(x) { srcs.append(x) }
            if value.hasPrefix("sign") { return Position(status: .signed, reason: reason, sources: srcs, stance: s, note: nil) }
            if value.hasPrefix("decl") || value.hasPrefix("refus") || value.hasPrefix("not") {
                return Position(status: .declined, reason: reason, sources: srcs, stance: s, note: nil)
            }
        }
        if declaration.related("signatories").contains(signer) {
            return Position(status: .signed, reason: nil, sources: declaration.sources, stance: nil, note: nil)
        }
        if declaration.related("non_signatories").contains(signer) {
            return Position(status: .declined, reason: nil, sources: declaration.sources, stance: nil, note: "no reason is recorded")
        }
        return Position(status: .notRecorded, reason: nil, sources: [], stance: nil, note: declaration[field: "signatories_note"].textValue)
    }

    /// The stance entity linking `signer` and `declaration`, if any.
    static func stance(of signer: String, on declaration: String, registry: Registry) -> Entity? {
        registry.entities(ofKind: "stance").first { $0.related("declaration").contains(declaration) && $0.related("country").contains(signer) }
    }
}

/// What is known about who signed a declaration.
struct DeclarationFacts {
    let entity: Entity
    /// Named signatories: the relation plus stances that say signed.
    let signatories: [String]
    /// Named non-signatories: the relation plus stances that say declined.
    let nonSignatories: [String]

    init(_ d: Entity, registry: Registry) {
        entity = d
        var signed = d.related("signatories")
        var declined = d.related("non_signatories")
        for s in registry.entities(ofKind: "stance") where s.related("declaration").contains(d.id) {
            let v = s[field: "stance"].textValue?.lowercased() ?? ""
            for c in s.related("country") {
                if v.hasPrefix("sign"), !signed.contains(c) { signed.append(c) }
                if v.hasPrefix("decl"), !declined.contains(c) { declined.append(c) }
            }
        }
        signatories = signed
        nonSignatories = declined
    }

    /// Government declarations, which a country may sign; company pledges and the like are not.
    var isForGovernments: Bool {
        guard let t = entity[field: "signatory_type"].textValue?.lowercased() else { return true }
        return t.contains("countr") || t.contains("govern") || t.contains("state")
    }

    /// `Canada, China, France, India` or nil.
    func names(_ ids: [String], _ registry: Registry) -> Value {
        ids.isEmpty ? .null : .text(ids.map { registry.name(of: $0) }.joined(separator: ", "))
    }
}

/// Small helpers shared by the governance commands.
enum Gov {
    /// Entities of `kind` that belong to `summit` (or all of them).
    static func of(_ kind: String, summit: String?, _ registry: Registry) -> [Entity] {
        registry.entities(ofKind: kind).filter { summit == nil || $0.related("summit").contains(summit!) }
    }

    static func names(_ ids: [String], _ registry: Registry) -> String {
        ids.map { registry.name(of: $0) }.joined(separator: ", ")
    }

    /// `src-dfp-2025-02-14 (Data for Policy CIC: ...)` for each source.
    static func sourceTitles(_ ids: [String], _ registry: Registry) -> String {
        ids.map { id in
            let t = registry.entity(id)?.name ?? ""
            return t.isEmpty ? id : "\(id) (\(t))"
        }.joined(separator: "; ")
    }

    /// The first date a declaration or summit carries, else its summit's first day: for sorting.
    static func date(_ e: Entity, _ registry: Registry? = nil) -> ISODate? {
        if let d = e[field: "date"].startDate ?? e[field: "dates"].startDate { return d }
        guard let reg = registry, let s = e.related("summit").first else { return nil }
        return reg.entity(s)?[field: "dates"].startDate
    }

    /// Sorts by date (a declaration without one goes by its summit's; undated last), then name.
    static func byDate(_ es: [Entity], _ registry: Registry? = nil) -> [Entity] {
        es.sorted { a, b in
            switch (date(a, registry), date(b, registry)) {
            case (let x?, let y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.name < b.name
            }
        }
    }

    /// Pledge totals per currency for a summit, never mixing currencies, leaving out pledges
    /// nested (`part_of`) in another of the same summit: `about EUR 309bn; USD 427m`.
    static func pledgeTotals(summit: String, _ registry: Registry) -> (count: Int, totals: [Money]) {
        let pledges = of("funding", summit: summit, registry).filter {
            if case .money = $0[field: "amount"] { return $0[field: "summit_role"].textValue != "context" }
            return false
        }
        let ids = Set(pledges.map(\.id))
        func nested(_ e: Entity) -> Bool {
            var frontier = e.related("part_of")
            var seen: Set<String> = [e.id]
            while let id = frontier.popLast() {
                guard seen.insert(id).inserted else { continue }
                if ids.contains(id) { return true }
                frontier += registry.entity(id)?.related("part_of") ?? []
            }
            return false
        }
        var sums: [String: (Double, Set<Qualifier>)] = [:]
        for p in pledges where !nested(p) {
            guard case .money(let m) = p[field: "amount"] else { continue }
            var s = sums[m.currency] ?? (0, [])
            s.0 += m.amount
            if m.qualifier != .exact { s.1.insert(m.qualifier) }
            sums[m.currency] = s
        }
        let totals = sums.keys.sorted().map { c in
            let (amount, quals) = sums[c]!
            let q: Qualifier = quals.isEmpty ? .exact : (quals.isSubset(of: [.moreThan, .atLeast]) ? .atLeast : .about)
            return Money(amount: amount, currency: c, qualifier: q)
        }
        return (pledges.count, totals)
    }
}
