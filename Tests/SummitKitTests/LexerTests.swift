import Testing
@testable import SummitKit

@Suite("Lexer")
struct LexerTests {
    /// The words of each statement.
    func words(_ text: String) throws -> [[String]] {
        try Lexer().statements(text).map { $0.tokens.map(\.text) }
    }

    func syntaxError(_ text: String) -> SyntaxError? {
        do {
            _ = try Lexer().statements(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func splitsWordsWithPositions() throws {
        let st = try Lexer().statements("show  paris-2025\tx")
        #expect(st.count == 1)
        let t = st[0].tokens
        #expect(t.map(\.text) == ["show", "paris-2025", "x"])
        #expect(t.map(\.line) == [1, 1, 1])
        #expect(t.map(\.column) == [1, 7, 18])
        #expect(t.allSatisfy { !$0.quoted })
        #expect(st[0].line == 1)
        #expect(st[0].column == 1)
    }

    @Test func oneStatementPerLine() throws {
        let st = try Lexer().statements("help\n  show x\nfind y z\n")
        #expect(st.map { $0.tokens.map(\.text) } == [["help"], ["show", "x"], ["find", "y", "z"]])
        #expect(st.map(\.line) == [1, 2, 3])
        #expect(st[1].column == 3)
        #expect(st[1].tokens[1].column == 8)
    }

    @Test func emptyAndBlankInput() throws {
        #expect(try words("").isEmpty)
        #expect(try words("\n\n   \n\t\n").isEmpty)
    }

    @Test func blankLinesKeepLineNumbers() throws {
        let st = try Lexer().statements("\n\n  show x\n\n\nhelp")
        #expect(st.map(\.line) == [3, 6])
        #expect(st[0].tokens[1].line == 3)
        #expect(st[0].tokens[1].column == 8)
    }

    @Test func singleQuotes() throws {
        let st = try Lexer().statements("find 'grand palais' x")
        let t = st[0].tokens
        #expect(t.map(\.text) == ["find", "grand palais", "x"])
        #expect(t[1].quoted)
        #expect(t[1].column == 6)
        #expect(t[2].column == 21)
        #expect(!t[2].quoted)
    }

    @Test func singleQuotesKeepBackslashesLiterally() throws {
        #expect(try words(#"find 'a\nb' 'c\"d'"#) == [["find", #"a\nb"#, #"c\"d"#]])
    }

    @Test func doubleQuotes() throws {
        let st = try Lexer().statements(#"find "Université Paris-Saclay""#)
        #expect(st[0].tokens.map(\.text) == ["find", "Université Paris-Saclay"])
        #expect(st[0].tokens[1].quoted)
    }

    @Test func otherQuoteInsideQuotes() throws {
        #expect(try words(#"find "it's" 'say "hi"'"#) == [["find", "it's", #"say "hi""#]])
    }

    @Test func escapesInsideDoubleQuotes() throws {
        #expect(try words(#"x "a\"b""#) == [["x", #"a"b"#]])
        #expect(try words(#"x "back\\slash""#) == [["x", #"back\slash"#]])
        #expect(try words(#"x "line\nbreak""#) == [["x", "line\nbreak"]])
        #expect(try words(#"x "tab\there""#) == [["x", "tab\there"]])
        #expect(try words(#"x "cost \$5""#) == [["x", "cost $5"]])
        // Unknown escapes are kept as written.
        #expect(try words(#"x "a\qb""#) == [["x", #"a\qb"#]])
    }

    @Test func emptyQuotedWord() throws {
        let st = try Lexer().statements(#"find "" ''"#)
        #expect(st[0].tokens.map(\.text) == ["find", "", ""])
        #expect(st[0].tokens[1].quoted)
    }

    @Test func adjacentQuotedPartsFormOneWord() throws {
        #expect(try words(#"x ab"c d"e'f g'"#) == [["x", "abc def g"]])
    }

    @Test func backslashOutsideQuotesEscapesNextCharacter() throws {
        #expect(try words(#"find grand\ palais"#) == [["find", "grand palais"]])
        #expect(try words(##"find \#tag"##) == [["find", "#tag"]])
    }

    @Test func commentsAreIgnored() throws {
        #expect(try words("# a comment\nhelp # trailing comment\n   # indented comment\nshow x") == [["help"], ["show", "x"]])
        let st = try Lexer().statements("# c\nhelp")
        #expect(st[0].line == 2)
    }

    @Test func hashInsideQuotesIsKept() throws {
        #expect(try words(##"find "#1 pick" '# not a comment'"##) == [["find", "#1 pick", "# not a comment"]])
    }

    @Test func hashInsideAWordIsKept() throws {
        #expect(try words("find c#sharp x#") == [["find", "c#sharp", "x#"]])
    }

    @Test func quotedCommentCharacterDoesNotHideTheRestOfTheLine() throws {
        #expect(try words(##"find "#" more"##) == [["find", "#", "more"]])
    }

    @Test func shebangFirstLineIsIgnored() throws {
        let st = try Lexer().statements("#!/usr/bin/env summit\nshow paris-2025\n")
        #expect(st.count == 1)
        #expect(st[0].tokens.map(\.text) == ["show", "paris-2025"])
        #expect(st[0].line == 2)
    }

    @Test func trailingBackslashContinuesTheLine() throws {
        let st = try Lexer().statements("find grand \\\n   palais\nshow x")
        #expect(st.count == 2)
        let t = st[0].tokens
        #expect(t.map(\.text) == ["find", "grand", "palais"])
        #expect(t[2].line == 2, "a continued token keeps its own line")
        #expect(t[2].column == 4)
        #expect(st[1].line == 3, "later statements keep their real line numbers")
        #expect(st[1].tokens.map(\.text) == ["show", "x"])
    }

    @Test func severalContinuations() throws {
        let st = try Lexer().statements("export \\\n  --kind \\\n  funding\nhelp")
        #expect(st.map { $0.tokens.map(\.text) } == [["export", "--kind", "funding"], ["help"]])
        #expect(st[0].tokens.map(\.line) == [1, 2, 3])
        #expect(st[1].line == 4)
    }

    @Test func continuationWithCRLF() throws {
        let st = try Lexer().statements("find a \\\r\n  b\r\nshow c\r\n")
        #expect(st.map { $0.tokens.map(\.text) } == [["find", "a", "b"], ["show", "c"]])
        #expect(st[0].tokens[2].line == 2)
        #expect(st[1].line == 3)
    }

    @Test func backslashNewlineInsideDoubleQuotesJoins() throws {
        #expect(try words("x \"ab\\\ncd\"") == [["x", "abcd"]])
    }

    @Test func crlfLineEndings() throws {
        let st = try Lexer().statements("help\r\nshow paris-2025\r\n\r\nfind x\r\n")
        #expect(st.map { $0.tokens.map(\.text) } == [["help"], ["show", "paris-2025"], ["find", "x"]])
        #expect(st.map(\.line) == [1, 2, 4])
        #expect(!st[1].tokens[1].text.contains("\r"))
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let st = try Lexer().statements("\u{FEFF}show paris-2025\n")
        #expect(st[0].tokens.map(\.text) == ["show", "paris-2025"])
        #expect(st[0].tokens[0].column == 1)
        #expect(st[0].tokens[1].column == 6)
    }

    @Test func byteOrderMarkBeforeShebang() throws {
        #expect(try words("\u{FEFF}#!/usr/bin/env summit\nhelp") == [["help"]])
    }

    @Test func unclosedDoubleQuote() throws {
        let e = try #require(syntaxError("help\nfind  \"grand palais"))
        #expect(e.line == 2)
        #expect(e.column == 7)
        #expect(e.incomplete)
        #expect(e.message.contains("unclosed double quote"))
    }

    @Test func unclosedSingleQuote() throws {
        let e = try #require(syntaxError("find 'abc"))
        #expect(e.line == 1)
        #expect(e.column == 6)
        #expect(e.incomplete)
        #expect(e.message.contains("single"))
    }

    @Test func unclosedQuoteSpanningLinesReportsWhereItOpened() throws {
        let e = try #require(syntaxError("a\nb \"one\ntwo\nthree"))
        #expect(e.line == 2)
        #expect(e.column == 3)
        #expect(e.incomplete)
    }

    @Test func quoteMayContainNewlines() throws {
        #expect(try words("x \"a\nb\" y\nz") == [["x", "a\nb", "y"], ["z"]])
    }

    @Test func backslashAtEndOfInputIsIncomplete() throws {
        let e = try #require(syntaxError("find x \\"))
        #expect(e.incomplete)
        #expect(e.line == 1)
        #expect(e.column == 8)
    }

    @Test func tokensAfterAQuotedNewlineHaveTheRightLine() throws {
        let st = try Lexer().statements("x \"a\nb\" y")
        #expect(st[0].tokens[2].line == 2)
        #expect(st[0].tokens[2].column == 4)
    }
}
