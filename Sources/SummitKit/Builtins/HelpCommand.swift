/// `help` and `help CMD`.
public struct HelpCommand: Command {
    public init() {}
    public let name = "help"
    public let summary = "List commands, or show one command's help"
    public var help: String {
        """
        With no argument, lists every command with a one-line summary. With a command name
        (or a group such as `funding`), shows its usage, options and examples.

        Examples:
          help
          help show
          help funding
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("command", help: "a command or group name", optional: true, variadic: true, completion: .commands)] }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        if request.previous.isEmpty { return context.complete(.commands, prefix: request.prefix) }
        let group = request.previous.joined(separator: " ")
        return context.subcommands(of: group).map { String($0.name.split(separator: " ").last!) }.filter { $0.hasPrefix(request.prefix) }
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        if args.positional.isEmpty { return .text(HelpText.overview(context)) }
        let name = args.positional.joined(separator: " ")
        if let c = context.commands[name] { return .text(HelpText.command(c)) }
        let subs = context.subcommands(of: name)
        if !subs.isEmpty { return .text(HelpText.group(name, subs)) }
        var msg = "no command '\(name)'"
        if let s = Suggest.closest(to: name, in: context.commands.keys) { msg += "; did you mean '\(s)'?" }
        throw .notFound(msg, argument: 0)
    }
}

/// The text of help pages.
public enum HelpText {
    public static func overview(_ context: CommandContext) -> String {
        let cmds = context.sortedCommands
        let width = min(28, (cmds.map(\.name.count).max() ?? 10) + 2)
        var lines = ["Commands (type `help COMMAND` for details):", ""]
        var lastOwner = ""
        let ownerOrder = ["core"] + context.plugins.map(\.plugin.name)
        let grouped = cmds.sorted { a, b in
            let oa = ownerOrder.firstIndex(of: context.commandOwner[a.name] ?? "") ?? 99
            let ob = ownerOrder.firstIndex(of: context.commandOwner[b.name] ?? "") ?? 99
            return oa != ob ? oa < ob : a.name < b.name
        }
        for c in grouped {
            let owner = context.commandOwner[c.name] ?? "core"
            if owner != lastOwner {
                if !lastOwner.isEmpty { lines.append("") }
                lines.append(owner == "core" ? "  core" : owner == "user" ? "  defined with def" : "  \(owner) plugin")
                lastOwner = owner
            }
            lines.append("    " + c.name.padding(width) + c.summary)
        }
        lines.append("")
        lines.append("Output: --format table|json|csv|markdown, or `set format json` at the prompt.")
        lines.append("Language: pipelines (list funding | where amount > 10bn | sort amount desc), let, def, for, if, assert: docs/LANGUAGE.md.")
        return lines.joined(separator: "\n")
    }

    public static func command(_ c: any Command) -> String {
        var lines = ["usage: \(c.usage)", "", c.summary + ".", ""]
        if c.help != c.summary { lines.append(c.help); lines.append("") }
        if !c.arguments.isEmpty {
            lines.append("Arguments:")
            for a in c.arguments { lines.append("  " + a.name.uppercased().padding(18) + a.help) }
            lines.append("")
        }
        if !c.options.isEmpty {
            lines.append("Options:")
            for o in c.options {
                let flag = "--" + o.name + (o.valueName.map { " " + $0 } ?? "")
                lines.append("  " + flag.padding(22) + o.help)
            }
            lines.append("")
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    public static func group(_ name: String, _ subs: [any Command]) -> String {
        let width = (subs.map(\.name.count).max() ?? 10) + 2
        var lines = ["\(name): subcommands (type `help \(name) SUBCOMMAND` for details):", ""]
        for c in subs { lines.append("  " + c.name.padding(width) + c.summary) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Pads with spaces to `width` display columns (at least one space after).
    package func padding(_ width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self + " " : self + String(repeating: " ", count: width - w)
    }
}
