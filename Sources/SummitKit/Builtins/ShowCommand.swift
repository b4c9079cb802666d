/// `show ID`: one entity with its fields, relations, referrers and sources; contested fields marked.
public struct ShowCommand: Command {
    public init() {}
    public let name = "show"
    public let summary = "Show one entity: fields, relations, sources (contested fields marked)"
    public var help: String {
        """
        Shows every field of an entity. A field on which sources disagree is marked
        `contested` and lists each claim with its source. JSON output is the export record.

        Examples:
          show paris-2025
          show investai --format json
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("id", help: "an entity id (Tab completes)", completion: .entities(kind: nil))] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let e = try args.entity(at: 0, in: context)
        // Tables and Markdown show the view; JSON, CSV and pipelines read the data alone (a
        // script of lookups in CSV need not pay for the view, which is most of what show builds).
        let format = context.settings.format
        let view = format == .table || format == .markdown || context.resultMayBeKept ? Self.view(e, context.registry) : Record()
        return .entity(view: view, title: "\(e.name)  (\(e.kind) \(e.id))", data: e.record)
    }

    static func view(_ e: Entity, _ registry: Registry) -> Record {
        var r = Record()
        r.append("id", .text(e.id))
        r.append("kind", .text(e.kind))
        r.append("name", .text(e.name))
        if !e.aliases.isEmpty { r.append("aliases", .text(e.aliases.joined(separator: "; "))) }
        for f in e.fields {
            if f.isContested {
                let lines = f.claims.map { c in
                    "• \(c.value.display)  [\(e.sources(of: c).joined(separator: ", "))]" + (c.note.map { " (\($0))" } ?? "")
                }
                r.append(f.name + " (contested)", .text(lines.joined(separator: "\n")))
            } else if f.claims.count > 1 {
                r.append(f.name, .text(f.value.display + "  [" + f.claims.flatMap { e.sources(of: $0) }.joined(separator: ", ") + "]"))
            } else {
                var text = f.value.display
                if let c = f.claims.first, !c.sources.isEmpty { text += "  [" + c.sources.joined(separator: ", ") + "]" }
                if let n = f.claims.first?.note { text += " (\(n))" }
                r.append(f.name, .text(text))
            }
        }
        for rel in e.relations {
            r.append("→ " + rel.name, .text(rel.targets.map { "\(registry.name(of: $0)) (\($0))" }.joined(separator: ", ")))
        }
        let incoming = registry.referrerIDs(of: e.id)
        if !incoming.isEmpty {
            let shown = incoming.prefix(12).map { "\($0.id) (\($0.relation))" }
            r.append("← referenced by", .text(shown.joined(separator: ", ") + (incoming.count > 12 ? ", … \(incoming.count - 12) more" : "")))
        }
        r.append("sources", .text(e.sources.map { s in
            let title = registry.value(of: "title", in: s).display
            return title.isEmpty ? s : "\(s): \(title)"
        }.joined(separator: "\n")))
        return r
    }
}

/// `export`: every entity as records (JSON: one array of export records).
public struct ExportCommand: Command {
    public init() {}
    public let name = "export"
    public let summary = "Export the whole registry (or one kind) as records"
    public var help: String {
        """
        Prints every entity. With --format json: one JSON array of records, each with id, kind,
        name, fields (money as {"amount", "currency"}, dates as ISO strings), relations by id
        and sources. In a table, one row per entity.

        Examples:
          export --format json > registry.json
          export --kind funding --format csv
        """
    }
    public var options: [OptionSpec] { [OptionSpec("kind", value: "KIND", help: "only entities of this kind", completion: .values(KindSchema.builtIn.map(\.name)))] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        var pool = Array(context.registry.entities)
        if let k = args.option("kind") {
            guard context.registry.kinds[k] != nil else {
                var msg = "unknown kind '\(k)'"
                if let s = Suggest.closest(to: k, in: context.registry.kinds.keys) { msg += "; did you mean '\(s)'?" }
                throw .invalid(msg, argument: args.tokenIndex(ofOption: "kind"))
            }
            pool = context.registry.entities(ofKind: k)
        }
        switch context.settings.format {
        case .json: return .records(pool.map(\.record), columns: ["id", "kind", "name", "fields", "relations", "sources"])
        case .csv: return .table(pool.map(\.flatRecord))
        default: break
        }
        return .records(pool.map { e in
            Record(["id": .text(e.id), "kind": .text(e.kind), "name": .text(e.name),
                    "fields": .number(Double(e.fields.count)), "sources": .text(e.sources.joined(separator: " "))])
        }, columns: ["id", "kind", "name", "fields", "sources"])
    }
}
