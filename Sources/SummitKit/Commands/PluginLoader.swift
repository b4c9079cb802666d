/// Loads plugins into a session at run time: packs (a directory with `pack.yaml` and data) and
/// external plugins (a program speaking JSON lines). The executable implements it, so that
/// reading YAML and starting processes stay out of SummitKit; `plugin load`, `plugin reload`
/// and `plugin check` call it through `CommandContext.pluginLoader`.
public protocol PluginLoader: AnyObject {
    /// Loads the plugin in directory `path` (relative paths: to the running script's directory,
    /// else the working directory) and adds it to `context`. All or nothing: on failure the
    /// session is as before and the error lists every problem.
    func load(path: String, in context: CommandContext) throws(CommandError) -> PluginReport

    /// Reads a loaded plugin again from where it came from, replacing it; on failure the old
    /// version stays.
    func reload(name: String, in context: CommandContext) throws(CommandError) -> PluginReport

    /// Checks the plugin in `path` as `load` would, against the session, without loading it.
    func check(path: String, in context: CommandContext) throws(CommandError) -> PluginReport
}

/// What loading or checking a plugin came to, for people and for JSON.
public struct PluginReport: Sendable, Hashable {
    public var name: String
    /// `pack` or `external`.
    public var kind: String
    public var version: String
    /// The directory it was read from.
    public var origin: String
    /// What it adds: entities by kind, kinds, commands.
    public var added: String
    /// Problems that do not stop it loading.
    public var warnings: [String]

    public init(name: String, kind: String, version: String, origin: String, added: String, warnings: [String] = []) {
        self.name = name
        self.kind = kind
        self.version = version
        self.origin = origin
        self.added = added
        self.warnings = warnings
    }
}

extension Interpreter {
    /// The plugin whose `def` is running now (the innermost call owned by a plugin), or nil.
    /// A pack's commands may not load, reload or check plugins: loading a pack must never
    /// start a program its user did not name.
    public var runningPluginDefinition: String? {
        for call in callStack.reversed() {
            if let owner = context.commandOwner[call.name], owner != "user", owner != "core" { return owner }
        }
        return nil
    }

    /// The directory of the script file running now (the innermost `source`d one), or nil at
    /// the prompt, for `-c` lines and piped input: what a relative `plugin load PATH` is relative to.
    public var currentScriptDirectory: String? {
        sourceStack.last.map(FileIO.directory(of:))
    }
}
