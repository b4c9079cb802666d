import Foundation
import Testing
@testable import SummitKit

/// Parses JSON text with Foundation, to check renderer output is valid JSON.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite("TableRenderer")
struct TableRendererTests {
    /// The one-pass measure of a cell agrees with measuring it line by line and word by word.
    @Test func cellMeasureMatchesLinesAndWords() {
        let cells = ["", "a", "InvestAI", "two words here", "line one\nand a longer line two", "tab\there", "  leading and trailing  ",
                     "a-very-long-identifier-that-is-more-than-thirty-columns", "Université Paris-Saclay", "日本語 text", "crlf\r\nline", "x\n\ny"]
        for c in cells {
            let lines = c.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayWidth.of(String($0)) }.max() ?? 0
            let words = c.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { min(30, DisplayWidth.of(String($0))) }.max() ?? 0
            #expect(TableRenderer.measure(c) == (lines, words), "\(c.debugDescription)")
        }
    }

    /// Wrapping splits ASCII text on bytes and other text on characters, with the same pieces.
    @Test func wrapAgreesOnASCIIAndUnicode() {
        #expect(TableRenderer.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
        #expect(TableRenderer.wrap("thé quick brown fox jumps", width: 10) == ["thé quick", "brown fox", "jumps"])
        #expect(TableRenderer.wrap("one\ntwo three", width: 5) == ["one", "two", "three"])
        // CR LF is one character, not a line break, as before the byte-wise split.
        #expect(TableRenderer.wrap("ab\r\ncd ef", width: 5) == ["ab\r\ncd", "ef"])
    }

    let rows = [
        Record(["id": .text("paris-2025"), "kind": .text("summit"), "amount": .money(Money(amount: 200e9, currency: "EUR"))]),
        Record(["id": .text("x"), "kind": .text("organisation"), "amount": .null]),
    ]

    @Test func alignsColumnsUnderTheHeader() {
        let text = TableRenderer(width: 100, color: false).render(.records(rows, columns: ["id", "kind", "amount"]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "id          kind          amount")
        #expect(lines[1] == "──────────  ────────────  ─────────")
        #expect(lines[2] == "paris-2025  summit        EUR 200bn")
        #expect(lines[3] == "x           organisation")
        // Every column starts at the same offset on every line.
        let kindColumn = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "kind")!.lowerBound)
        #expect(lines[2].distance(from: lines[2].startIndex, to: lines[2].range(of: "summit")!.lowerBound) == kindColumn)
        #expect(lines[3].distance(from: lines[3].startIndex, to: lines[3].range(of: "organisation")!.lowerBound) == kindColumn)
        #expect(!text.contains("\u{1B}"), "no colour codes when colour is off")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") }, "no trailing spaces")
    }

    @Test func colourAddsBoldHeader() {
        let text = TableRenderer(width: 100, color: true).render(.records(rows, columns: ["id", "kind", "amount"]))
        #expect(text.contains("\u{1B}[1mid\u{1B}[0m"))
    }

    @Test func emptyRecords() {
        #expect(TableRenderer(width: 80, color: false).render(.records([], columns: ["id"])) == "(no results)")
    }

    @Test func wideCharactersAlignByDisplayWidth() {
        let r = [Record(["a": .text("中文"), "b": .text("x")]), Record(["a": .text("ab"), "b": .text("y")])]
        let lines = TableRenderer(width: 80, color: false).render(.records(r, columns: ["a", "b"])).split(separator: "\n").map(String.init)
        #expect(lines[2] == "中文  x")
        #expect(lines[3] == "ab    y")
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("é") == 1)
    }

    @Test func narrowWidthWrapsAndKeepsEveryWord() {
        let long = "The Paris AI Action Summit brought together heads of state, leaders of international organisations, chief executives and academics"
        let r = [Record(["id": .text("paris-2025"), "summary": .text(long), "kind": .text("summit")])]
        let width = 40
        let text = TableRenderer(width: width, color: false).render(.records(r, columns: ["id", "summary", "kind"]))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count > 3, "the long cell wraps onto several lines")
        for line in lines {
            #expect(DisplayWidth.of(line) <= width, "'\(line)' is wider than \(width)")
        }
        let joined = lines.joined(separator: " ")
        for word in long.split(separator: " ") {
            #expect(joined.contains(word), "word '\(word)' was cut")
        }
        #expect(joined.contains("paris-2025"))
        #expect(joined.contains("summit"))
    }

    @Test func manyColumnsAtANarrowWidthStillShowEveryValue() {
        let columns = ["id", "name", "dates", "amount", "host", "venue", "publisher", "url"]
        let rows = (1...3).map { n in
            Record(columns.map { RecordField($0, .text("\($0)-value-\(n) and more words for \($0)")) })
        }
        let width = 30
        let text = TableRenderer(width: width, color: false).render(.records(rows, columns: columns))
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines {
            #expect(DisplayWidth.of(line) <= width, "'\(line)' is wider than \(width)")
        }
        let joined = lines.joined(separator: " ")
        for n in 1...3 {
            for c in columns {
                #expect(joined.contains("\(c)-value-\(n)"), "\(c)-value-\(n) was cut")
            }
        }
    }

    @Test func narrowWidthInDetailView() {
        let long = String(repeating: "word ", count: 40).trimmingCharacters(in: .whitespaces)
        let r = Record(["title": .text(long)])
        let text = TableRenderer(width: 30, color: false).render(.detail(r, title: "T"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "T")
        #expect(lines.dropFirst().allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(text.components(separatedBy: "word").count - 1 == 40)
    }

    @Test func wrapBreaksOverlongWordsVisibly() {
        let lines = TableRenderer.wrap("abcdefghijkl", width: 5)
        #expect(lines == ["abcd-", "efgh-", "ijkl"])
        #expect(lines.joined().replacingOccurrences(of: "-", with: "") == "abcdefghijkl")
    }

    @Test func wrapKeepsWordsAndParagraphs() {
        #expect(TableRenderer.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(TableRenderer.wrap("a\nb c", width: 10) == ["a", "b c"])
        #expect(TableRenderer.wrap("", width: 10) == [""])
    }

    @Test func multiLineCellsKeepTheirLines() {
        let r = [Record(["k": .text("a"), "v": .text("first\nsecond")])]
        let lines = TableRenderer(width: 80, color: false).render(.records(r, columns: ["k", "v"])).split(separator: "\n").map(String.init)
        #expect(lines == ["k  v", "─  ──────", "a  first", "   second"])
    }

    @Test func detailIsAKeyValueList() {
        let r = Record(["id": .text("investai"), "amount": .money(Money(amount: 200e9, currency: "EUR"))])
        let text = TableRenderer(width: 80, color: false).render(.detail(r, title: "InvestAI"))
        #expect(text == "InvestAI\nid      investai\namount  EUR 200bn")
    }

    @Test func widthHasAFloor() {
        #expect(TableRenderer(width: 3, color: false).width == 20)
    }

    @Test func valueTextAndNone() {
        let t = TableRenderer(width: 80, color: false)
        #expect(t.render(.value(.money(Money(amount: 1.5e6, currency: "USD")))) == "USD 1.5m")
        #expect(t.render(.text("hello")) == "hello")
        #expect(t.render(.none) == "")
        #expect(t.render(.chart("▇▇", records: [], columns: [])) == "▇▇")
    }
}

@Suite("JSONRenderer")
struct JSONRendererTests {
    @Test func moneyIsAmountAndCurrency() {
        #expect(JSONRenderer.encode(.money(Money(amount: 200e9, currency: "EUR"))) == #"{"amount": 200000000000, "currency": "EUR"}"#)
    }

    @Test func moneyWithRangeAndQualifier() {
        let m = Money(amount: 1e9, currency: "USD", qualifier: .about, upperAmount: 2e9)
        #expect(JSONRenderer.encode(.money(m)) == #"{"amount": 1000000000, "currency": "USD", "to": 2000000000, "qualifier": "about"}"#)
    }

    @Test func quantities() {
        #expect(JSONRenderer.encode(.quantity(Quantity(number: 700))) == "700")
        #expect(JSONRenderer.encode(.quantity(Quantity(number: 700, qualifier: .moreThan))) == #"{"number": 700, "qualifier": "more-than"}"#)
        #expect(JSONRenderer.encode(.quantity(Quantity(number: 250, upper: 300))) == #"{"number": 250, "to": 300}"#)
    }

    @Test func datesAreISOStrings() throws {
        #expect(JSONRenderer.encode(.date(try #require(ISODate("2025-02-10")))) == #""2025-02-10""#)
        #expect(JSONRenderer.encode(.date(try #require(ISODate("2025-02")))) == #""2025-02""#)
        #expect(JSONRenderer.encode(.dateRange(try #require(DateRange("2025-02-06..2025-02-11")))) == #"{"start": "2025-02-06", "end": "2025-02-11"}"#)
    }

    @Test func scalars() {
        #expect(JSONRenderer.encode(.null) == "null")
        #expect(JSONRenderer.encode(.bool(true)) == "true")
        #expect(JSONRenderer.encode(.bool(false)) == "false")
        #expect(JSONRenderer.encode(.number(1.5)) == "1.5")
        #expect(JSONRenderer.encode(.number(-3)) == "-3")
        #expect(JSONRenderer.encode(.number(.nan)) == "null")
        #expect(JSONRenderer.encode(.number(.infinity)) == "null")
        #expect(JSONRenderer.encode(.ref("paris-2025")) == #""paris-2025""#)
        #expect(JSONRenderer.encode(.list([.number(1), .text("a")])) == #"[1, "a"]"#)
        #expect(JSONRenderer.encode(.list([])) == "[]")
        #expect(JSONRenderer.encode(.record(Record())) == "{}")
    }

    @Test func escaping() throws {
        #expect(JSONRenderer.quote(#"say "hi""#) == #""say \"hi\"""#)
        #expect(JSONRenderer.quote(#"a\b"#) == #""a\\b""#)
        #expect(JSONRenderer.quote("line\nbreak") == #""line\nbreak""#)
        #expect(JSONRenderer.quote("cr\rtab\t") == #""cr\rtab\t""#)
        #expect(JSONRenderer.quote("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(JSONRenderer.quote("\u{8}\u{C}") == #""\u0008\u000c""#)
        #expect(JSONRenderer.quote("Université 中文 🇫🇷") == "\"Université 中文 🇫🇷\"")
        // And what comes out parses back to the original.
        let nasty = "q\"b\\n\nr\r\t\u{0}\u{7}\u{1B}[1m é"
        let back = try parseJSON(JSONRenderer.quote(nasty)) as? String
        #expect(back == nasty)
    }

    @Test func recordKeysAreEscapedAndOrdered() {
        let r = Record([RecordField("z\"", .number(1)), RecordField("a", .number(2))])
        #expect(JSONRenderer.encode(.record(r)) == #"{"z\"": 1, "a": 2}"#)
    }

    @Test func recordsArrayOneElementPerLine() throws {
        let rows = [
            Record(["id": .text("a"), "amount": .money(Money(amount: 200e9, currency: "EUR"))]),
            Record(["id": .text("b"), "amount": .null]),
        ]
        let text = JSONRenderer.render(.records(rows, columns: ["id"]))
        #expect(text == """
            [
              {"id": "a", "amount": {"amount": 200000000000, "currency": "EUR"}},
              {"id": "b", "amount": null}
            ]
            """)
        let parsed = try #require(try parseJSON(text) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["id"] as? String == "a")
        let amount = try #require(parsed[0]["amount"] as? [String: Any])
        #expect((amount["amount"] as? NSNumber)?.int64Value == 200_000_000_000)
        #expect(amount["currency"] as? String == "EUR")
        #expect(parsed[1]["amount"] is NSNull)
    }

    @Test func emptyRecordsIsAnEmptyArray() {
        #expect(JSONRenderer.render(.records([], columns: ["id"])) == "[]")
    }

    @Test func otherResults() throws {
        #expect(JSONRenderer.render(.text("a \"b\"")) == #""a \"b\"""#)
        #expect(JSONRenderer.render(.value(.number(3))) == "3")
        #expect(JSONRenderer.render(.none) == "")
        let detail = JSONRenderer.render(.detail(Record(["id": .text("x")]), title: "ignored"))
        #expect(detail == #"{"id": "x"}"#)
        let entity = JSONRenderer.render(.entity(view: Record(["view": .text("v")]), title: "t", data: Record(["id": .text("d")])))
        #expect(entity == #"{"id": "d"}"#, "machines get the data record, not the view")
        let chart = JSONRenderer.render(.chart("▇", records: [Record(["n": .number(1)])], columns: ["n"]))
        #expect(try parseJSON(chart) is [Any])
    }
}

@Suite("CSVRenderer")
struct CSVRendererTests {
    @Test func headerAndRows() {
        let rows = [Record(["id": .text("a"), "n": .number(1.5)]), Record(["id": .text("b"), "n": .null])]
        #expect(CSVRenderer.render(.records(rows, columns: ["id", "n"])) == "id,n\na,1.5\nb,")
    }

    @Test func quoting() {
        let rows = [Record([
            "comma": .text("Paris, France"), "quote": .text(#"the "AI" summit"#), "newline": .text("one\ntwo"),
            "cr": .text("a\rb"), "plain": .text("simple"),
        ])]
        let text = CSVRenderer.render(.records(rows, columns: ["comma", "quote", "newline", "cr", "plain"]))
        #expect(text == "comma,quote,newline,cr,plain\n\"Paris, France\",\"the \"\"AI\"\" summit\",\"one\ntwo\",\"a\rb\",simple")
    }

    @Test func headerIsQuotedToo() {
        #expect(CSVRenderer.render(.records([], columns: ["a,b", "c"])) == "\"a,b\",c")
    }

    @Test func moneyIsFullAmountAndCurrency() throws {
        let rows = [Record([
            "amount": .money(Money(amount: 200e9, currency: "EUR")), "date": .date(try #require(ISODate("2025-02-10"))),
            "big": .number(27e6), "q": .quantity(Quantity(number: 1500)), "mt": .quantity(Quantity(number: 700, qualifier: .moreThan)),
        ])]
        #expect(CSVRenderer.render(.records(rows, columns: ["amount", "date", "big", "q", "mt"])) == "amount,date,big,q,mt\n200000000000 EUR,2025-02-10,27000000,1500,more than 700")
    }

    @Test func listsAndNestedPaths() {
        let rows = [Record([
            "tags": .list([.text("a"), .money(Money(amount: 1e6, currency: "USD"))]),
            "amount": .money(Money(amount: 5e9, currency: "GBP")),
        ])]
        #expect(CSVRenderer.render(.records(rows, columns: ["tags", "amount.currency", "amount.amount"])) == "tags,amount.currency,amount.amount\na; 1000000 USD,GBP,5000000000")
    }

    @Test func detailAndValue() {
        let d = CSVRenderer.render(.detail(Record(["name": .text("A, B"), "amount": .money(Money(amount: 2e11, currency: "EUR"))]), title: "t"))
        #expect(d == "field,value\nname,\"A, B\"\namount,200000000000 EUR")
        #expect(CSVRenderer.render(.value(.money(Money(amount: 2e11, currency: "EUR")))) == "200000000000 EUR")
    }

    @Test func nestedRecordBecomesQuotedJSON() {
        let r = Record(["id": .text("x"), "fields": .record(Record(["a": .number(1), "b": .number(2)]))])
        #expect(CSVRenderer.render(.entity(view: Record(), title: "t", data: r)) == "id,fields\nx,\"{\"\"a\"\": 1, \"\"b\"\": 2}\"")
    }
}

@Suite("MarkdownRenderer")
struct MarkdownRendererTests {
    @Test func pipeTable() {
        let rows = [Record(["id": .text("a"), "amount": .money(Money(amount: 200e9, currency: "EUR"))])]
        #expect(MarkdownRenderer.render(.records(rows, columns: ["id", "amount"])) == "| id | amount |\n| --- | --- |\n| a | EUR 200bn |")
    }

    @Test func escapesPipesAndNewlines() {
        let rows = [Record(["a|b": .text("x | y"), "n": .text("one\ntwo")])]
        let text = MarkdownRenderer.render(.records(rows, columns: ["a|b", "n"]))
        #expect(text == "| a\\|b | n |\n| --- | --- |\n| x \\| y | one<br>two |")
        // Every row has the same number of unescaped separators.
        for line in text.split(separator: "\n") {
            let unescaped = line.replacingOccurrences(of: "\\|", with: "")
            #expect(unescaped.filter { $0 == "|" }.count == 3)
        }
    }

    @Test func detailAndEntity() {
        let view = Record(["name": .text("A|B")])
        #expect(MarkdownRenderer.render(.detail(view, title: "T|1")) == "### T\\|1\n\n| field | value |\n| --- | --- |\n| name | A\\|B |")
        #expect(MarkdownRenderer.render(.entity(view: view, title: "T", data: Record(["id": .text("x")]))).contains("| name | A\\|B |"))
    }

    @Test func noColumns() {
        #expect(MarkdownRenderer.render(.records([], columns: [])) == "")
    }
}

@Suite("OutputFormat")
struct OutputFormatTests {
    @Test func names() {
        #expect(OutputFormat(name: "json") == .json)
        #expect(OutputFormat(name: "JSON") == .json)
        #expect(OutputFormat(name: "md") == .markdown)
        #expect(OutputFormat(name: "text") == .table)
        #expect(OutputFormat(name: "csv") == .csv)
        #expect(OutputFormat(name: "xml") == nil)
    }

    @Test func rendererFollowsSettings() {
        var s = Settings()
        let result = CommandResult.value(.money(Money(amount: 2e11, currency: "EUR")))
        #expect(Renderer.render(result, settings: s) == "EUR 200bn")
        s.format = .json
        #expect(Renderer.render(result, settings: s) == #"{"amount": 200000000000, "currency": "EUR"}"#)
        s.format = .csv
        #expect(Renderer.render(result, settings: s) == "200000000000 EUR")
        s.format = .markdown
        #expect(Renderer.render(result, settings: s) == "EUR 200bn")
    }
}

/// The eight-bytes-at-a-time scans agree with a byte-by-byte test, wherever in a string the
/// byte is (inside a word, in the tail, in a small or a large string).
@Suite("ByteScan")
struct ByteScanTests {
    @Test func containsAnyAgreesWithAByteLoop() {
        let specials: [UInt8] = [44, 34, 10, 13]
        // Near misses too: the same bytes with the high bit set, and their neighbours.
        let fillers: [UInt8] = [97, 0xAC, 0xA2, 0x8A, 43, 45, 33, 35, 9, 11, 12, 14, 0]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
            for filler in fillers {
                let plain = String(decoding: [UInt8](repeating: filler, count: length), as: UTF8.self)
                #expect(ByteScan.needsCSVQuotes(plain) == plain.utf8.contains { specials.contains($0) }, "\(length) × \(filler)")
                for at in 0..<length {
                    for s in specials {
                        var bytes = [UInt8](repeating: 97, count: length)
                        bytes[at] = s
                        #expect(ByteScan.needsCSVQuotes(String(decoding: bytes, as: UTF8.self)), "\(s) at \(at) of \(length)")
                    }
                }
            }
        }
        #expect(CSVRenderer.needsQuotes("Paris, France"))
        #expect(!CSVRenderer.needsQuotes("Université Paris-Saclay — a name long enough for words"))
    }

    @Test func needsJSONEscapeAgreesWithAByteLoop() {
        func loop(_ s: String) -> Bool { s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        // Bytes either side of each edge: 0x1F/0x20, the quote and backslash and their
        // neighbours, and UTF-8 (high bytes, whose low seven bits may look like any of them).
        let near: [String] = ["a", " ", "!", "#", "[", "]", "é", "\u{A2}", "\u{DC}", "\u{9F}", "—", "\u{7F}"]
        let special: [String] = ["\u{1F}", "\u{0}", "\n", "\t", "\"", "\\"]
        for length in [0, 1, 7, 8, 9, 16, 17, 30] {
            for filler in near {
                let plain = String(repeating: filler, count: length)
                #expect(ByteScan.needsJSONEscape(plain) == loop(plain), "\(length) × \(filler)")
                for at in 0..<length {
                    for c in special {
                        var parts = Array(repeating: filler, count: length)
                        parts[at] = c
                        #expect(ByteScan.needsJSONEscape(parts.joined()), "\(c.debugDescription) at \(at) of \(length) × \(filler)")
                    }
                }
            }
        }
    }

    @Test func isASCIIAgreesWithAByteLoop() {
        for length in [0, 1, 7, 8, 9, 16, 23, 40] {
            #expect(ByteScan.isASCII(String(repeating: "a", count: length)))
            for at in 0..<length {
                var s = Array(repeating: "a", count: length)
                s[at] = "é"
                #expect(!ByteScan.isASCII(s.joined()), "é at \(at) of \(length)")
            }
        }
        #expect(ByteScan.isASCII("\u{7F}\u{0}\u{1}"))
    }
}
