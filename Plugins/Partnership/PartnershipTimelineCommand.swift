import SummitKit

/// `partnership timeline`: UK-France cooperation in date order.
struct PartnershipTimelineCommand: Command {
    let name = "partnership timeline"
    let summary = "UK-France AI cooperation in date order: the Paris evening, the summit, the state visit, launches"
    var help: String {
        """
        Lists, in date order, each dated fact of:
          - every entity of the uk-france pack (the Paris evening, the state visit, the
            Entente CordIAle launch, the UK-France summit...);
          - every partnership whose members include both a UK and a French member (by each
            member's country), and what it relates to or what names it (the Inria-UCL joint
            centre's letter of intent, the compute partnership...);
          - what the uk-france pack's entities point to that has a date (the AI Action Summit
            the evening led into).
        A dated fact is a field such as dates, date, launch_date, letter_of_intent_date or year;
        an entity with several gives several rows, and the `what` column says which. Dates the
        sources disagree on are listed with every claim. Sub-events that share their parent's
        dates (the evening's workshops) are folded into it; --all lists them too.
        Sources and exchange rates are never included.

        Examples:
          partnership timeline
          partnership timeline --all --format json
        """
    }

    var options: [OptionSpec] { [.flag("all", help: "also list sub-events that share their parent's dates")] }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        var chosen: [String] = []
        var seen: Set<String> = []
        func take(_ id: String) {
            guard let e = registry.entity(id), e.kind != "source", e.kind != "rate", seen.insert(id).inserted else { return }
            chosen.append(id)
        }
        let pack = registry.entities.filter { $0.pack == UKFrance.pack }
        for e in pack { take(e.id) }
        for p in registry.entities(ofKind: "partnership") where UKFrance.isUKFrench(p, in: registry) {
            take(p.id)
            for r in p.relations { r.targets.forEach(take) }
            for (e, _) in registry.referrers(of: p.id) { take(e.id) }
        }
        for e in pack {
            for r in e.relations { for t in r.targets where registry.entity(t).map({ !DatedFact.facts(of: $0).isEmpty }) == true { take(t) } }
        }

        // Fold sub-events that share their parent's dates, unless --all.
        var folded: [String: Int] = [:]
        var facts: [DatedFact] = []
        for id in chosen {
            guard let e = registry.entity(id) else { continue }
            if !args.flag("all"), let parent = e.related("parent").first, seen.contains(parent),
               let p = registry.entity(parent), !p[field: "dates"].isNull, p[field: "dates"] == e[field: "dates"] {
                folded[parent, default: 0] += 1
                continue
            }
            for f in DatedFact.facts(of: e) where !Self.repeatsLaunchEvent(f, in: registry, chosen: seen) { facts.append(f) }
        }
        facts.sort(by: DatedFact.inDateOrder)

        let rows = facts.map { f in
            var what: String
            switch f.field.name {
            case "dates", "date": what = ["event", "summit"].contains(f.entity.kind) ? "held" : "dated"
            case "year": what = "in that year (no exact date)"
            default: what = f.label
            }
            let claims = f.field.claims.map(\.value).uniqued()
            if claims.count > 1 { what += " (sources differ: " + claims.map(\.display).joined(separator: " / ") + ")" }
            if let n = folded[f.entity.id] { what += " (+\(n) part\(n == 1 ? "" : "s"); --all lists them)" }
            return Record([
                RecordField("date", f.value), RecordField("what", .text(what)), RecordField("kind", .text(f.entity.kind)),
                RecordField("id", .ref(f.entity.id)), RecordField("name", .text(f.entity.name)),
                RecordField("where", UKFrance.place(of: f.entity, in: registry)),
            ])
        }
        return .records(rows, columns: ["date", "what", "kind", "id", "name", "where"])
    }

    /// A partnership's launch date that its own listed launch event already shows.
    static func repeatsLaunchEvent(_ f: DatedFact, in registry: Registry, chosen: Set<String>) -> Bool {
        guard f.field.name != "dates", let launch = f.entity.related("launched_at").first, chosen.contains(launch),
              let event = registry.entity(launch) else { return false }
        return event[field: "dates"] == f.value
    }
}
