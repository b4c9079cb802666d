/// A word of a command line, with where it was written.
public struct Token: Sendable, Hashable {
    public var text: String
    public var line: Int
    public var column: Int
    /// True when any part of it was quoted (so it is never taken as a comment or operator).
    public var quoted: Bool
    public init(_ text: String, line: Int, column: Int, quoted: Bool = false) {
        self.text = text
        self.line = line
        self.column = column
        self.quoted = quoted
    }
}

/// One command: its tokens, in order, from one logical line.
public struct Statement: Sendable, Hashable {
    public var tokens: [Token]
    public var line: Int { tokens.first?.line ?? 0 }
    public var column: Int { tokens.first?.column ?? 1 }
}

/// A problem in the text of a script itself (an unclosed quote).
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// True when more input could complete it (an open quote or a trailing `\`): the REPL continues the line.
    public var incomplete: Bool
    public var description: String { message }
}
