/// A command defined with `def NAME PARAM... ["SUMMARY"] { ... }` at the prompt, in a script or
/// in a pack. It is registered in the `CommandContext` (owner "user", or the pack's name), so it
/// appears in `help` and completes with Tab; the interpreter runs its body when it is called.
public struct UserCommand: Command {
    public let name: String
    public let parameters: [Parameter]
    public let body: Block
    /// The script it was defined in (for messages inside the body and relative `source` paths).
    public let unit: SourceUnit
    public let position: SourcePosition
    public let summaryText: String?

    public init(_ d: Definition, unit: SourceUnit) {
        name = d.name
        parameters = d.parameters
        body = d.body
        self.unit = unit
        position = d.position
        summaryText = d.summary
    }

    public var summary: String { summaryText ?? "Defined with def at \(FileIO.lastComponent(unit.file)):\(position.line)" }

    public var help: String {
        var lines = ["Defined with def at \(unit.file):\(position.line):"]
        if let first = Caret.line(position.line, of: unit.text) { lines.append("  " + first.trimmingCharacters()) }
        return lines.joined(separator: "\n")
    }

    public var arguments: [ArgumentSpec] {
        parameters.map { p in
            ArgumentSpec(p.name, help: p.defaultValue.map { "default: \($0)" } ?? (p.variadic ? "any number of words" : "parameter"),
                         optional: p.defaultValue != nil || p.variadic, variadic: p.variadic)
        }
    }

    public func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        // The interpreter runs user commands itself (it needs the variables and the output).
        throw .usage("'\(name)' is defined with def; run it from a script or the prompt")
    }
}

/// `echo TEXT...`: prints its arguments joined by spaces (variables already substituted).
public struct EchoCommand: Command {
    public init() {}
    public let name = "echo"
    public let summary = "Print text, with $variables substituted"
    public var help: String {
        """
        Prints its arguments separated by spaces. In double quotes, $name and ${name} are replaced
        by the variable's value ($rec.field for a field); single quotes keep text as written.
        Every argument is printed as given, even one that starts with --.

        Examples:
          echo "total: $total"
          echo 'costs $5'
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("text", help: "words to print", optional: true, variadic: true)] }
    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        .text(args.positional.joined(separator: " "))
    }
}
