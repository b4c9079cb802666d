import SummitKit

/// `timeline series`: the summit series at a glance, one row per summit in date order.
struct TimelineSeriesCommand: Command {
    let name = "timeline series"
    let summary = "The summit series at a glance: hosts, dates, venue, headline, declarations"
    var help: String {
        """
        One row per summit, in date order: its id, name, host(s) (the `host` relation), dates,
        venue (else city), headline, and the declarations that name it in their `summit`
        relation. Hosts and declarations are lists in JSON. In a table, the headline and
        declarations follow the table, one paragraph per summit.

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
        let columns = ["summit", "name", "hosts", "dates", "venue", "headline", "declarations"]
        guard context.settings.format == .table, !rows.isEmpty else { return .records(rows, columns: columns) }
        return .chart(Self.overview(rows, settings: context.settings), records: rows, columns: columns)
    }

    /// The terminal view: a table of the short columns, then each summit's headline and
    /// declarations as a paragraph (seven columns side by side would wrap into slivers).
    static func overview(_ rows: [Record], settings: Settings) -> String {
        let renderer = TableRenderer(width: settings.width, color: settings.color)
        let short = ["summit", "name", "hosts", "dates", "venue"]
        let table = renderer.table(header: short, rows: rows.map { r in short.map { r[$0].display } })
        let notes = rows.map { r -> [String] in
            var text = r["headline"].display
            let declarations: [String]
            if case .list(let items) = r["declarations"] { declarations = items.map(\.display) } else { declarations = [] }
            if !declarations.isEmpty { text += "\nDeclarations: " + declarations.joined(separator: "; ") }
            return [r["summit"].display, text + "\n"]
        }
        var paragraphs = renderer.table(header: nil, rows: notes, boldFirstColumn: true)
        while paragraphs.hasSuffix("\n") { paragraphs.removeLast() }
        return table + "\n\n" + paragraphs
    }

    /// The venue's name, else the `city` field.
    static func venue(of summit: Entity, in registry: Registry) -> Value {
        if let v = summit.related("venue").first { return .text(registry.name(of: v)) }
        return summit[field: "city"]
    }
}
