import SummitKit

/// `timeline series`: the summit series at a glance, one row per summit in date order.
struct TimelineSeriesCommand: Command {
    let name = "timeline series"
    let summary = "The summit series at a glance: hosts, dates, venue, headline, declarations"
    var help: String {
        """
        One row per summit, in date order: its id, name, host(s) (the `host` relation), dates,
        venue (else city), headline, and the declarations that name it in their `summit`
        relation. Hosts and declarations are lists in JSON.

        Examples:
          timeline series
          timeline series --format markdown
        """
    }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        let summits = registry.entities(ofKind: "summit").sorted { a, b in
            let ka = (a[field: "dates"].startDate?.start.dayNumber ?? Int.max, a.name)
            let kb = (b[field: "dates"].startDate?.start.dayNumber ?? Int.max, b.name)
            return ka < kb
        }
        let declarations = registry.entities(ofKind: "declaration")
        let rows = summits.map { s in
            let hosts = s.related("host").map { Value.text(registry.name(of: $0)) }
            let declared = declarations.filter { $0.related("summit").contains(s.id) }.map { Value.text($0.name) }
            return Record([
                RecordField("summit", .ref(s.id)),
                RecordField("name", .text(s.name)),
                RecordField("hosts", .list(hosts)),
                RecordField("dates", s[field: "dates"]),
                RecordField("venue", Self.venue(of: s, in: registry)),
                RecordField("headline", s[field: "headline"]),
                RecordField("declarations", .list(declared)),
            ])
        }
        return .records(rows, columns: ["summit", "name", "hosts", "dates", "venue", "headline", "declarations"])
    }

    /// The venue's name, else the `city` field.
    static func venue(of summit: Entity, in registry: Registry) -> Value {
        if let v = summit.related("venue").first { return .text(registry.name(of: v)) }
        return summit[field: "city"]
    }
}
