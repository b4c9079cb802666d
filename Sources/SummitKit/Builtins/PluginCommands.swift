/// `plugin load`, `plugin reload`, `plugin check` and `plugin list`: packs and external plugins
/// at run time (docs/PLUGINS.md). They work through the session's `PluginLoader`, which the
/// executable provides; `PluginCommands.all` is registered next to the core commands there.
public enum PluginCommands {
    public static var all: [any Command] {
        [PluginLoadCommand(), PluginReloadCommand(), PluginCheckCommand(), PluginsCommand(name: "plugin list")]
    }

    static func loader(_ context: CommandContext) throws(CommandError) -> any PluginLoader {
        guard let l = context.pluginLoader else { throw CommandError(.failed, "this session cannot load plugins") }
        return l
    }

    static func record(_ r: PluginReport, status: String? = nil) -> Record {
        var rec = Record()
        rec.append("name", .text(r.name))
        if let status { rec.append("status", .text(status)) }
        rec.append("kind", .text(r.kind))
        rec.append("version", .text(r.version))
        rec.append("origin", .text(r.origin))
        rec.append("added", r.added.isEmpty ? .null : .text(r.added))
        if !r.warnings.isEmpty { rec.append("warnings", .text(r.warnings.joined(separator: "\n"))) }
        return rec
    }
}

/// `plugin load PATH`.
public struct PluginLoadCommand: Command {
    public init() {}
    public let name = "plugin load"
    public let summary = "Load a pack or external plugin from a directory"
    public var help: String {
        """
        Reads the plugin in PATH (a directory with pack.yaml) and adds its entities, kinds and
        commands to the session; every existing command sees them at once. Nothing is added when
        anything is wrong: the error lists every problem with file, line and field. In a script,
        a relative PATH is relative to the script (like `source`); at the prompt, to the
        working directory. See docs/PLUGINS.md.

        Examples:
          plugin load examples/plugins/india-2026
          plugin load ~/summit-packs/my-summit
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("path", help: "the plugin's directory", completion: .files)] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let report = try PluginCommands.loader(context).load(path: args.positional[0], in: context)
        return .detail(PluginCommands.record(report, status: "loaded"), title: "plugin \(report.name) \(report.version)")
    }
}

/// `plugin reload NAME`.
public struct PluginReloadCommand: Command {
    public init() {}
    public let name = "plugin reload"
    public let summary = "Read a loaded pack or external plugin again from its directory"
    public var help: String {
        """
        Reads the plugin again from the directory it was loaded from and replaces it: its
        entities, kinds and commands (an external plugin's program is stopped and restarted on
        its next use). When the new version has problems the old one stays, and the error
        lists them.

        Example:
          plugin reload india-2026
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("name", help: "a loaded plugin's name (`plugins` lists them)")] }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        guard request.previous.isEmpty else { return [] }
        return context.plugins.filter { $0.origin != .builtIn }.map(\.plugin.name).filter { $0.hasPrefix(request.prefix) }.sorted()
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let report = try PluginCommands.loader(context).reload(name: args.positional[0], in: context)
        return .detail(PluginCommands.record(report, status: "reloaded"), title: "plugin \(report.name) \(report.version)")
    }
}

/// `plugin check PATH`.
public struct PluginCheckCommand: Command {
    public init() {}
    public let name = "plugin check"
    public let summary = "Check a pack or external plugin without loading it; lists every problem"
    public var help: String {
        """
        Checks the plugin in PATH as `plugin load` would, against the session: the manifest,
        every data file (values, dates, money, ids), links to other entities (duplicates,
        dangling references, missing sources), the summits it declares, its command files and,
        for an external plugin, its program's handshake. Every problem is reported as
        FILE:LINE:COL: error: MESSAGE naming the field; the status is 1 when there is any.

        Examples:
          plugin check examples/plugins/india-2026
          summit -c 'plugin check ./my-pack'      (from the shell: exit status 0 or 1)
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("path", help: "the plugin's directory", completion: .files)] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let report = try PluginCommands.loader(context).check(path: args.positional[0], in: context)
        return .detail(PluginCommands.record(report, status: "ok"), title: "plugin \(report.name) \(report.version): no problems")
    }
}
