/// Splits script text into statements of tokens.
///
/// One command per line; `#` starts a comment (outside quotes, at the start of a word);
/// single and double quotes group words (`\"`, `\\`, `\n` escapes inside double quotes);
/// a trailing `\` continues the line.
public struct Lexer {
    public init() {}

    public func statements(_ text: String) throws(SyntaxError) -> [Statement] {
        var out: [Statement] = []
        var tokens: [Token] = []
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        var line = 1
        var col = 1
        // A `#!` first line is a comment.
        func advance() {
            if chars[i] == "\n" { line += 1; col = 1 } else { col += 1 }
            i += 1
        }
        func endStatement() {
            if !tokens.isEmpty { out.append(Statement(tokens: tokens)) }
            tokens = []
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { endStatement(); advance(); continue }
            if c == " " || c == "\t" || c == "\r" { advance(); continue }
            if c == "\\" && i + 1 < chars.count && chars[i + 1] == "\n" { advance(); advance(); continue }
            if c == "\\" && i + 2 < chars.count && chars[i + 1] == "\r" && chars[i + 2] == "\n" { advance(); advance(); advance(); continue }
            if c == "\\" && i + 1 == chars.count {
                throw SyntaxError(message: "the line ends with '\\' but nothing follows; remove it or continue the command on the next line", line: line, column: col, incomplete: true)
            }
            if c == "#" {
                while i < chars.count && chars[i] != "\n" { advance() }
                continue
            }
            // A word: runs of unquoted and quoted parts.
            let startLine = line
            let startCol = col
            var word = String.UnicodeScalarView()
            var quoted = false
            while i < chars.count {
                let ch = chars[i]
                if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" { break }
                if ch == "\\" && i + 1 < chars.count && (chars[i + 1] == "\n" || chars[i + 1] == "\r") { break }
                if ch == "\"" || ch == "'" {
                    quoted = true
                    let qLine = line
                    let qCol = col
                    advance()
                    var closed = false
                    while i < chars.count {
                        let q = chars[i]
                        if q == ch { closed = true; advance(); break }
                        if ch == "\"" && q == "\\" && i + 1 < chars.count {
                            advance()
                            let e = chars[i]
                            switch e {
                            case "n": word.append("\n")
                            case "t": word.append("\t")
                            case "\"", "\\", "$": word.append(e)
                            case "\n": break
                            default: word.append("\\"); word.append(e)
                            }
                            advance()
                            continue
                        }
                        word.append(q)
                        advance()
                    }
                    if !closed {
                        throw SyntaxError(message: "unclosed \(ch == "\"" ? "double" : "single") quote; add a closing \(ch)", line: qLine, column: qCol, incomplete: true)
                    }
                    continue
                }
                if ch == "\\" && i + 1 < chars.count {
                    advance()
                    word.append(chars[i])
                    advance()
                    continue
                }
                word.append(ch)
                advance()
            }
            tokens.append(Token(String(word), line: startLine, column: startCol, quoted: quoted))
        }
        endStatement()
        return out
    }
}
