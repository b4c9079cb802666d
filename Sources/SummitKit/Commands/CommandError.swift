/// A failure a command reports to its user; the runner adds where it happened.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The command line itself is wrong (unknown flag, missing argument).
        case usage
        /// An id or name that matches nothing.
        case notFound
        /// A value of the wrong type or form.
        case invalidValue
        /// Anything else the command could not do.
        case failed
    }

    public var kind: Kind
    public var message: String
    /// Index of the argument token at fault, when known (0 = first argument after the command name).
    public var argumentIndex: Int?
    /// Column within the line, when known (filled in by the runner from `argumentIndex`).
    public var column: Int?

    public init(_ kind: Kind = .failed, _ message: String, argument: Int? = nil) {
        self.kind = kind
        self.message = message
        self.argumentIndex = argument
    }

    public static func usage(_ m: String, argument: Int? = nil) -> CommandError { CommandError(.usage, m, argument: argument) }
    public static func notFound(_ m: String, argument: Int? = nil) -> CommandError { CommandError(.notFound, m, argument: argument) }
    public static func invalid(_ m: String, argument: Int? = nil) -> CommandError { CommandError(.invalidValue, m, argument: argument) }

    public var description: String { message }
}
