/// A word of a command line, with where it was written (the word view of `Lexer.statements`).
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

/// One logical line of words (the word view of `Lexer.statements`).
public struct Statement: Sendable, Hashable {
    public var tokens: [Token]
    public var line: Int { tokens.first?.line ?? 0 }
    public var column: Int { tokens.first?.column ?? 1 }
}

/// A problem in the text of a script itself: an unclosed quote or block, a misplaced word.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// True when more input could complete it (an open quote, `{`, `(`, `[`, a trailing `|` or `\`):
    /// the REPL then continues on the next line.
    public var incomplete: Bool
    /// How many columns the problem spans (for the caret line).
    public var length: Int

    public init(message: String, line: Int, column: Int, incomplete: Bool = false, length: Int = 1) {
        self.message = message
        self.line = line
        self.column = column
        self.incomplete = incomplete
        self.length = length
    }

    public var description: String { message }
}

/// Where something starts in a script: line and column (both from 1; columns count Unicode
/// scalars) and the UTF-8 offset.
public struct SourcePosition: Sendable, Hashable {
    // 32-bit storage keeps syntax trees small (scripts are at most 256 MB).
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedOffset: Int32
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Int32(clamping: newValue) }
    }
    public init(line: Int, column: Int, offset: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
        storedOffset = Int32(clamping: offset)
    }
}

/// A reference to a variable: `$total`, `$rec.amount.currency`, `${name}`.
public struct VariableReference: Sendable, Hashable {
    public var name: String
    /// Field path after the name (`amount`, `currency`); numbers index lists.
    public var path: [String]
    public var position: SourcePosition
    /// How it was written, for messages (`$rec.amount`).
    public var spelling: String { "$" + ([name] + path).joined(separator: ".") }
}

/// A piece of a word: literal text, or a variable to substitute.
public enum WordPart: Sendable, Hashable {
    case text(String)
    case variable(VariableReference)
}

/// A token of the language: a word (made of unquoted and quoted parts), punctuation, or a line end.
public struct Lexeme: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word
        /// `|`
        case pipe
        case openBrace, closeBrace
        case openParen, closeParen
        case openBracket, closeBracket
        case comma
        case semicolon
        /// `$(`: a pipeline whose result is a value.
        case substitution
        case newline
        case end
    }

    public var kind: Kind
    /// The parts of a word (empty for punctuation).
    public var parts: [WordPart]
    /// True when any part of a word was quoted.
    public var quoted: Bool
    public var position: SourcePosition
    /// UTF-8 offset just past the token.
    public var endOffset: Int
    /// Columns the token spans on its first line.
    public var width: Int

    public var line: Int { position.line }
    public var column: Int { position.column }

    /// The text of a word without variables (nil when it has any).
    public var plainText: String? {
        guard kind == .word else { return nil }
        if parts.count == 1, case .text(let t) = parts[0] { return t }
        var s = ""
        for p in parts {
            guard case .text(let t) = p else { return nil }
            s += t
        }
        return s
    }

    /// An unquoted word without variables: what keywords, operators and field names are.
    public var bareText: String? { quoted ? nil : plainText }

    /// True for an unquoted word that is exactly one variable (`$x`, `$x.y`).
    public var variable: VariableReference? {
        guard kind == .word, !quoted, parts.count == 1, case .variable(let v) = parts[0] else { return nil }
        return v
    }

    /// The token as written, roughly: words with `$name` for variables, punctuation as itself.
    public var spelling: String {
        switch kind {
        case .word:
            return parts.map { p -> String in
                switch p {
                case .text(let t): return t
                case .variable(let v): return v.spelling
                }
            }.joined()
        case .pipe: return "|"
        case .openBrace: return "{"
        case .closeBrace: return "}"
        case .openParen: return "("
        case .closeParen: return ")"
        case .openBracket: return "["
        case .closeBracket: return "]"
        case .comma: return ","
        case .semicolon: return ";"
        case .substitution: return "$("
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }

    /// How a message names it: `'word'`, `'{'`, or "the end of the line".
    public var described: String {
        switch kind {
        case .newline: return "the end of the line"
        case .end: return "the end of the input"
        default:
            let s = spelling
            let short = s.count > 40 ? String(s.prefix(37)) + "..." : s
            return "'\(short)'"
        }
    }
}
