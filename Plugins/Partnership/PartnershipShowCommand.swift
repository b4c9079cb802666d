import SummitKit

/// `partnership [ID]` and `partnership show [ID]`: one partnership, by default the Entente
/// CordIAle, as one row per fact with a `section` column.
struct PartnershipShowCommand: Command {
    let name: String

    init(name: String = "partnership show") { self.name = name }

    var summary: String {
        name == "partnership"
            ? "The Entente CordIAle (or partnership ID): members, areas, launch, joint centre, people"
            : "Show one partnership (default: the Entente CordIAle), one row per fact"
    }

    var help: String {
        """
        Shows a partnership as rows with a section column:
          overview     the partnership and its description
          launch       launch date, the launch event and the occasion (a state visit)
          occasion     the event it was launched during
          member       each member institution, with its type and country
          area         each area of cooperation; where sources word an area differently,
                       the other wording and its sources are given
          domain       the research domains it covers
          partnership, centre, event, initiative
                       what it is related to, or what names it (the Inria-UCL joint centre,
                       research centres, the Ethical Black Box...)
          person       people linked to any of the above (speakers, leads, staff of members)
        Without ID: the Entente CordIAle partnership (found by name). `partnership` alone and
        `partnership show` are the same command. `partnership list` lists every partnership.

        Examples:
          partnership
          partnership show inria-ucl-joint-centre --format json
        """
    }

    var arguments: [ArgumentSpec] {
        [ArgumentSpec("id", help: "a partnership id (default: the Entente CordIAle)", optional: true, completion: .entities(kind: "partnership"))]
    }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        let p = try partnership(args, in: context)
        var rows: [Record] = []
        func add(_ section: String, _ name: String, date: Value = .null, id: String? = nil, detail: String = "") {
            rows.append(Record([
                RecordField("section", .text(section)), RecordField("name", .text(name)), RecordField("date", date),
                RecordField("id", id.map { .ref($0) } ?? .null), RecordField("detail", detail.isEmpty ? .null : .text(detail)),
            ]))
        }

        add("overview", p.name, id: p.id, detail: p[field: "description"].display)

        // Launch: the date, the launch event and the occasion.
        let launchEvent = p.related("launched_at").first.flatMap { registry.entity($0) }
        let occasion = p.related("occasion").first.flatMap { registry.entity($0) }
        let launchDate = ["launch_date", "launched", "date", "dates"].lazy.map { p[field: $0] }.first { $0.startDate != nil }
            ?? launchEvent?[field: "dates"] ?? .null
        if !launchDate.isNull || launchEvent != nil {
            var detail: [String] = []
            if let occasion { detail.append("during " + occasion.name) }
            if let launchEvent, case .text(let city) = UKFrance.place(of: launchEvent, in: registry) { detail.append("in " + city) }
            add("launch", launchEvent?.name ?? "launch", date: launchDate, id: launchEvent?.id, detail: detail.joined(separator: ", "))
        }
        if let occasion {
            add("occasion", occasion.name, date: occasion[field: "dates"], id: occasion.id, detail: occasion[field: "description"].display)
        }

        let members = p.related("members")
        for m in members {
            let e = registry.entity(m)
            let country = UKFrance.countryOf(m, in: registry).map { registry.name(of: $0) }
            let detail = [e?[field: "type"].display, country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            add("member", registry.name(of: m), id: m, detail: detail)
        }

        for (area, detail) in Self.areas(p.field("areas"), of: p) { add("area", area, detail: detail) }
        if case .list(let domains) = p[field: "domains"] { for d in domains { add("domain", d.display) } }

        // What it relates to and what names it, apart from members, launch and occasion.
        var shown: Set<String> = Set(members + [p.id] + [launchEvent?.id, occasion?.id].compactMap { $0 })
        var related: [Entity] = []
        let outgoing = p.relations.filter { !["members", "launched_at", "occasion"].contains($0.name) }.flatMap(\.targets)
        for id in outgoing + registry.referrers(of: p.id).map(\.entity.id) {
            guard let e = registry.entity(id), e.kind != "person", e.kind != "source", shown.insert(id).inserted else { continue }
            related.append(e)
        }
        for e in related {
            let facts = DatedFact.facts(of: e)
            var detail: String
            if e.kind == "partnership" {
                detail = e.related("members").map { registry.name(of: $0) }.joined(separator: " and ")
                for f in facts { detail += "; \(f.label) " + f.field.claims.map(\.value.display).uniqued().joined(separator: " or ") }
            } else {
                detail = e[field: "description"].display
            }
            add(e.kind == "organisation" ? "centre" : e.kind, e.name, date: facts.first?.value ?? .null, id: e.id, detail: detail)
        }

        // People linked to the partnership or anything shown above.
        var around: [String: String] = [:]
        for e in [p, launchEvent, occasion].compactMap({ $0 }) + related { around[e.id] = e.name }
        for m in members { around[m] = registry.name(of: m) }
        for person in registry.entities(ofKind: "person") {
            var via: [String] = []
            for r in person.relations { for t in r.targets where around[t] != nil { via.append(around[t]!) } }
            for (referrer, _) in registry.referrers(of: person.id) where around[referrer.id] != nil { via.append(referrer.name) }
            guard !via.isEmpty else { continue }
            let role = person[field: "role"].display
            add("person", person.name, id: person.id, detail: (role.isEmpty ? "" : role + "; ") + "via " + via.uniqued().joined(separator: ", "))
        }
        return .records(rows, columns: ["section", "name", "date", "id", "detail"])
    }

    /// The partnership named by the argument, else the Entente CordIAle.
    private func partnership(_ args: Arguments, in context: CommandContext) throws(CommandError) -> Entity {
        guard let word = args.positional.first else {
            guard let p = UKFrance.defaultPartnership(in: context.registry) else {
                throw .notFound("no partnership called Entente CordIAle is loaded; `partnership list` shows the partnerships")
            }
            return p
        }
        do {
            return try args.entity(at: 0, kind: "partnership", in: context)
        } catch {
            // `partnership lst`: a mistyped subcommand reads better than a missing partnership.
            if error.kind == .notFound, name == "partnership", let hint = UKFrance.subcommandHint(word) {
                throw .notFound("'\(word)' is not a partnership; \(hint)", argument: error.argumentIndex)
            }
            throw error
        }
    }

    /// One row per area of cooperation. When sources list the same number of areas in
    /// different words, each area keeps its first wording and names the others with their
    /// sources; lists of different lengths are merged, each wording with its sources.
    static func areas(_ field: Field?, of p: Entity) -> [(String, String)] {
        guard let field else { return [] }
        func items(_ v: Value) -> [String] {
            if case .list(let xs) = v { return xs.map(\.display) }
            return v.isNull ? [] : [v.display]
        }
        let lists = field.claims.map { (items($0.value), p.sources(of: $0)) }
        guard let first = lists.first else { return [] }
        if lists.allSatisfy({ $0.0.count == first.0.count }) {
            return first.0.indices.map { i in
                var others: [(String, [String])] = []
                for (words, sources) in lists.dropFirst() where words[i] != first.0[i] {
                    if let k = others.firstIndex(where: { $0.0 == words[i] }) { others[k].1 += sources } else { others.append((words[i], sources)) }
                }
                let detail = others.map { "also worded: \($0.0) [\($0.1.uniqued().joined(separator: ", "))]" }.joined(separator: "; ")
                return (first.0[i], detail)
            }
        }
        var merged: [(String, [String])] = []
        for (words, sources) in lists {
            for w in words {
                if let k = merged.firstIndex(where: { $0.0 == w }) { merged[k].1 += sources } else { merged.append((w, sources)) }
            }
        }
        return merged.map { ($0.0, "[" + $0.1.uniqued().joined(separator: ", ") + "]") }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each only once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
