import SummitKit

/// `governance compare ID ID...`: summits side by side, one column each.
public struct GovernanceCompareCommand: Command {
    public init() {}
    public let name = "governance compare"
    public let summary = "Compare summits side by side: dates, hosts, participants, declarations, counts, pledges"
    public var help: String {
        """
        One column per summit, one row per attribute: name, dates, edition, city, host,
        co-chairs, venue, chair, participants (every claim, with
        its sources, where sources disagree; the seeds give a summit's participants as
        `countries` and `stakeholders`), tracks, declarations, signatory counts (each
        declaration's counts with their sources) and pledges (how many, and totals per
        currency, leaving out pledges nested in another). Rows no summit has are left out.
        Give two or more summit ids (`list summit` shows them).

        Examples:
          governance compare bletchley-2023 seoul-2024 paris-2025
          governance compare seoul-2024 paris-2025 --format markdown
        """
    }
    public var arguments: [ArgumentSpec] {
        [
            ArgumentSpec("summit", help: "a summit id", completion: .entities(kind: "summit")),
            ArgumentSpec("summits", help: "more summit ids", variadic: true, completion: .entities(kind: "summit")),
        ]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        var summits: [Entity] = []
        for i in args.positional.indices {
            let s = try args.entity(at: i, kind: "summit", in: context)
            if summits.contains(where: { $0.id == s.id }) {
                throw .invalid("\(s.id) is given twice; name each summit once", argument: args.tokenIndex(ofPositional: i))
            }
            summits.append(s)
        }

        typealias Cell = (Entity) -> String?
        // A settled field shows its value; a contested one every claim with its sources.
        func field(_ name: String) -> Cell {
            { s in
                guard let f = s.field(name) else { return nil }
                return f.isContested ? Claims.text(s, name, separator: "\n") : f.value.display
            }
        }
        func relation(_ name: String) -> Cell { { s in s.related(name).isEmpty ? nil : Gov.names(s.related(name), reg) } }
        let rows: [(String, Cell)] = [
            ("name", { $0.name }),
            ("dates", field("dates")),
            ("reported dates", { s in (s.field("reported_dates")?.isContested ?? false) ? Claims.text(s, "reported_dates", separator: "\n") : nil }),
            ("edition", field("edition")),
            ("city", field("city")),
            ("host", relation("host")),
            ("co-chair", relation("cochair")),
            ("venue", relation("venue")),
            ("chair", relation("chair")),
            ("participants", field("participants")),
            ("participants (countries)", field("countries")),
            ("participants (stakeholders)", field("stakeholders")),
            ("tracks", { s in
                let t = Gov.of("track", summit: s.id, reg)
                return t.isEmpty ? nil : "\(t.count): " + t.map(\.name).joined(separator: ", ")
            }),
            ("declarations", { s in
                let d = Gov.byDate(Gov.of("declaration", summit: s.id, reg), reg)
                return d.isEmpty ? nil : d.map(\.name).joined(separator: "\n")
            }),
            ("signatory counts", { s in
                let lines = Gov.byDate(Gov.of("declaration", summit: s.id, reg), reg).compactMap { d in
                    Claims.text(d, "signatory_count").map { "\(d.name): \($0)" }
                }
                return lines.isEmpty ? nil : lines.joined(separator: "\n")
            }),
            ("pledges", { s in
                let p = Gov.pledgeTotals(summit: s.id, reg)
                return p.count == 0 ? nil : "\(p.count)"
            }),
            ("pledged", { s in
                let p = Gov.pledgeTotals(summit: s.id, reg)
                return p.totals.isEmpty ? nil : p.totals.map { Value.money($0).display }.joined(separator: "\n")
            }),
            ("next", relation("next")),
        ]

        var records: [Record] = []
        for (label, cell) in rows {
            let values = summits.map(cell)
            if values.allSatisfy({ $0 == nil }) && label != "name" { continue }
            var r = Record()
            r.append("attribute", .text(label))
            for (s, v) in zip(summits, values) { r.append(s.id, v.map { .text($0) } ?? .null) }
            records.append(r)
        }
        return .records(records, columns: ["attribute"] + summits.map(\.id))
    }
}
