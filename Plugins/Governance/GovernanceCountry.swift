import SummitKit

/// `governance country ID`: what a country signed or declined across the series.
public struct GovernanceCountryCommand: Command {
    public init() {}
    public let name = "governance country"
    public let summary = "What a country signed or declined across the series, with reasons and sources"
    public var help: String {
        """
        One row per government declaration of the series, by date: whether the country
        signed it, declined (with the reason, where a `stance` records one) or whether our
        sources do not say (`not recorded`; the note says when a source's list of
        signatories is only partial). Company pledges are listed only where the country is
        named in them. The source column names the documents behind each answer.
        --recorded keeps only the declarations the country is recorded as signing or declining.
        The European Union and other bodies that sign declarations work too.

        Examples:
          governance country united-kingdom
          governance country china --recorded
        """
    }
    public var arguments: [ArgumentSpec] {
        [ArgumentSpec("id", help: "a country (or union) id or name", completion: .entitiesOf(kinds: ["country", "organisation"]))]
    }
    public var options: [OptionSpec] {
        [.flag("recorded", help: "only declarations it is recorded as signing or declining")]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let who = try Signer.resolve(args.positional[0], argument: args.tokenIndex(ofPositional: 0), in: context)
        var rows: [Record] = []
        for d in Gov.byDate(reg.entities(ofKind: "declaration"), reg) {
            let facts = DeclarationFacts(d, registry: reg)
            let p = Position.of(who.id, on: d, registry: reg)
            if p.status == .notRecorded && (args.flag("recorded") || !facts.isForGovernments) { continue }
            var r = Record()
            r.append("declaration", .text(d.name))
            r.append("id", .text(d.id))
            r.append("summit", d.related("summit").first.map { .ref($0) } ?? .null)
            r.append("date", d[field: "date"])
            r.append("status", .text(p.status.rawValue))
            r.append("reason", p.reason.map { .text($0) } ?? (p.note.map { .text($0) } ?? .null))
            r.append("source", p.sources.isEmpty ? .null : .text(p.sources.joined(separator: ", ")))
            r.append("country", .ref(who.id))
            r.append("stance_id", p.stance.map { .ref($0.id) } ?? .null)
            rows.append(r)
        }
        return .records(rows, columns: ["declaration", "summit", "date", "status", "reason", "source"])
    }
}

/// `governance signed COUNTRY DECLARATION` (also `governance did-sign`): a yes / no / not
/// recorded answer with the reason and the source.
public struct GovernanceSignedCommand: Command {
    public let name: String
    public init(name: String = "governance signed") { self.name = name }
    public let summary = "Did a country sign a declaration? yes / no (declined, with reason) / not recorded, with the source"
    public var help: String {
        """
        Answers one question: did COUNTRY sign DECLARATION? `yes`, `no` (declined, with the
        reason where a source gives one) or `not recorded` (our sources do not say; the note
        says when their list of signatories is partial), with the sources behind the answer.
        Ids or names work (`UK`, `"Paris statement"`), in either order. Also available as
        `governance did-sign`.

        Examples:
          governance signed united-kingdom paris-statement
          governance did-sign US "Paris statement"
        """
    }
    public var arguments: [ArgumentSpec] {
        [
            ArgumentSpec("country", help: "a country (or union) id or name", completion: .entitiesOf(kinds: ["country", "organisation"])),
            ArgumentSpec("declaration", help: "a declaration id or name", completion: .entities(kind: "declaration")),
        ]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        var (ci, di) = (0, 1)
        // Accept the two in either order: `signed paris-statement uk` reads the same.
        if let first = reg.entity(args.positional[0]) ?? byName(args.positional[0], kind: "declaration", reg), first.kind == "declaration" {
            (ci, di) = (1, 0)
        }
        let who = try Signer.resolve(args.positional[ci], argument: args.tokenIndex(ofPositional: ci), in: context)
        let d = try args.entity(at: di, kind: "declaration", in: context)
        let p = Position.of(who.id, on: d, registry: reg)

        let answer: String
        switch p.status {
        case .signed: answer = "yes"
        case .declined: answer = "no"
        case .notRecorded: answer = "not recorded"
        }
        var r = Record()
        r.append("answer", .text(answer))
        r.append("stance", p.status == .notRecorded ? .null : .text(p.status.rawValue))
        r.append("country", .text(who.name))
        r.append("declaration", .text(d.name))
        r.append("summit", d.related("summit").first.map { .text("\(reg.name(of: $0)) (\($0))") } ?? .null)
        r.append("reason", p.reason.map { .text($0) } ?? .null)
        if p.status == .notRecorded {
            r.append("note", .text(p.note.map { "Our sources do not say. \($0)" } ?? "Our sources do not say whether \(who.name) signed."))
        } else if let n = p.note {
            r.append("note", .text(n))
        }
        r.append("source", p.sources.isEmpty ? .null : .text(Gov.sourceTitles(p.sources, reg)))
        r.append("source_ids", .list(p.sources.map { .ref($0) }))
        r.append("country_id", .ref(who.id))
        r.append("declaration_id", .ref(d.id))
        r.append("stance_id", p.stance.map { .ref($0.id) } ?? .null)

        let headline: String
        switch p.status {
        case .signed: headline = "Yes: \(who.name) signed \(d.name)."
        case .declined: headline = "No: \(who.name) did not sign \(d.name)" + (p.reason == nil ? "." : "; reason below.")
        case .notRecorded: headline = "Not recorded: our sources do not say whether \(who.name) signed \(d.name)."
        }
        // People see the answer without empty rows or ids; JSON gets every key.
        let view = Record(r.fields.filter { !$0.value.isNull && !$0.key.hasSuffix("_id") && !$0.key.hasSuffix("_ids") })
        return .entity(view: view, title: headline, data: r)
    }

    private func byName(_ s: String, kind: String, _ reg: Registry) -> Entity? {
        let l = s.lowercased()
        return reg.entities(ofKind: kind).first { $0.name.lowercased() == l || $0.aliases.contains { $0.lowercased() == l } }
    }
}

/// Who can sign: a country, or a body such as the European Union (kind organisation).
enum Signer {
    static func resolve(_ text: String, argument: Int?, in context: CommandContext) throws(CommandError) -> Entity {
        if let e = context.registry.entity(text) {
            guard e.kind == "country" || e.kind == "organisation" else {
                throw .invalid("'\(text)' is \(CommandContext.article(e.kind)) \(e.kind), not a country or organisation that signs declarations", argument: argument)
            }
            return e
        }
        // Names and aliases (`UK`, `United States`), countries first.
        let l = text.lowercased()
        for kind in ["country", "organisation"] {
            if let e = context.registry.entities(ofKind: kind).first(where: { $0.name.lowercased() == l || $0.aliases.contains { $0.lowercased() == l } }) {
                return e
            }
        }
        return try context.resolveEntity(text, kind: "country", argument: argument)
    }
}
