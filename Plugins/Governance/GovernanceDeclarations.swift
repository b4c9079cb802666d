import SummitKit

/// `governance declarations`: every declaration with its signatories, non-signatories and
/// signatory counts as each source reports them.
public struct GovernanceDeclarationsCommand: Command {
    public init() {}
    public let name = "governance declarations"
    public let summary = "List declarations: named signatories and non-signatories, signatory counts per source"
    public var help: String {
        """
        One row per declaration, statement or commitment (kind `declaration`), by date:
        its summit, the signatories the sources name, those named as not signing, and the
        signatory count as each source reports it (`60 [src-dfp-2025-02-14]; 58 [...]`).
        Sources often name only a few signatories; the count is then larger than the list.
        JSON adds signatory_counts (every claim with its sources and note) and the ids.
        `governance declaration ID` shows one in full, with the reasons for not signing.

        Examples:
          governance declarations
          governance declarations --summit seoul-2024
        """
    }
    public var options: [OptionSpec] {
        [OptionSpec("summit", value: "ID", help: "only this summit's declarations", completion: .entities(kind: "summit"))]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let summit = try args.entity(option: "summit", kind: "summit", in: context)
        let rows = Gov.byDate(Gov.of("declaration", summit: summit?.id, reg), reg).map { d in
            let facts = DeclarationFacts(d, registry: reg)
            var r = Record()
            r.append("id", .text(d.id))
            r.append("name", .text(d.name))
            r.append("summit", d.related("summit").first.map { .ref($0) } ?? .null)
            r.append("date", d[field: "date"])
            r.append("signatories", facts.names(facts.signatories, reg))
            r.append("non_signatories", facts.names(facts.nonSignatories, reg))
            r.append("signatory_count", Claims.text(d, "signatory_count").map { .text($0) } ?? .null)
            r.append("signatory_type", d[field: "signatory_type"])
            r.append("signatory_counts", Claims.records(d, "signatory_count", valueKey: "count"))
            r.append("signatory_ids", .list(facts.signatories.map { .ref($0) }))
            r.append("non_signatory_ids", .list(facts.nonSignatories.map { .ref($0) }))
            return r
        }
        return .records(rows, columns: ["id", "summit", "date", "signatory_count", "signatories", "non_signatories"])
    }
}

/// `governance declaration ID`: one declaration in full.
public struct GovernanceDeclarationCommand: Command {
    public init() {}
    public let name = "governance declaration"
    public let summary = "Show one declaration: signatories, who did not sign and why, counts per source"
    public var help: String {
        """
        Shows a declaration with the signatories the sources name, each named non-signatory
        with its stance and reason (from `stance` entities) and the sources for them, and the
        signatory count as reported by every source, one line per claim. JSON gives the same
        as lists of records.

        Examples:
          governance declaration paris-statement
          governance declaration seoul-ministerial-statement --format json
        """
    }
    public var arguments: [ArgumentSpec] {
        [ArgumentSpec("id", help: "a declaration id (Tab completes) or its name", completion: .entities(kind: "declaration"))]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let d = try args.entity(at: 0, kind: "declaration", in: context)
        let facts = DeclarationFacts(d, registry: reg)

        var view = Record()
        var data = Record()
        view.append("id", .text(d.id))
        data.append("id", .text(d.id))
        data.append("name", .text(d.name))
        if let s = d.related("summit").first {
            view.append("summit", .text("\(reg.name(of: s)) (\(s))"))
            data.append("summit", .ref(s))
        }
        if !d[field: "date"].isNull {
            view.append("date", d[field: "date"])
            data.append("date", d[field: "date"])
        }
        if let t = d[field: "signatory_type"].textValue { view.append("signed by", .text(t)) }

        var signed = facts.signatories.isEmpty ? "none named in our sources" : Gov.names(facts.signatories, reg)
        if let n = d[field: "signatories_note"].textValue { signed += "\n(\(n))" }
        view.append("signatories", .text(signed))
        data.append("signatories", .list(facts.signatories.map { id in
            .record(Record([RecordField("id", .ref(id)), RecordField("name", .text(reg.name(of: id)))]))
        }))

        var nonLines: [String] = []
        var nonData: [Value] = []
        for id in facts.nonSignatories {
            let p = Position.of(id, on: d, registry: reg)
            var line = "• \(reg.name(of: id)): \(p.status.rawValue)"
            if let reason = p.reason { line += ". Reason: \(reason)" }
            if !p.sources.isEmpty { line += "  [\(p.sources.joined(separator: ", "))]" }
            nonLines.append(line)
            nonData.append(.record(Record([
                RecordField("id", .ref(id)), RecordField("name", .text(reg.name(of: id))),
                RecordField("stance", .text(p.status.rawValue)), RecordField("reason", p.reason.map { .text($0) } ?? .null),
                RecordField("stance_id", p.stance.map { .ref($0.id) } ?? .null),
                RecordField("sources", .list(p.sources.map { .ref($0) })),
            ])))
        }
        view.append("did not sign", .text(nonLines.isEmpty ? "none named in our sources" : nonLines.joined(separator: "\n")))
        data.append("non_signatories", .list(nonData))

        if let f = d.field("signatory_count") {
            let lines = f.claims.map { c in
                "• \(c.value.display)  [\(d.sources(of: c).joined(separator: ", "))]" + (c.note.map { " (\($0))" } ?? "")
            }
            view.append("signatory count" + (f.isContested ? " (sources disagree)" : ""), .text(lines.joined(separator: "\n")))
        } else {
            view.append("signatory count", .text("not given in our sources"))
        }
        data.append("signatory_counts", Claims.records(d, "signatory_count", valueKey: "count"))
        if let n = d[field: "official_count_note"].textValue {
            view.append("official count", .text(n))
            data.append("official_count_note", .text(n))
        }
        if let desc = d[field: "description"].textValue { view.append("description", .text(desc)) }
        view.append("sources", .text(d.sources.joined(separator: ", ")))
        data.append("sources", .list(d.sources.map { .ref($0) }))
        return .entity(view: view, title: "\(d.name)  (declaration \(d.id))", data: data)
    }
}
