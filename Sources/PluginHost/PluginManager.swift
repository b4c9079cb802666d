import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The executable's `PluginLoader`: reads packs through `summit-pack`, links their entities
/// into the registry, runs their command files, and starts external plugins on first use.
///
/// Every load is all or nothing: the session is put back as it was when anything fails, and
/// the error lists every problem with file, line and field.
public final class PluginManager: PluginLoader {
    /// Unowned: the interpreter owns the context, which owns this loader.
    public unowned let interpreter: Interpreter
    public var helper: PackHelper
    /// Readings of unchanged plugins from earlier runs (nil: always read afresh).
    public var cache: PackCache?
    /// Seconds for every handshake and call, overriding the defaults and manifests
    /// (`SUMMIT_PLUGIN_TIMEOUT`); for slow machines and tests.
    public var timeoutOverride: Double?
    private var externals: [String: ExternalPlugin] = [:]
    /// Asked while an external plugin works: true stops it (the REPL passes Ctrl-C here).
    public var shouldStop: (@Sendable () -> Bool)?

    public init(interpreter: Interpreter, helper: PackHelper = PackHelper(), cache: PackCache? = PackCache()) {
        self.interpreter = interpreter
        self.helper = helper
        self.cache = cache
        if let t = PluginSearch.getenv("SUMMIT_PLUGIN_TIMEOUT").flatMap(Double.init), t > 0 { timeoutOverride = t }
    }

    /// Stops every external plugin still running.
    public func shutdown() {
        for p in externals.values { p.stop() }
    }

    /// The external plugin process of a loaded plugin, if it is one.
    public func external(named name: String) -> ExternalPlugin? { externals[name] }

    // MARK: - PluginLoader

    /// Refuses plugin commands run by a plugin's own `def`s.
    func refuseInsidePluginCommands(_ verb: String) throws(CommandError) {
        if let owner = interpreter.runningPluginDefinition {
            throw CommandError(.failed, "`plugin \(verb)` may not run inside a command of plugin '\(owner)': a plugin cannot load, reload or check plugins (that could start programs you never named); run it yourself, or load the plugin with --plugin")
        }
    }

    public func load(path: String, in context: CommandContext) throws(CommandError) -> PluginReport {
        try refuseInsidePluginCommands("load")
        let dir = resolve(path)
        let contents = try read([dir])[0]
        return try install(contents, in: context, replacing: nil)
    }

    public func reload(name: String, in context: CommandContext) throws(CommandError) -> PluginReport {
        try refuseInsidePluginCommands("reload")
        guard let old = context.plugin(named: name) else {
            var msg = "no plugin named '\(name)' is loaded"
            let names = context.plugins.filter { $0.origin != .builtIn }.map(\.plugin.name)
            if let s = Suggest.closest(to: name, in: names) { msg += "; did you mean '\(s)'?" } else { msg += "; `plugins` lists them" }
            throw CommandError(.notFound, msg, argument: 0)
        }
        let dir: String
        switch old.origin {
        case .builtIn: throw CommandError(.invalidValue, "'\(name)' is compiled in; only packs and external plugins can be reloaded", argument: 0)
        case .pack(let p), .external(let p): dir = p
        }
        let contents = try read([dir], cached: false)[0]
        if let m = contents.manifest, m.name != name, contents.problems.isEmpty {
            throw CommandError(.failed, "the plugin in \(dir) is now called '\(m.name)', not '\(name)'; load it with `plugin load \(dir)`")
        }
        return try install(contents, in: context, replacing: old)
    }

    public func check(path: String, in context: CommandContext) throws(CommandError) -> PluginReport {
        try refuseInsidePluginCommands("check")
        let dir = resolve(path)
        let contents = try read([dir], cached: false)[0]
        guard let m = contents.manifest else { throw Self.problemsError(dir, contents.problems) }
        let plan = self.plan(contents, m, in: context, replacing: context.plugin(named: m.name))
        var problems = plan.problems
        var warnings: [String] = []
        if problems.isEmpty, m.isExternal {
            // Start it once, to check the handshake.
            let probe = makeExternal(m, dir: dir)
            do { _ = try probe.handshake() } catch {
                problems.append(RegistryError(.other(error.message), at: SourceLocation(file: m.file, line: 1)))
            }
            probe.stop()
        }
        if !problems.isEmpty { throw Self.problemsError(dir, problems) }
        if m.summits.isEmpty && !contents.entities.contains(where: { $0.kind == "summit" }) && !m.isExternal && !contents.entities.isEmpty {
            warnings.append("the pack adds no summit; list the summits it adds under `summits:` in pack.yaml if it has any")
        }
        let entities = Self.countByKind(contents.entities)
        var added = entities.isEmpty ? [] : ["\(contents.entities.count) entities (\(entities))"]
        if !m.kinds.isEmpty { added.append("kinds: " + m.kinds.map(\.name).joined(separator: ", ")) }
        let commands = plan.definitions + m.provides
        if !commands.isEmpty { added.append("commands: " + commands.joined(separator: ", ")) }
        return PluginReport(name: m.name, kind: m.isExternal ? "external" : "pack", version: m.version, origin: dir,
                            added: added.joined(separator: "; "), warnings: warnings)
    }

    // MARK: - Start-up

    /// Something that went wrong loading plugins at start-up.
    public struct StartupProblem: Sendable {
        public var message: String
        /// True when the user named the plugin (`--plugin`, `SUMMIT_PLUGIN_PATH`): an error, not a warning.
        public var isError: Bool
    }

    /// Loads the plugins found at start-up, reading them all with one helper run. A plugin that
    /// fails is skipped; the problems come back for the caller to print.
    public func loadAtStartup(_ found: [PluginSearch.Found], into context: CommandContext) -> [StartupProblem] {
        guard !found.isEmpty else { return [] }
        let contents: [PackContents]
        do { contents = try read(found.map(\.path)) } catch {
            return [StartupProblem(message: "plugins not loaded: \(error.message)", isError: found.contains { $0.source.isExplicit })]
        }
        var problems: [StartupProblem] = []
        var pending = Array(zip(found, contents))
        // Packs may refer to each other's entities: retry those that failed while others still load.
        var failures: [(PluginSearch.Found, String)] = []
        while !pending.isEmpty {
            failures = []
            var progress = false
            for (f, c) in pending {
                if let m = c.manifest, let existing = context.plugin(named: m.name), c.problems.isEmpty {
                    problems.append(StartupProblem(
                        message: "plugin '\(m.name)' in \(f.path) (from \(f.source.label)) skipped: a plugin of that name is already loaded from \(existing.origin.location)",
                        isError: false))
                    continue
                }
                do {
                    _ = try install(c, in: context, replacing: nil)
                    progress = true
                } catch {
                    failures.append((f, error.message))
                }
            }
            pending = pending.filter { p in failures.contains { $0.0 == p.0 } }
            if !progress { break }
        }
        for (f, message) in failures {
            let kind = f.source.isExplicit ? "" : " (in the plugin directory; skipped)"
            var text = message
            for prefix in ["plugin \(f.path): ", "plugin \(resolve(f.path)): "] where text.hasPrefix(prefix) {
                text = String(text.dropFirst(prefix.count))
                break
            }
            problems.append(StartupProblem(message: "plugin \(f.path) not loaded\(kind): \(text)", isError: f.source.isExplicit))
        }
        return problems
    }

    // MARK: - Loading

    /// A path as the user wrote it, made relative to the running script when it is relative.
    func resolve(_ path: String) -> String {
        var p = FileIO.expandingTilde(path)
        if !p.hasPrefix("/"), let dir = interpreter.currentScriptDirectory { p = FileIO.displayPath(FileIO.resolve(p, relativeTo: dir)) }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// Reads plugin directories: from the cache when they have not changed (`cached`), else
    /// with one run of the helper for all the others.
    func read(_ dirs: [String], cached: Bool = true) throws(CommandError) -> [PackContents] {
        let helperPath = helper.path
        var out: [PackContents?] = dirs.map { d in
            guard cached, let cache, let h = helperPath else { return nil }
            return cache.lookup(d, helper: h)
        }
        let missing = dirs.indices.filter { out[$0] == nil }
        if missing.isEmpty { return out.compactMap { $0 } }
        do throws(PackHelper.Failure) {
            let packs = try helper.read(missing.map { dirs[$0] })
            guard packs.count == missing.count else { throw PackHelper.Failure(message: "the pack reader answered for \(packs.count) of \(missing.count) directories") }
            for (i, p) in zip(missing, packs) {
                out[i] = p
                if let cache, let h = helperPath { cache.store(p, helper: h) }
            }
            return out.compactMap { $0 }
        } catch {
            throw CommandError(.failed, error.message)
        }
    }

    /// What loading a plugin would do, and every problem in the way, without changing anything.
    struct Plan {
        var problems: [RegistryError]
        /// The registry with the plugin's entities, when they link.
        var registry: Registry?
        /// The names its command files define.
        var definitions: [String]
    }

    func plan(_ contents: PackContents, _ m: PackManifest, in context: CommandContext, replacing old: LoadedPlugin?) -> Plan {
        let dir = contents.directory
        var problems = contents.problems
        problems += nameProblems(m, dir: dir, in: context, replacing: old)
        // Entities of a data file that did not read are missing: linking the rest would only
        // add "not an entity" noise, so the file's own problems come first.
        let linked: (problems: [RegistryError], registry: Registry?) = Self.dataFilesFailed(contents, m) ? ([], nil) : linkProblems(contents, m, in: context, replacing: old)
        problems += linked.problems
        problems += securityProblems(m, dir: dir)
        let files = commandFileProblems(m, dir: dir, in: context)
        problems += files.problems
        problems += commandNameProblems(m, in: context)
        return Plan(problems: problems, registry: linked.registry, definitions: files.definitions)
    }

    func install(_ contents: PackContents, in context: CommandContext, replacing old: LoadedPlugin?) throws(CommandError) -> PluginReport {
        let dir = contents.directory
        guard let m = contents.manifest else { throw Self.problemsError(dir, contents.problems) }
        let plan = self.plan(contents, m, in: context, replacing: old)
        guard plan.problems.isEmpty, let registry = plan.registry else { throw Self.problemsError(dir, plan.problems) }

        let state = context.pluginState()
        let oldExternal = old.flatMap { externals[$0.plugin.name] }
        /// Puts the session back as it was (the old version's program starts again when used).
        func rollBack() {
            context.restore(state)
            externals[m.name]?.reset()
            externals[m.name] = nil
            if let old, let oldExternal { externals[old.plugin.name] = oldExternal }
        }
        context.registry = registry
        if let old {
            context.forget(plugin: old.plugin.name)
            externals[old.plugin.name]?.reset()
            externals[old.plugin.name] = nil
        }
        if m.isExternal {
            let ext = makeExternal(m, dir: dir)
            externals[m.name] = ext
            for name in m.provides { context.register(ExternalCommand(name: name, plugin: ext), owner: m.name) }
        }
        // The command files: only `def`s (checked above), registered with the plugin as owner.
        let savedWrite = interpreter.write, savedUTF8 = interpreter.writeUTF8, savedError = interpreter.writeError
        var output = ""
        interpreter.write = { output += $0 }
        interpreter.writeError = { output += $0 }
        defer {
            interpreter.write = savedWrite
            interpreter.writeUTF8 = savedUTF8
            interpreter.writeError = savedError
        }
        for f in m.commandFiles {
            let path = FileIO.resolve(f, relativeTo: dir)
            let text: String
            do { text = try FileIO.readText(path) } catch {
                rollBack()
                throw Self.problemsError(dir, [RegistryError(.other(error.message), at: SourceLocation(file: path, line: 1))])
            }
            if interpreter.loadDefinitions(script: text, file: path, owner: m.name, directory: FileIO.directory(of: path), root: dir) != .ok {
                rollBack()
                throw CommandError(.failed, "plugin '\(m.name)' not loaded: its command file \(path) failed:\n" + output)
            }
        }
        let origin: PluginOrigin = m.isExternal ? .external(path: dir) : .pack(path: dir)
        let loaded = LoadedPlugin(PackPlugin(m), origin: origin, entityPacks: [m.name])
        context.load(loaded)
        return PluginReport(name: m.name, kind: origin.kindName, version: m.version, origin: dir, added: context.addedSummary(loaded))
    }

    func makeExternal(_ m: PackManifest, dir: String) -> ExternalPlugin {
        let exe = FileIO.realPath(FileIO.resolve(m.executable ?? "", relativeTo: dir)) ?? FileIO.resolve(m.executable ?? "", relativeTo: dir)
        let home = FileIO.realPath(dir) ?? dir
        let p = ExternalPlugin(name: m.name, executable: exe, directory: home, provides: m.provides,
                               handshakeTimeout: timeoutOverride ?? 5, callTimeout: timeoutOverride ?? m.timeout ?? 10)
        p.shouldStop = shouldStop
        return p
    }

    // MARK: - Checks

    /// The name must be free (unless reloading it).
    func nameProblems(_ m: PackManifest, dir: String, in context: CommandContext, replacing old: LoadedPlugin?) -> [RegistryError] {
        let at = SourceLocation(file: m.file, line: 1)
        if ["core", "user", "seeds"].contains(m.name) {
            return [RegistryError(.other("field 'name': '\(m.name)' is reserved (core, user and seeds name summit's own commands and data); give the plugin another name"), at: at)]
        }
        if old == nil, let existing = context.plugin(named: m.name) {
            return [RegistryError(.other("field 'name': a plugin named '\(m.name)' is already loaded (\(existing.origin.kindName), from \(existing.origin.location)); `plugin reload \(m.name)` reads it again, or give this one another name"), at: at)]
        }
        if old == nil, context.registry.packNames.contains(m.name) {
            return [RegistryError(.other("field 'name': '\(m.name)' is the name of a built-in pack; give the plugin another name"), at: at)]
        }
        return []
    }

    /// Links the entities into (a copy of) the registry: duplicates, dangling references, kinds.
    func linkProblems(_ c: PackContents, _ m: PackManifest, in context: CommandContext, replacing old: LoadedPlugin?) -> (problems: [RegistryError], registry: Registry?) {
        do {
            if let old {
                return ([], try context.registry.replacingPack(m.name, with: c.entities, removingKinds: old.plugin.kinds.map(\.name), extraKinds: m.kinds))
            }
            var r = context.registry
            if let image = c.image { try r.add(image: image, extraKinds: m.kinds) } else { try r.add(c.entities, extraKinds: m.kinds) }
            return ([], r)
        } catch {
            return (error.errors, nil)
        }
    }

    /// Nothing a plugin is made of may be changeable by other users (checked at every load, as
    /// a change of mode does not change what the cache compares), and an external program runs
    /// only from inside its directory.
    func securityProblems(_ m: PackManifest, dir: String) -> [RegistryError] {
        var out: [RegistryError] = []
        var files = [m.file] + m.dataFiles.map { FileIO.resolve($0, relativeTo: dir) } + m.commandFiles.map { FileIO.resolve($0, relativeTo: dir) }
        let commands = FileIO.resolve("commands", relativeTo: dir)
        if FileIO.isDirectory(commands) { files.append(commands) }
        for f in files {
            if let why = FileIO.unsafeWritability(f) {
                out.append(RegistryError(.other("refusing \(f): \(why), so another user could change what summit loads; run `chmod go-w \(f)`"), at: SourceLocation(file: f, line: 1)))
            }
        }
        guard let exe = m.executable else { return out }
        let at = SourceLocation(file: m.file, line: 1)
        if let why = FileIO.unsafeWritability(dir) {
            out.append(RegistryError(.other("field 'executable': refusing to run a program from \(dir): \(why); run `chmod go-w \(dir)`"), at: at))
        }
        let path = FileIO.resolve(exe, relativeTo: dir)
        // Checked by the reader too; checked again here, where the program is started.
        if let real = FileIO.realPath(path), let home = FileIO.realPath(dir), !FileIO.isWithin(real, directory: home) {
            out.append(RegistryError(.other("field 'executable': '\(exe)' leads outside the plugin directory; keep the plugin's files inside it"), at: at))
        }
        if let why = FileIO.unsafeWritability(path) {
            out.append(RegistryError(.other("field 'executable': refusing to run \(path): \(why); run `chmod go-w \(path)`"), at: at))
        }
        return out
    }

    /// The command files: readable, parsable, only `def`s, names free, commands they use known.
    func commandFileProblems(_ m: PackManifest, dir: String, in context: CommandContext) -> (problems: [RegistryError], definitions: [String]) {
        var problems: [RegistryError] = []
        var names: [String] = []
        var checker = ScriptChecker(context: context)
        for f in m.commandFiles {
            let path = FileIO.resolve(f, relativeTo: dir)
            let text: String
            do { text = try FileIO.readText(path) } catch {
                problems.append(RegistryError(.other(error.message), at: SourceLocation(file: path, line: 1)))
                continue
            }
            let unit = SourceUnit(file: path, text: text, directory: FileIO.directory(of: path))
            let program: Program
            do { program = try Parser.parse(unit) } catch {
                problems.append(RegistryError(.other(error.message), at: SourceLocation(file: path, line: error.line, column: error.column)))
                continue
            }
            var clean = true
            for s in program.statements {
                guard case .definition(let d) = s else {
                    problems.append(RegistryError(.other("a pack's command file holds only `def`s (it runs when the pack loads); put this inside a def or in an example script"),
                                                  at: SourceLocation(file: path, line: s.position.line, column: s.position.column)))
                    clean = false
                    continue
                }
                let at = SourceLocation(file: path, line: d.namePosition.line, column: d.namePosition.column)
                if names.contains(d.name) {
                    problems.append(RegistryError(.other("'\(d.name)' is defined twice in this pack"), at: at))
                    clean = false
                } else if let owner = context.commandOwner[d.name], owner != m.name, context.commands[d.name] is UserCommand {
                    problems.append(RegistryError(.other("'\(d.name)' is already defined \(owner == "user" ? "in this session" : "by plugin '\(owner)'"); give this def another name"), at: at))
                    clean = false
                }
                names.append(d.name)
            }
            if clean, let d = checker.check(script: text, file: path, directory: FileIO.directory(of: path)) {
                problems.append(RegistryError(.other(d.message), at: SourceLocation(file: d.file, line: d.line, column: d.column)))
            }
        }
        return (problems, names)
    }

    /// An external plugin's commands must not take over existing ones.
    func commandNameProblems(_ m: PackManifest, in context: CommandContext) -> [RegistryError] {
        m.provides.compactMap { name in
            guard context.commands[name] != nil, let owner = context.commandOwner[name], owner != m.name else { return nil }
            let who = owner == "core" ? "a built-in command" : owner == "user" ? "defined in this session" : "from plugin '\(owner)'"
            return RegistryError(.other("field 'provides': '\(name)' is already a command (\(who)); give the plugin's command another name"), at: SourceLocation(file: m.file, line: 1))
        }
    }

    /// True when a data file had problems (its entities are then missing).
    static func dataFilesFailed(_ c: PackContents, _ m: PackManifest) -> Bool {
        let files = Set(m.dataFiles.map { FileIO.resolve($0, relativeTo: c.directory) })
        return c.problems.contains { $0.location.map { files.contains($0.file) } ?? false }
    }

    /// `N problems in DIR:` and one `FILE:LINE:COL: error: MESSAGE` per line.
    static func problemsError(_ dir: String, _ problems: [RegistryError]) -> CommandError {
        let n = problems.count
        var lines = ["plugin \(dir): \(n) problem\(n == 1 ? "" : "s")\(n == 0 ? "" : ":")"]
        for p in problems { lines.append("  " + p.description) }
        return CommandError(.failed, lines.joined(separator: "\n"))
    }

    static func countByKind(_ entities: [Entity]) -> String {
        var counts: [String: Int] = [:]
        for e in entities { counts[e.kind, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// A loaded pack or external plugin, as `plugins` lists it.
public struct PackPlugin: SummitPlugin {
    public let manifest: PackManifest
    public init(_ manifest: PackManifest) { self.manifest = manifest }
    public var name: String { manifest.name }
    public var summary: String { manifest.description }
    public var version: String { manifest.version }
    /// Its commands are registered directly (defs and external commands), owned by its name.
    public var commands: [any Command] { [] }
    public var kinds: [KindSchema] { manifest.kinds }
}
