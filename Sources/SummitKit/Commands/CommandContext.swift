/// A plugin as loaded into a session.
public struct LoadedPlugin: Sendable {
    public var plugin: any SummitPlugin
    public var origin: PluginOrigin
    /// The entity packs (`Entity.pack`) it brought: a run-time pack's own name; none for code.
    public var entityPacks: [String]
    public init(_ plugin: any SummitPlugin, origin: PluginOrigin = .builtIn, entityPacks: [String] = []) {
        self.plugin = plugin
        self.origin = origin
        self.entityPacks = entityPacks
    }
}

/// Session settings that change how results are shown (`set format json`).
public struct Settings: Sendable, Hashable {
    public var format: OutputFormat = .table
    public var color: Bool = false
    /// Terminal width used to fit tables.
    public var width: Int = 100
    /// Whether `--keep-going` is on: report errors and continue.
    public var keepGoing: Bool = false
    public init() {}
}

/// Everything a command may read: the registry, the other commands, settings, history.
///
/// One per session; commands get it as a parameter and never keep it.
public final class CommandContext {
    public var registry: Registry
    public var settings: Settings
    /// True while the result being made may outlive its line (`let x = show ...`) and be shown
    /// later in another format: a command that builds a form only one format uses (the
    /// people's view of `.entity`, say) must then build every form.
    public internal(set) var resultMayBeKept = false
    /// True while the command running is the head of a pipeline with stages (`timeline |
    /// count`): the stages read its records only, so a command that draws a chart for people
    /// may leave the drawing out.
    public internal(set) var resultIsPiped = false
    public internal(set) var plugins: [LoadedPlugin] = []
    /// Commands by full name.
    public internal(set) var commands: [String: any Command] = [:]
    /// Which plugin (name) contributed each command; built-ins are "core".
    public internal(set) var commandOwner: [String: String] = [:]
    /// Returns the session's history, oldest first.
    public var historyProvider: () -> [String] = { [] }
    /// Loads packs and external plugins at run time (`plugin load`); nil where a session has
    /// no way to (the executable provides one).
    public var pluginLoader: (any PluginLoader)?

    public init(registry: Registry, settings: Settings = Settings()) {
        self.registry = registry
        self.settings = settings
    }

    /// Registers a command under its name, replacing any earlier one.
    public func register(_ command: any Command, owner: String = "core") {
        commands[command.name] = command
        commandOwner[command.name] = owner
    }

    /// Adds a plugin and its commands and kinds.
    public func load(_ loaded: LoadedPlugin) {
        plugins.append(loaded)
        for c in loaded.plugin.commands { register(c, owner: loaded.plugin.name) }
    }

    /// Every command, sorted by name.
    public var sortedCommands: [any Command] { commands.keys.sorted().map { commands[$0]! } }

    /// Finds the command named by the leading words (longest match first).
    /// Returns it and how many words its name used.
    public func resolveCommand(_ words: [String]) -> (any Command, Int)? {
        var n = min(3, words.count)
        while n > 0 {
            let name = TextForm.join(Array(words[0..<n]), " ")
            if let c = commands[name] { return (c, n) }
            n -= 1
        }
        return nil
    }

    /// Subcommands of a group (`funding` → `funding list`, `funding total`...).
    public func subcommands(of group: String) -> [any Command] {
        sortedCommands.filter { $0.name.hasPrefix(group + " ") }
    }

    /// Top-level words: single-word commands and groups.
    public var topLevelWords: [String] {
        Array(Set(commands.keys.map { String($0.split(separator: " ")[0]) })).sorted()
    }

    /// Looks up an entity by id (or exact name), with a suggestion when nothing matches.
    public func resolveEntity(_ idOrName: String, kind: String? = nil, argument: Int? = nil) throws(CommandError) -> Entity {
        if let e = registry.entity(idOrName) {
            if let kind, e.kind != kind {
                throw .invalid("'\(idOrName)' is \(Self.article(e.kind)) \(e.kind), not \(Self.article(kind)) \(kind)", argument: argument)
            }
            return e
        }
        let lower = idOrName.lowercased()
        let pool = kind.map { registry.entities(ofKind: $0) } ?? Array(registry.entities)
        if let e = pool.first(where: { $0.name.lowercased() == lower || $0.aliases.contains { $0.lowercased() == lower } }) {
            return e
        }
        var msg = "no \(kind ?? "entity") with id '\(idOrName)'"
        let ids = pool.map(\.id)
        if let s = Suggest.closest(to: idOrName, in: ids) {
            msg += "; did you mean '\(s)'?"
        } else {
            msg += "; try `find \(idOrName)`"
        }
        throw .notFound(msg, argument: argument)
    }

    /// "a" or "an" before a kind name.
    public static func article(_ word: String) -> String {
        guard let f = word.lowercased().first else { return "a" }
        return "aeiou".contains(f) ? "an" : "a"
    }

    /// Completions from a command's argument and option specs.
    public func defaultCompletions(for command: any Command, _ request: CompletionRequest) -> [String] {
        let prefix = request.prefix
        if let last = request.previous.last, last.hasPrefix("--"),
           let spec = command.options.first(where: { "--" + $0.name == last }), spec.valueName != nil {
            return complete(spec.completion, prefix: prefix)
        }
        if prefix.hasPrefix("-") {
            return command.options.map { "--" + $0.name }.filter { $0.hasPrefix(prefix) }
        }
        // Which positional is this?
        var positionalCount = 0
        var i = 0
        let prev = request.previous
        while i < prev.count {
            if prev[i].hasPrefix("--") {
                if let spec = command.options.first(where: { "--" + $0.name == prev[i] }), spec.valueName != nil { i += 1 }
            } else {
                positionalCount += 1
            }
            i += 1
        }
        let args = command.arguments
        var spec: ArgumentSpec?
        if positionalCount < args.count { spec = args[positionalCount] } else if args.last?.variadic == true { spec = args.last }
        var out = spec.map { complete($0.completion, prefix: prefix) } ?? []
        if prefix.isEmpty || out.isEmpty {
            out += command.options.map { "--" + $0.name }.filter { $0.hasPrefix(prefix) }
        }
        return out
    }

    /// The most entity ids one completion hands out (then the last of the run, for the common
    /// prefix): more than anyone reads, and a million would take tens of milliseconds to copy.
    public static let completionLimit = 1000

    /// Candidates of a completion kind that start with `prefix`.
    public func complete(_ kind: CompletionKind, prefix: String) -> [String] {
        switch kind {
        case .none, .files: return []
        case .values(let v): return v.filter { $0.hasPrefix(prefix) }
        case .commands: return commands.keys.sorted().filter { $0.hasPrefix(prefix) && !$0.contains(" ") } + topLevelWords.filter { $0.hasPrefix(prefix) && commands[$0] == nil }
        case .entities(let k):
            return registry.ids(withPrefix: prefix, kinds: k.map { [$0] }, limit: Self.completionLimit)
        case .entitiesOf(let kinds):
            return registry.ids(withPrefix: prefix, kinds: kinds, limit: Self.completionLimit)
        }
    }
}
