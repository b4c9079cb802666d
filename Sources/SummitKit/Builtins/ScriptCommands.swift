/// `exit`/`quit` and `source`: documented here, carried out by the `Interpreter`.
public struct ExitCommand: Command {
    public let name: String
    public init(name: String = "exit") { self.name = name }
    public let summary = "Leave summit (saves history); an optional status for scripts"
    public var help: String { "Leaves the REPL or stops a script. Ctrl-D also leaves.\n\nExamples:\n  exit\n  exit 2" }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("status", help: "exit status, 0-255", optional: true)] }
    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
}

public struct SourceCommand: Command {
    public init() {}
    public let name = "source"
    public let summary = "Run another script file here (relative to the including script)"
    public var help: String { "Runs FILE's commands as if written in place. Paths are relative to the including script; a cycle is an error.\n\nExample:\n  source common.summit" }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("file", help: "a .summit script", completion: .files)] }
    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
}

/// `set format json`, `set color off`, `set width 120`: session settings.
public struct SetCommand: Command {
    public init() {}
    public let name = "set"
    public let summary = "Change a setting: format, color, width, keep-going (no value lists them)"
    public var help: String {
        """
        Settings last for the session (or the script).
          format      table | json | csv | markdown
          color       on | off
          width       columns used to fit tables
          keep-going  on | off: report errors in scripts and continue

        Examples:
          set format json
          set width 120
          set
        """
    }
    public var arguments: [ArgumentSpec] {
        [ArgumentSpec("name", help: "setting", optional: true, completion: .values(["format", "color", "width", "keep-going"])),
         ArgumentSpec("value", help: "new value", optional: true)]
    }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        if request.previous.count == 1 {
            let options: [String: [String]] = ["format": OutputFormat.allCases.map(\.rawValue), "color": ["on", "off"], "keep-going": ["on", "off"]]
            return (options[request.previous[0]] ?? []).filter { $0.hasPrefix(request.prefix) }
        }
        return context.defaultCompletions(for: self, request)
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let s = context.settings
        guard let name = args.positional.first else {
            return .records([
                Record(["setting": .text("format"), "value": .text(s.format.rawValue)]),
                Record(["setting": .text("color"), "value": .text(s.color ? "on" : "off")]),
                Record(["setting": .text("width"), "value": .number(Double(s.width))]),
                Record(["setting": .text("keep-going"), "value": .text(s.keepGoing ? "on" : "off")]),
            ], columns: ["setting", "value"])
        }
        guard args.positional.count == 2 else { throw .usage("set \(name) needs a value; usage: set NAME VALUE") }
        let value = args.positional[1]
        func onOff() throws(CommandError) -> Bool {
            switch value.lowercased() {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw .invalid("\(name) is on or off, not '\(value)'", argument: 1)
            }
        }
        switch name {
        case "format":
            guard let f = OutputFormat(name: value) else {
                throw .invalid("unknown format '\(value)'; use table, json, csv or markdown", argument: 1)
            }
            context.settings.format = f
        case "color", "colour": context.settings.color = try onOff()
        case "keep-going": context.settings.keepGoing = try onOff()
        case "width":
            guard let w = Int(value), w >= 20, w <= 1000 else { throw .invalid("width is a number of columns from 20 to 1000", argument: 1) }
            context.settings.width = w
        default:
            var msg = "unknown setting '\(name)'"
            if let sug = Suggest.closest(to: name, in: ["format", "color", "width", "keep-going"]) { msg += "; did you mean '\(sug)'?" }
            throw .invalid(msg, argument: 0)
        }
        return .none
    }
}

/// `history`: the session's command history.
public struct HistoryCommand: Command {
    public init() {}
    public let name = "history"
    public let summary = "Show command history (last N entries)"
    public var help: String { "Shows numbered history, oldest first. History persists in $SUMMIT_HISTORY or $XDG_STATE_HOME/summit/history.\n\nExamples:\n  history\n  history 20" }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("count", help: "how many of the newest entries", optional: true)] }
    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let all = context.historyProvider()
        var start = 0
        if let c = args.positional.first {
            guard let n = Int(c), n >= 0 else { throw .invalid("count must be a whole number, not '\(c)'", argument: 0) }
            start = max(0, all.count - n)
        }
        let rows = all.indices[start...].map { Record(["#": .number(Double($0 + 1)), "command": .text(all[$0])]) }
        return .records(rows, columns: ["#", "command"])
    }
}
