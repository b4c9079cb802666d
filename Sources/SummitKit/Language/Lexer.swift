/// Splits script text into the tokens of the summit language (see docs/LANGUAGE.md).
///
/// Words are separated by spaces and tabs; `#` at the start of a word begins a comment to the end
/// of the line; single quotes keep text as written; double quotes allow `\"`, `\\`, `\n`, `\t`, `\$`
/// escapes and `$name` / `${name}` variables; outside quotes `\` escapes the next character and a
/// trailing `\` continues the line. `|`, `{`, `}`, `(`, `)`, `[`, `]`, `,`, `;` and `$(` are
/// punctuation wherever they appear outside quotes; a line end is a token.
///
/// The lexer is a single forward pass over the UTF-8 bytes: linear time, no recursion.
public struct Lexer {
    private var bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var col = 1
    private var buffer: [UInt8] = []

    /// A lexer for `statements(_:)`.
    public init() { bytes = [] }

    /// A lexer over `text`; call `next()` for each token.
    public init(_ text: String) {
        bytes = Array(text.utf8)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    /// The words of each logical line: the view of a script as commands and arguments only.
    /// Adjacent tokens (no space between) form one word, so punctuation inside a word stays in it.
    public func statements(_ text: String) throws(SyntaxError) -> [Statement] {
        var lexer = Lexer(text)
        var out: [Statement] = []
        var tokens: [Token] = []
        var previousEnd = -1
        while true {
            let t = try lexer.next()
            switch t.kind {
            case .end:
                if !tokens.isEmpty { out.append(Statement(tokens: tokens)) }
                return out
            case .newline:
                if !tokens.isEmpty { out.append(Statement(tokens: tokens)) }
                tokens = []
            default:
                if !tokens.isEmpty && t.position.offset == previousEnd {
                    tokens[tokens.count - 1].text += t.spelling
                    if t.quoted { tokens[tokens.count - 1].quoted = true }
                } else {
                    tokens.append(Token(t.spelling, line: t.line, column: t.column, quoted: t.quoted))
                }
            }
            previousEnd = t.endOffset
        }
    }

    private var position: SourcePosition { SourcePosition(line: line, column: col, offset: i) }

    private mutating func advance() {
        let b = bytes[i]
        if b == 10 {
            line += 1
            col = 1
        } else if b & 0xC0 != 0x80 {
            col += 1
        }
        i += 1
    }

    /// Copies the whole scalar starting at `i` into the buffer.
    private mutating func appendScalar() {
        buffer.append(bytes[i])
        advance()
        while i < bytes.count && bytes[i] & 0xC0 == 0x80 {
            buffer.append(bytes[i])
            i += 1
        }
    }

    private static func isPunctuation(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "|"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ";"):
            return true
        default: return false
        }
    }

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    static func isIdentifierChar(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || (b >= 48 && b <= 57)
    }

    /// The next token; `.end` at the end of the text (and on every call after).
    public mutating func next() throws(SyntaxError) -> Lexeme {
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 13 { advance(); continue }
            if c == 92 {  // backslash
                if i + 1 < n && bytes[i + 1] == 10 { advance(); advance(); continue }
                if i + 2 < n && bytes[i + 1] == 13 && bytes[i + 2] == 10 { advance(); advance(); advance(); continue }
                if i + 1 == n {
                    throw SyntaxError(message: "the line ends with '\\' but nothing follows; remove it or continue the command on the next line",
                                      line: line, column: col, incomplete: true)
                }
            }
            if c == 35 {  // '#': a comment to the end of the line
                while i < n && bytes[i] != 10 { advance() }
                continue
            }
            break
        }
        let start = position
        guard i < n else { return Lexeme(kind: .end, parts: [], quoted: false, position: start, endOffset: i, width: 1) }
        func punct(_ kind: Lexeme.Kind, _ count: Int = 1) -> Lexeme {
            for _ in 0..<count { advance() }
            return Lexeme(kind: kind, parts: [], quoted: false, position: start, endOffset: i, width: count)
        }
        switch bytes[i] {
        case 10: return punct(.newline)
        case UInt8(ascii: "|"): return punct(.pipe)
        case UInt8(ascii: "{"): return punct(.openBrace)
        case UInt8(ascii: "}"): return punct(.closeBrace)
        case UInt8(ascii: "("): return punct(.openParen)
        case UInt8(ascii: ")"): return punct(.closeParen)
        case UInt8(ascii: "["): return punct(.openBracket)
        case UInt8(ascii: "]"): return punct(.closeBracket)
        case UInt8(ascii: ","): return punct(.comma)
        case UInt8(ascii: ";"): return punct(.semicolon)
        case UInt8(ascii: "$") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "("): return punct(.substitution, 2)
        default: return try word(start)
        }
    }

    private mutating func flush(into parts: inout [WordPart]) {
        guard !buffer.isEmpty else { return }
        parts.append(.text(String(decoding: buffer, as: UTF8.self)))
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func word(_ start: SourcePosition) throws(SyntaxError) -> Lexeme {
        let n = bytes.count
        var parts: [WordPart] = []
        var quoted = false
        buffer.removeAll(keepingCapacity: true)
        while i < n {
            let ch = bytes[i]
            if ch == 32 || ch == 9 || ch == 10 || ch == 13 || Self.isPunctuation(ch) { break }
            if ch == 92 {  // backslash
                if i + 1 < n && bytes[i + 1] == 10 { break }
                if i + 2 < n && bytes[i + 1] == 13 && bytes[i + 2] == 10 { break }
                advance()
                if i < n { appendScalar() } else { buffer.append(92) }
                continue
            }
            if ch == UInt8(ascii: "$") {
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "(") { break }
                if let v = try variable() {
                    flush(into: &parts)
                    parts.append(.variable(v))
                    continue
                }
                buffer.append(ch)
                advance()
                continue
            }
            if ch == 34 || ch == 39 {  // " or '
                quoted = true
                try quotedPart(ch, into: &parts)
                continue
            }
            appendScalar()
        }
        flush(into: &parts)
        if parts.isEmpty { parts = [.text("")] }
        let width = line == start.line ? max(1, col - start.column) : 1
        return Lexeme(kind: .word, parts: parts, quoted: quoted, position: start, endOffset: i, width: width)
    }

    private mutating func quotedPart(_ quote: UInt8, into parts: inout [WordPart]) throws(SyntaxError) {
        let n = bytes.count
        let qLine = line
        let qCol = col
        advance()
        while i < n {
            let q = bytes[i]
            if q == quote {
                advance()
                return
            }
            if quote == 34 && q == 92 && i + 1 < n {
                advance()
                switch bytes[i] {
                case UInt8(ascii: "n"): buffer.append(10); advance()
                case UInt8(ascii: "t"): buffer.append(9); advance()
                case 34, 92, UInt8(ascii: "$"): buffer.append(bytes[i]); advance()
                case 10: advance()
                default:
                    buffer.append(92)
                    appendScalar()
                }
                continue
            }
            if quote == 34 && q == UInt8(ascii: "$") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "(") {
                throw SyntaxError(message: "'$(' does not work inside double quotes: put it outside them (echo \"n:\" $(list summit | count)) or set a variable first; write \\$( for the characters",
                                  line: line, column: col, length: 2)
            }
            if quote == 34 && q == UInt8(ascii: "$"), let v = try variable() {
                flush(into: &parts)
                parts.append(.variable(v))
                continue
            }
            appendScalar()
        }
        let kind = quote == 34 ? "double" : "single"
        let mark = quote == 34 ? "\"" : "'"
        throw SyntaxError(message: "unclosed \(kind) quote; add a closing \(mark)", line: qLine, column: qCol, incomplete: true)
    }

    /// A variable at `$`: `$name`, `$name.path.0`, `${name.path}`; nil when `$` is just a character.
    private mutating func variable() throws(SyntaxError) -> VariableReference? {
        let n = bytes.count
        guard i + 1 < n else { return nil }
        let start = position
        if Self.isIdentifierStart(bytes[i + 1]) {
            advance()
            let name = identifier()
            var path: [String] = []
            while i + 1 < n && bytes[i] == UInt8(ascii: ".") && Self.isIdentifierChar(bytes[i + 1]) {
                advance()
                path.append(identifier())
            }
            return VariableReference(name: name, path: path, position: start)
        }
        if bytes[i + 1] == UInt8(ascii: "{") {
            advance()
            advance()
            var names: [String] = []
            while i < n && Self.isIdentifierChar(bytes[i]) {
                names.append(identifier())
                if i < n && bytes[i] == UInt8(ascii: ".") { advance() } else { break }
            }
            guard i < n, bytes[i] == UInt8(ascii: "}"), let first = names.first, Self.isIdentifierStart(Array(first.utf8)[0]) else {
                throw SyntaxError(message: "'${' needs a variable name and a closing '}', such as ${total} or ${rec.name}",
                                  line: start.line, column: start.column, length: 2)
            }
            advance()
            return VariableReference(name: first, path: Array(names.dropFirst()), position: start)
        }
        return nil
    }

    private mutating func identifier() -> String {
        let s = i
        while i < bytes.count && Self.isIdentifierChar(bytes[i]) { advance() }
        return String(decoding: bytes[s..<i], as: UTF8.self)
    }
}
