#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LineEditor

@Suite("Completion and prompt helpers")
struct CompletionTests {
    @Test("wordStart from a substring is a UTF-8 byte offset")
    func wordStartFromSubstring() {
        let line = "show Univ"
        let word = line[line.index(line.startIndex, offsetBy: 5)...]
        #expect(Completion(candidates: [], word: word).wordStart == 5)

        let accented = "café Par"
        let start = accented.index(accented.startIndex, offsetBy: 5)
        #expect(Completion(candidates: [], word: accented[start...]).wordStart == 6)
        #expect(Completion(candidates: [], word: accented[accented.endIndex...]).wordStart == 9)
    }

    @Test("longest common prefix works on whole characters")
    func commonPrefix() {
        #expect(LineEditor.longestCommonPrefix(["paris-2025", "paris-2024"]) == "paris-202")
        #expect(LineEditor.longestCommonPrefix(["Université", "Univers"]) == "Univers")
        #expect(LineEditor.longestCommonPrefix(["e\u{301}x", "e"]) == "")
        #expect(LineEditor.longestCommonPrefix(["seoul", "show"]) == "s")
        #expect(LineEditor.longestCommonPrefix(["only"]) == "only")
        #expect(LineEditor.longestCommonPrefix([]) == "")
    }

    @Test func aLongListingIsCutWithACount() {
        let items = (1...250).map { "id-\($0)" }
        let text = LineEditor.listing(items, truncated: false, width: 80)
        #expect(text.hasSuffix("… and 50 more; type more of the word to narrow them\r\n"))
        #expect(!text.contains("id-201"), "the 201st is not listed")
        #expect(text.contains("id-200"))
        #expect(LineEditor.listing(Array(items.prefix(3)), truncated: true, width: 80).hasSuffix("… and more; type more of the word to narrow them\r\n"))
        #expect(LineEditor.listing(["a", "b"], truncated: false, width: 80) == LineEditor.columns(["a", "b"], width: 80))
    }

    @Test("candidates are listed in columns, top to bottom, within the width")
    func columns() {
        let items = ["a", "bb", "ccc", "dd", "e"]
        let text = LineEditor.columns(items, width: 12)
        let rows = text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
        // cell width 5: two columns fit in 12 columns, so three rows.
        #expect(rows == ["a    dd", "bb   e", "ccc"])
        #expect(rows.allSatisfy { $0.count < 12 })
        #expect(LineEditor.columns(["one", "two"], width: 3) == "one\r\ntwo\r\n")
    }

    @Test("display width counts wide characters twice")
    func displayWidth() {
        // The tests run in whatever locale; wcwidth needs a UTF-8 one for non-ASCII.
        _ = LineEditorTestLocale.utf8
        #expect(LineEditor.displayWidth("paris") == 5)
        #expect(LineEditor.displayWidth("日本") == 4)
        #expect(LineEditor.displayWidth("e\u{301}") == 1)
    }

    @Test("ANSI sequences in the prompt are wrapped so libedit does not count them")
    func promptWrapping() {
        let literal = "\u{1}"
        #expect(LineEditor.libeditPrompt("summit> ") == "summit> ")
        #expect(LineEditor.libeditPrompt("\u{1B}[1;32msummit\u{1B}[0m> ")
            == literal + "\u{1B}[1;32m" + literal + "summit" + literal + "\u{1B}[0m" + literal + "> ")
        #expect(LineEditor.libeditPrompt("\u{1B}]0;title\u{07}p> ")
            == literal + "\u{1B}]0;title\u{07}" + literal + "p> ")
        #expect(LineEditor.libeditPrompt("a\u{1}b") == "ab")
    }
}

/// Puts the process in a UTF-8 LC_CTYPE once, for the wcwidth checks.
enum LineEditorTestLocale {
    static let utf8: Bool = {
        setlocale(LC_CTYPE, "C.UTF-8") != nil
    }()
}
