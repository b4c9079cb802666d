import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SummitKit

/// Tables with cells nobody would type: huge words, wide characters, widths at the limits.
/// Every character of a cell is shown, every line fits, and the work is linear in the text.
@Suite("output robustness", .timeLimit(.minutes(1)))
struct OutputRobustnessTests {
    /// Joins wrapped pieces back: a piece ending in the break hyphen continues the word.
    func unwrap(_ lines: [String]) -> String {
        lines.map { $0.hasSuffix("-") ? String($0.dropLast()) : $0 }.joined()
    }

    @Test func aTwoMegabyteWordIsCutIntoLinesThatFit() {
        let word = String(repeating: "abcdefghij", count: 200_000)
        let lines = TableRenderer.wrap(word, width: 80)
        #expect(lines.count == (word.count + 78) / 79)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        #expect(unwrap(lines) == word)
    }

    @Test func idsAndPathsBreakAfterTheirOwnSeparators() {
        #expect(TableRenderer.wrap("bletchley-declaration", width: 14) == ["bletchley-", "declaration"])
        #expect(TableRenderer.wrap("/home/you/.local/share/summit/plugins/ruritania-2030", width: 24)
                == ["/home/you/.local/share/", "summit/plugins/", "ruritania-2030"])
        // A separator too early to be worth it: cut with a hyphen instead.
        #expect(TableRenderer.wrap("a-bcdefghijklmnop", width: 8) == ["a-bcdef-", "ghijklm-", "nop"])
        let path = String(repeating: "segment/", count: 50_000)
        let lines = TableRenderer.wrap(path, width: 30)
        #expect(lines.joined() == path, "lines broken after a separator join back exactly")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 30 })
    }

    @Test func wideCharactersAndCombiningMarksAreCutOnCharacterBoundaries() {
        let word = String(repeating: "中文e\u{301}🇮🇳", count: 50_000)
        for width in [1, 2, 3, 7, 40] {
            let lines = TableRenderer.wrap(word, width: width)
            #expect(unwrap(lines) == word, "width \(width)")
            // A piece is at most the width, except a single character wider than a 1- or 2-column cell.
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= max(width, 3) }, "width \(width)")
        }
    }

    @Test func aTableWithHugeCellsFitsAndKeepsEverything() {
        let big = String(repeating: "x", count: 500_000)
        let rows = [Record(["id": .text("a"), "v": .text(big), "w": .text("short words here")]),
                    Record(["id": .text("b"), "v": .text("tiny"), "w": .text(big)])]
        for width in [20, 60, 200] {
            let out = TableRenderer(width: width, color: false).render(.records(rows, columns: ["id", "v", "w"]))
            let lines = out.split(separator: "\n")
            #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= max(width, 20) }, "width \(width)")
            #expect(out.filter { $0 == "x" }.count == 2 * big.count, "width \(width): nothing is cut off")
        }
    }

    @Test func everyFormatRendersHugeAndOddValues() {
        let odd = "a,b\"c\nd|e\u{0}f\u{1B}[31m" + String(repeating: "é", count: 100_000)
        let r = CommandResult.records([Record(["k": .text(odd), "n": .number(.infinity), "m": .number(-.nan)])], columns: ["k", "n", "m"])
        for format in OutputFormat.allCases {
            var settings = Settings()
            settings.format = format
            settings.width = 0
            let out = Renderer.render(r, settings: settings)
            #expect(out.count > 100_000, "\(format)")
        }
    }
}

/// One read loop for every file summit reads: whole files of any size come back byte for byte,
/// a file over the limit, a directory or (for the pack cache) a FIFO is refused with its name.
@Suite("FileIO.readBytes")
struct FileReadTests {
    @Test func filesComeBackWholeAndBadOnesAreRefused() throws {
        let dir = "/tmp/summit-readbytes-\(getpid())"
        mkdir(dir, 0o700)
        defer { system("rm -rf '\(dir)'") }
        for size in [0, 1, 65_535, 65_536, 65_537, 300_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let path = "\(dir)/f\(size)"
            #expect(bytes.withUnsafeBytes { StandardStream.writeFile(path, bytes: $0) })
            #expect(try FileIO.readBytes(path) == bytes, "\(size) bytes")
            #expect(try FileIO.readBytes(path, regularFileOnly: true) == bytes)
        }
        #expect(throws: FileIO.Failure.self) { try FileIO.readBytes("\(dir)/f300000", limit: 1000) }
        do { _ = try FileIO.readBytes(dir) } catch { #expect(error.message.contains("is a directory, not a file")) }
        mkfifo("\(dir)/fifo", 0o600)
        do {
            _ = try FileIO.readBytes("\(dir)/fifo", regularFileOnly: true)
            Issue.record("a FIFO was read")
        } catch { #expect(error.message == "'\(dir)/fifo' is not a regular file") }
        // Text is read through the same loop: a NUL byte is found wherever it is.
        do { _ = try FileIO.readText("\(dir)/f300000") } catch { #expect(error.message.contains("looks like a binary file (NUL byte on line 1)")) }
    }
}
