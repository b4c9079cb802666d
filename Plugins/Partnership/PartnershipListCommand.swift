import SummitKit

/// `partnership list`: every partnership with its members and launch date.
struct PartnershipListCommand: Command {
    let name = "partnership list"
    let summary = "List every partnership: members, launch date, whether it is UK-French"
    var help: String {
        """
        One row per partnership: id, name, members (names; a list in JSON), launched (its
        launch_date, launched, date or year field, else the dates of its launch event or of the
        occasion it was launched during) and
        uk_france (yes when its members include both a UK and a French member).

        Examples:
          partnership list
          partnership list --format csv
        """
    }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        let rows = registry.entities(ofKind: "partnership").map { p in
            Record([
                RecordField("id", .ref(p.id)),
                RecordField("name", .text(p.name)),
                RecordField("members", .list(p.related("members").map { .text(registry.name(of: $0)) })),
                RecordField("launched", Self.launched(p, in: registry)),
                RecordField("uk_france", .bool(UKFrance.isUKFrench(p, in: registry))),
            ])
        }
        return .records(rows, columns: ["id", "name", "members", "launched", "uk_france"])
    }

    /// When a partnership started: a launch field, else the dates of its launch event, else
    /// of the occasion it was launched during (the Inria-UCL centre: the July 2025 state visit).
    static func launched(_ p: Entity, in registry: Registry) -> Value {
        for f in ["launch_date", "launched", "date", "dates", "year"] where p[field: f].startDate != nil { return p[field: f] }
        for r in ["launched_at", "occasion"] {
            if let e = p.related(r).first.flatMap({ registry.entity($0) }), e[field: "dates"].startDate != nil { return e[field: "dates"] }
        }
        return .null
    }
}
