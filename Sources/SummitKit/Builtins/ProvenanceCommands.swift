/// `conflicts`: every field on which sources disagree, one row per claim.
public struct ConflictsCommand: Command {
    public init() {}
    public let name = "conflicts"
    public let summary = "List every fact on which sources disagree, with each claim's source"
    public var help: String {
        """
        Lists each contested field (participants 700+ vs 800+, signatory counts, track names...)
        with one row per claim and the source that makes it. Nothing is silently picked.

        Examples:
          conflicts
          conflicts paris-2025
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("id", help: "only this entity", optional: true, completion: .entities(kind: nil))] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let pool = args.positional.isEmpty ? Array(context.registry.entities) : [try args.entity(at: 0, in: context)]
        var rows: [Record] = []
        for e in pool {
            for f in e.fields where f.isContested {
                for c in f.claims {
                    rows.append(Record([
                        RecordField("id", .text(e.id)), RecordField("field", .text(f.name)), RecordField("value", c.value),
                        RecordField("source", .text(e.sources(of: c).joined(separator: ", "))), RecordField("note", c.note.map { .text($0) } ?? .null),
                    ]))
                }
            }
        }
        return .records(rows, columns: ["id", "field", "value", "source", "note"])
    }
}

/// `sources ID`: where each fact about an entity comes from; `sources` alone lists every source.
public struct SourcesCommand: Command {
    public init() {}
    public let name = "sources"
    public let summary = "Show where each fact about an entity comes from (no ID: every source)"
    public var help: String {
        """
        With an id: one row per fact (field or relation) and the source(s) backing it.
        Without: every source document with its publisher, date, URL and how often it is cited.

        Examples:
          sources investai
          sources
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("id", help: "an entity id", optional: true, completion: .entities(kind: nil))] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        func title(_ s: String) -> Value { .text(reg.entity(s)?.name ?? s) }
        guard !args.positional.isEmpty else {
            var cites: [String: Int] = [:]
            for e in reg.entities {
                for s in e.sources { cites[s, default: 0] += 1 }
                for f in e.fields { for c in f.claims { for s in c.sources { cites[s, default: 0] += 1 } } }
            }
            let rows = reg.entities(ofKind: "source").map { s in
                Record([RecordField("id", .text(s.id)), RecordField("publisher", s[field: "publisher"]), RecordField("date", s[field: "date"]),
                        RecordField("title", s[field: "title"]), RecordField("url", s[field: "url"]), RecordField("cited", .number(Double(cites[s.id] ?? 0)))])
            }
            return .records(rows, columns: ["id", "publisher", "date", "title", "url", "cited"])
        }
        let e = try args.entity(at: 0, in: context)
        var rows: [Record] = []
        for s in e.sources {
            rows.append(Record([RecordField("fact", .text("(entity)")), RecordField("value", .text(e.name)), RecordField("source", .text(s)), RecordField("title", title(s))]))
        }
        for f in e.fields {
            for c in f.claims {
                for s in e.sources(of: c) {
                    rows.append(Record([RecordField("fact", .text(f.name + (f.isContested ? " (contested)" : ""))), RecordField("value", c.value), RecordField("source", .text(s)), RecordField("title", title(s))]))
                }
            }
        }
        for r in e.relations {
            for s in e.sources {
                rows.append(Record([RecordField("fact", .text("→ " + r.name)), RecordField("value", .text(r.targets.joined(separator: ", "))), RecordField("source", .text(s)), RecordField("title", title(s))]))
            }
        }
        return .records(rows, columns: ["fact", "value", "source", "title"])
    }
}

/// `list [KIND]`: the kinds with counts, or every entity of one kind.
public struct ListCommand: Command {
    public init() {}
    public let name = "list"
    public let summary = "List the kinds of entity with counts, or every entity of one kind"
    public var help: String { "Examples:\n  list\n  list person\n  list declaration --format json" }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("kind", help: "a kind such as summit, person, funding", optional: true, completion: .values(KindSchema.builtIn.map(\.name)))] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        guard let kind = args.positional.first else {
            let known = reg.kinds.keys.sorted()
            return .records(known.map { k in
                Record(["kind": .text(k), "count": .number(Double(reg.indices(ofKind: k).count)), "about": .text(reg.kinds[k]?.summary ?? "")])
            }, columns: ["kind", "count", "about"])
        }
        guard reg.kinds[kind] != nil else {
            var msg = "unknown kind '\(kind)'"
            if let s = Suggest.closest(to: kind, in: reg.kinds.keys) { msg += "; did you mean '\(s)'?" } else { msg += "; `list` shows the kinds" }
            throw .invalid(msg, argument: 0)
        }
        // Rows are built when asked for: `list event | where ... | first 10` builds ten.
        let positions = reg.indices(ofKind: kind)
        if context.settings.format == .json { return .lazyRecords(LazyRows(EntityRows(reg, positions: positions, form: .export), columns: ["id", "kind", "name"])) }
        let rows = EntityRows(reg, positions: positions, form: .flat)
        if context.settings.format == .csv { return .lazyRecords(LazyRows(rows, columns: positions.isEmpty ? [] : rows.keys)) }
        // A table shows the identifying columns; `show ID` and the other formats have the rest.
        let present = Set(rows.keys)
        let columns = ["id", "name"] + Self.summaryColumns.filter { present.contains($0) }
        return .lazyRecords(LazyRows(rows, columns: columns))
    }

    /// Fields worth a column in `list` when an entity kind has them.
    static let summaryColumns = ["dates", "date", "amount", "role", "organisation", "summit", "host", "country", "venue", "envoy", "stance", "publisher", "url"]
}

/// `plugins` (and `plugin list`): every plugin with its kind, version, origin and what it added.
public struct PluginsCommand: Command {
    public let name: String
    public init(name: String = "plugins") { self.name = name }
    public let summary = "List plugins: kind (built-in, pack, external), version, origin, what each added"
    public var help: String {
        """
        One row per plugin: its name, kind (built-in, pack or external), version, origin (where
        it was loaded from), and what it added: entities by kind, kinds, and commands. The
        compiled-in seed data shows as `seeds`. `plugin load PATH` adds a plugin; see
        docs/PLUGINS.md.

        Examples:
          plugins
          plugins --format json
        """
    }
    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        var rows = context.plugins.map { p in
            Record([
                RecordField("name", .text(p.plugin.name)), RecordField("kind", .text(p.origin.kindName)),
                RecordField("version", .text(p.plugin.version)), RecordField("origin", .text(p.origin.location)),
                RecordField("added", .text(context.addedSummary(p))), RecordField("summary", .text(p.plugin.summary)),
            ])
        }
        // Entities no plugin claims came compiled in from seeds/.
        let claimed = Set(context.plugins.flatMap(\.entityPacks))
        let seedPacks = context.registry.packNames.filter { !claimed.contains($0) }
        if !seedPacks.isEmpty {
            let i = min(1, rows.count)
            rows.insert(Record([
                RecordField("name", .text("seeds")), RecordField("kind", .text("built-in")),
                RecordField("version", .text(SummitVersion.current)), RecordField("origin", .text("compiled in (seeds/)")),
                RecordField("added", .text(context.entitySummary(packs: seedPacks))),
                RecordField("summary", .text("The built-in summit data: \(seedPacks.count) packs")),
            ]), at: i)
        }
        return .records(rows, columns: ["name", "kind", "version", "origin", "added"])
    }
}

extension PluginOrigin {
    /// Where it came from, for `plugins`: the directory, or "compiled in".
    public var location: String {
        switch self {
        case .builtIn: return "compiled in"
        case .pack(let path), .external(let path): return path
        }
    }
}

/// The built-in commands, as a plugin named `core`.
public struct CorePlugin: SummitPlugin {
    public init() {}
    public let name = "core"
    public let summary = "Built-in commands: help, find, show, export, sources, conflicts, settings"
    public let version = SummitVersion.current
    public var commands: [any Command] {
        [HelpCommand(), PluginsCommand(), FindCommand(), ShowCommand(), ExportCommand(), ListCommand(),
         ConflictsCommand(), SourcesCommand(), HistoryCommand(), SetCommand(), SourceCommand(), EchoCommand(),
         ExitCommand(name: "exit"), ExitCommand(name: "quit")]
    }
}

public enum SummitVersion {
    public static let current = "0.1.0"
}
