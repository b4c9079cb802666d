import Testing
@testable import SummitKit

/// The token stream of the language (the word view, `Lexer.statements`, is in LexerTests).
@Suite("Language lexer")
struct LanguageLexerTests {
    func tokens(_ text: String) throws(SyntaxError) -> [Lexeme] {
        var lexer = Lexer(text)
        var out: [Lexeme] = []
        while true {
            let t = try lexer.next()
            if t.kind == .end { return out }
            out.append(t)
        }
    }

    func kinds(_ text: String) throws -> [Lexeme.Kind] { try tokens(text).map(\.kind) }
    func spellings(_ text: String) throws -> [String] { try tokens(text).map(\.spelling) }

    func syntaxError(_ text: String) -> SyntaxError? {
        do {
            _ = try tokens(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func punctuationIsSeparateFromWords() throws {
        #expect(try kinds("a|b{c}(d)[e],f;g") == [.word, .pipe, .word, .openBrace, .word, .closeBrace, .openParen, .word, .closeParen,
                                                    .openBracket, .word, .closeBracket, .comma, .word, .semicolon, .word])
        #expect(try spellings("list funding | where amount > 10bn") == ["list", "funding", "|", "where", "amount", ">", "10bn"])
    }

    @Test func operatorsAreWords() throws {
        #expect(try spellings("a == b != c <= d >= e < f > g") == ["a", "==", "b", "!=", "c", "<=", "d", ">=", "e", "<", "f", ">", "g"])
        #expect(try kinds("a==b") == [.word], "an operator inside a word stays in it")
    }

    @Test func lineEndsAreTokens() throws {
        #expect(try kinds("a\nb") == [.word, .newline, .word])
        #expect(try kinds("a \\\n b") == [.word, .word], "a trailing backslash continues the line")
        #expect(try kinds("a # comment | {\nb") == [.word, .newline, .word])
    }

    @Test func positionsCountScalarsAndLines() throws {
        let t = try tokens("é ab\n  {x}")
        #expect(t.map(\.column) == [1, 3, 5, 3, 4, 5])
        #expect(t.map(\.line) == [1, 1, 1, 2, 2, 2])
        #expect(t[1].position.offset == 3, "offsets are UTF-8")
        #expect(t[1].width == 2)
    }

    @Test func variables() throws {
        let t = try tokens("$total $rec.amount.currency ${name}x $xs.0")
        #expect(t[0].variable?.name == "total")
        #expect(t[1].variable?.path == ["amount", "currency"])
        #expect(t[1].variable?.spelling == "$rec.amount.currency")
        #expect(t[2].variable == nil, "${name}x is a word with a variable inside")
        #expect(t[2].parts.count == 2)
        #expect(t[3].variable?.path == ["0"])
    }

    @Test func dollarWithoutANameIsText() throws {
        #expect(try tokens("$5 US$ $").map(\.plainText) == ["$5", "US$", "$"])
        #expect(try tokens(#""cost \$x""#)[0].plainText == "cost $x")
    }

    @Test func variablesInsideDoubleQuotesOnly() throws {
        let d = try tokens(#""total: $total.""#)[0]
        #expect(d.quoted)
        #expect(d.parts.count == 3, "text, variable, text: a trailing dot is not a path")
        if case .variable(let v) = d.parts[1] { #expect(v.name == "total" && v.path.isEmpty) } else { Issue.record("no variable") }
        #expect(try tokens("'$total'")[0].plainText == "$total")
    }

    @Test func substitutionOpens() throws {
        #expect(try kinds("$(list summit | count)") == [.substitution, .word, .word, .pipe, .word, .closeParen])
        #expect(try kinds("--x=$(a)") == [.word, .substitution, .word, .closeParen])
    }

    @Test func quotesKeepPunctuation() throws {
        #expect(try spellings(#"echo "a | b { c }" 'd;e'"#) == ["echo", "a | b { c }", "d;e"])
    }

    @Test func escapedPunctuationOutsideQuotes() throws {
        #expect(try spellings(#"a\|b \{"#) == ["a|b", "{"])
    }

    @Test func badVariableBraces() throws {
        let e = try #require(syntaxError("echo ${"))
        #expect(e.message == "'${' needs a variable name and a closing '}', such as ${total} or ${rec.name}")
        #expect(e.column == 6)
        #expect(!e.incomplete)
        #expect(syntaxError("echo ${1x}") != nil)
        #expect(syntaxError("echo ${a b}") != nil)
    }

    @Test func unclosedQuotesAreIncomplete() throws {
        let e = try #require(syntaxError("echo 'abc"))
        #expect(e.message == "unclosed single quote; add a closing '")
        #expect(e.incomplete)
        let d = try #require(syntaxError("echo \"abc"))
        #expect(d.message == "unclosed double quote; add a closing \"")
    }

    @Test func trailingBackslashIsIncomplete() throws {
        let e = try #require(syntaxError("echo \\"))
        #expect(e.message == "the line ends with '\\' but nothing follows; remove it or continue the command on the next line")
        #expect(e.incomplete)
    }

    @Test func backslashCarriageReturnDoesNotHang() throws {
        #expect(try spellings("a\\\rb") == ["a\rb"])
    }

    @Test func wordViewMergesAdjacentPunctuation() throws {
        let st = try Lexer().statements("find 1,000 f(x) a | b")
        #expect(st[0].tokens.map(\.text) == ["find", "1,000", "f(x)", "a", "|", "b"])
    }

    @Test func longInputIsLinear() throws {
        // 2 MB of one word and of many words: one pass each, no blow-up.
        let word = String(repeating: "x", count: 2_000_000)
        #expect(try tokens(word).count == 1)
        let many = String(repeating: "a ", count: 200_000)
        #expect(try tokens(many).count == 200_000)
    }
}
