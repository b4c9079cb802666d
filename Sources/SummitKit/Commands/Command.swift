/// What Tab completion offers for an argument or option value.
public enum CompletionKind: Sendable, Hashable {
    case none
    /// Entity ids, optionally of one kind.
    case entities(kind: String?)
    /// Entity ids of any of several kinds.
    case entitiesOf(kinds: [String])
    /// A fixed set of words.
    case values([String])
    /// Command names.
    case commands
    /// File paths.
    case files
}

/// An option a command accepts: `--summit ID` or a flag like `--desc`.
public struct OptionSpec: Sendable, Hashable {
    /// Long name without dashes.
    public var name: String
    /// The value's placeholder (`ID`, `DATE`); nil for a flag that takes no value.
    public var valueName: String?
    public var help: String
    public var completion: CompletionKind
    public var repeatable: Bool

    public init(_ name: String, value: String? = nil, help: String, completion: CompletionKind = .none, repeatable: Bool = false) {
        self.name = name
        self.valueName = value
        self.help = help
        self.completion = completion
        self.repeatable = repeatable
    }

    public static func flag(_ name: String, help: String) -> OptionSpec { OptionSpec(name, help: help) }
}

/// A positional argument a command accepts.
public struct ArgumentSpec: Sendable, Hashable {
    public var name: String
    public var help: String
    public var optional: Bool
    /// Takes every remaining word (`find TEXT...`).
    public var variadic: Bool
    public var completion: CompletionKind

    public init(_ name: String, help: String, optional: Bool = false, variadic: Bool = false, completion: CompletionKind = .none) {
        self.name = name
        self.help = help
        self.optional = optional
        self.variadic = variadic
        self.completion = completion
    }
}

/// A command the REPL and scripts can run.
///
/// Implement `name`, `summary`, `run`; declare `arguments` and `options` so the runner can
/// parse, check and complete them. `help` should end with an example.
public protocol Command: Sendable {
    /// The words that invoke it: `show`, `funding list`.
    var name: String { get }
    /// One line for `help`.
    var summary: String { get }
    /// Longer help: what it does, details, and at least one example.
    var help: String { get }
    /// Positional arguments, in order.
    var arguments: [ArgumentSpec] { get }
    /// Options and flags.
    var options: [OptionSpec] { get }
    /// Completion for the word being typed; the default uses the specs' completion kinds.
    func complete(_ request: CompletionRequest, in context: CommandContext) -> [String]
    /// Runs with parsed arguments; never prints, returns a result or throws.
    func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult
}

// MARK: - Default implementations

extension Command {
    public var help: String { summary }
    public var arguments: [ArgumentSpec] { [] }
    public var options: [OptionSpec] { [] }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        context.defaultCompletions(for: self, request)
    }

    /// `name ARG [--opt VALUE]...` built from the specs.
    public var usage: String {
        var parts = [name]
        for a in arguments {
            var s = a.name.uppercased()
            if a.variadic { s += "..." }
            parts.append(a.optional ? "[\(s)]" : s)
        }
        for o in options {
            parts.append(o.valueName.map { "[--\(o.name) \($0)]" } ?? "[--\(o.name)]")
        }
        return parts.joined(separator: " ")
    }
}

/// What is being completed: the arguments before the cursor and the partial word.
public struct CompletionRequest: Sendable {
    /// Words already typed after the command name.
    public var previous: [String]
    /// The partial word under the cursor.
    public var prefix: String
    public init(previous: [String], prefix: String) {
        self.previous = previous
        self.prefix = prefix
    }
}
