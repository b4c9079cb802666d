import Foundation
import Testing

/// Broken and hostile input to the `summit` binary: each gives a clear error (or runs
/// correctly), never a crash or a hang. Timeouts are hang guards only, far above the real time.
@Suite("bad input")
struct BadInputTests {
    /// Writes `bytes` to `name` in a fresh directory and returns its path.
    func file(_ name: String, _ bytes: [UInt8], in dir: String = SummitProcess.tempDir()) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func file(_ name: String, _ text: String, in dir: String = SummitProcess.tempDir()) throws -> String {
        try file(name, Array(text.utf8), in: dir)
    }

    /// Runs summit with the bytes of `path` on standard input.
    func runWithStdin(from path: String, _ arguments: [String] = ["--no-init"], timeout: TimeInterval = 120) throws -> SummitProcess.Result {
        try SummitProcess.run(["-c", "exec \"$0\" \"$@\" < '\(path)'", SummitProcess.binary] + arguments, executable: "/bin/sh", timeout: timeout)
    }

    /// A crash (signal, Swift trap) would show as a status of 128 or more, or a message.
    func expectNoCrash(_ r: SummitProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status < 128, "status \(r.status): \(r.err.prefix(500))", sourceLocation: sourceLocation)
        #expect(!r.err.contains("Fatal error") && !r.err.contains("Crash") && !r.err.contains("Segmentation"), sourceLocation: sourceLocation)
    }

    // MARK: - Bytes that are not text

    @Test func invalidUTF8InAScriptFileIsRefusedBeforeAnythingRuns() throws {
        let path = try file("latin1.summit", Array("show paris-2025\nfind caf".utf8) + [0xE9] + Array("\n".utf8))
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.err.contains("'\(path)' is not valid UTF-8 (line 2); save it as UTF-8"), "\(r.err)")
        #expect(r.out.isEmpty, "nothing runs")
    }

    @Test func nulBytesInAScriptFileAreRefused() throws {
        let path = try file("nul.summit", Array("show paris-2025\nfind a".utf8) + [0] + Array("b\n".utf8))
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.err.contains("'\(path)' looks like a binary file (NUL byte on line 2); give a text file"), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func invalidUTF8OnStandardInputIsRefusedWithItsLine() throws {
        let path = try file("in.bin", Array("show paris-2025\n\nfind caf".utf8) + [0xE9, 0x0A])
        let r = try runWithStdin(from: path)
        #expect(r.status == 1)
        #expect(r.err == "<stdin>:3:1: error: input is not valid UTF-8 (line 3); give UTF-8 text\n")
        #expect(r.out.isEmpty)
    }

    @Test func nulBytesOnStandardInputAreRefusedWithTheirLine() throws {
        let path = try file("in.bin", Array("show paris-2025\nfind a".utf8) + [0] + Array("b\n".utf8))
        let r = try runWithStdin(from: path)
        #expect(r.status == 1)
        #expect(r.err == "<stdin>:2:1: error: input contains a NUL byte (line 2); give text\n")
        #expect(r.out.isEmpty)
    }

    /// Command-line arguments cannot be checked before they reach summit; invalid UTF-8 in a
    /// `-c` line is read with replacement characters and simply finds nothing.
    @Test func invalidUTF8InADashCLineDoesNotCrash() throws {
        let r = try SummitProcess.run(["-c", "exec \"$0\" --no-init -c \"$(printf 'find caf\\351')\" -c \"$(printf 'echo \\377\\376')\"", SummitProcess.binary],
                                      executable: "/bin/sh")
        expectNoCrash(r)
        #expect(r.status == 0, "\(r.err)")
    }

    @Test func theSummitBinaryAsAScriptIsRefused() throws {
        let r = try SummitProcess.run(["--no-init", SummitProcess.binary])
        #expect(r.status == 1)
        #expect(r.err.contains("looks like a binary file (NUL byte on line 1); give a text file"), "\(r.err.prefix(300))")
    }

    @Test func sourcingADirectoryOrABinaryFileIsAnErrorAtTheSourceLine() throws {
        let dir = SummitProcess.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/lib", withIntermediateDirectories: true)
        _ = try file("blob.summit", [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01], in: dir)
        let main = try file("main.summit", "echo start\nsource lib\n", in: dir)
        let r = try SummitProcess.run(["--no-init", main])
        #expect(r.status == 1)
        #expect(r.err.contains("main.summit:2:8: error: cannot source: '\(dir)/lib' is a directory, not a file"), "\(r.err)")
        #expect(r.out == "start\n")
        let second = try file("second.summit", "source blob.summit\n", in: dir)
        let b = try SummitProcess.run(["--no-init", second])
        #expect(b.status == 1)
        #expect(b.err.contains("second.summit:1:8: error: cannot source: '\(dir)/blob.summit' looks like a binary file"), "\(b.err)")
    }

    // MARK: - Size

    static let tenMB = 10 << 20

    @Test func aTenMegabyteWordIsEchoedWhole() throws {
        let path = try file("long.summit", "echo " + String(repeating: "a", count: Self.tenMB) + "\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 180)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        #expect(r.out.utf8.count == Self.tenMB + 1)
    }

    @Test func aTenMegabyteCommentLineIsSkipped() throws {
        let path = try file("comment.summit", "# " + String(repeating: "x", count: Self.tenMB) + "\nlist summit | count\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 180)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        #expect(r.out == "3\n")
    }

    /// The message quotes a short prefix of the word, not ten megabytes.
    @Test func aTenMegabyteUnknownCommandIsAShortError() throws {
        let path = try file("cmd.summit", String(repeating: "z", count: Self.tenMB) + "\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 180)
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("\(path):1:1: error: unknown command 'zzzz"), "\(r.err.prefix(300))")
        #expect(r.err.utf8.count < 1_000, "the message is short: \(r.err.utf8.count) bytes")
    }

    @Test func aTenMegabyteQuotedStringGoesThroughAVariable() throws {
        let words = String(repeating: "ab cd ", count: Self.tenMB / 6)
        let path = try file("quoted.summit", "let x = \"\(words)\"\necho $x\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 180)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        #expect(r.out == words + "\n")
    }

    /// `Suggest.closest` compared a 10 MB id with every id by edit distance (about 100
    /// minutes); it now gives up on words over 100 bytes.
    @Test func aTenMegabyteEntityIdIsAShortError() throws {
        let path = try file("show.summit", "show " + String(repeating: "a", count: Self.tenMB) + "\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 180)
        #expect(r.status == 1)
        #expect(r.err.contains("error: no entity with id 'aaaa"))
        #expect(r.err.utf8.count < 1_000)
    }

    /// `find` with a 10 MB term: `String.contains` built a search table over the whole term
    /// for each entity (hours for 10 MB); the byte search over each entity's precomputed
    /// search text (`SearchText`) rejects a term longer than the text at once.
    @Test
    func aTenMegabyteSearchFindsNothingQuickly() throws {
        let path = try file("find.summit", "find " + String(repeating: "a", count: Self.tenMB) + "\n")
        let r = try SummitProcess.run(["--no-init", path], timeout: 60)
        #expect(r.status == 0)
        #expect(r.out == "(no results)\n")
    }

    /// A megabyte-long word in a table cell (an entity's name from a pack) wraps in linear
    /// time; it was quadratic, hours for 10 MB.
    @Test func aHugeCellInATableIsWrapped() throws {
        let dir = SummitProcess.tempDir() + "/bigpack"
        _ = try file("pack.yaml", "name: bigpack\nversion: 1\ndescription: a pack with a huge name\n", in: dir)
        let name = String(repeating: "w", count: 1 << 20)
        _ = try file("data.yaml", "pack: bigpack\nsources:\n  - {id: src-big, title: Big}\nentities:\n  - id: big-person\n    kind: person\n    name: \(name)\n    sources: [src-big]\n", in: dir)
        let r = try SummitProcess.run(["--no-init", "--plugin", dir, "-c", "set width 60", "-c", "list person"], timeout: 180)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        let lines = r.out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "every line fits the width")
        #expect(r.out.filter { $0 == "w" }.count >= name.count, "nothing of the name is lost")
    }

    /// A million lines: most are comments and blank lines, one in a hundred a statement. The
    /// last line's error has the right line number. (A million statements take about 26 s in a
    /// debug build: the parser and interpreter are linear, just not fast unoptimised.)
    @Test func aMillionLineScriptRunsAndCountsLines() throws {
        var text = ""
        text.reserveCapacity(12 << 20)
        for i in 0..<999_999 {
            switch i % 100 {
            case 0: text += "let n = \(i)\n"
            case 1: text += "\n"
            default: text += "# line \(i + 1)\n"
            }
        }
        text += "echo $n\nshow no-such-entity\n"
        let path = try file("million.summit", text)
        let r = try SummitProcess.run(["--no-init", path], timeout: 300)
        #expect(r.status == 1)
        #expect(r.out == "999900\n")
        #expect(r.err.hasPrefix("\(path):1000001:6: error: no entity with id 'no-such-entity'"), "\(r.err.prefix(300))")
    }

    // MARK: - Nesting

    /// The scripts are built in the test (not passed as arguments, which the test log prints).
    static func deeplyNested(_ kind: String) -> (script: String, message: String) {
        let n = 100_000
        switch kind {
        case "parentheses": return ("if " + String(repeating: "(", count: n) + "1 == 1" + String(repeating: ")", count: n) + " { echo deep }\n", "parentheses nested more than 256 deep")
        case "blocks": return (String(repeating: "if 1 == 1 { ", count: n) + String(repeating: "}", count: n) + "\n", "blocks nested more than 256 deep")
        case "substitutions": return ("echo " + String(repeating: "$(", count: n) + "list summit | count" + String(repeating: ")", count: n) + "\n", "'$(' substitutions nested more than 256 deep")
        case "lists": return ("let x = " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n", "nested more than 256 deep")
        case "not": return ("if " + String(repeating: "not ", count: n) + "false { echo x }\n", "'not' nested more than 256 deep")
        default: return ("if " + String(repeating: "(", count: n) + "\n", "nested more than 256 deep")  // never closed
        }
    }

    @Test(arguments: ["parentheses", "blocks", "substitutions", "lists", "not", "unclosed"])
    func hundredThousandDeepNestingIsAClearError(kind: String) throws {
        let (script, message) = Self.deeplyNested(kind)
        let path = try file("deep-\(kind).summit", script)
        let r = try SummitProcess.run(["--no-init", path], timeout: 120)
        #expect(r.status == 1, "\(kind): \(r.err.prefix(300))")
        #expect(r.err.contains(message), "\(kind): \(r.err.prefix(300))")
        #expect(r.err.contains("split the script into smaller parts"), "\(kind)")
        #expect(r.out.isEmpty, "a script with a parse error runs nothing")
        #expect(r.err.utf8.count < 2_000, "the caret line is cut short")
    }

    /// A long `and` chain and a long pipeline are not nesting: they run.
    @Test func longChainsAreNotNesting() throws {
        let chain = try file("chain.summit", "if " + Array(repeating: "1 == 1", count: 20_000).joined(separator: " and ") + " { echo chained }\n")
        let r = try SummitProcess.run(["--no-init", chain], timeout: 120)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        #expect(r.out == "chained\n")
        let pipes = try file("pipes.summit", "list summit" + String(repeating: " | first 3", count: 20_000) + " | count\n")
        let p = try SummitProcess.run(["--no-init", pipes], timeout: 120)
        #expect(p.status == 0, "\(p.err.prefix(300))")
        #expect(p.out == "3\n")
    }

    // MARK: - Recursion

    @Test func aScriptThatSourcesItselfThroughAChainIsACycleError() throws {
        let dir = SummitProcess.tempDir()
        _ = try file("a.summit", "echo in-a\nsource b.summit\n", in: dir)
        _ = try file("b.summit", "echo in-b\nsource sub/c.summit\n", in: dir)
        _ = try file("sub/c.summit", "echo in-c\nsource ../a.summit\n", in: dir)
        let r = try SummitProcess.run(["--no-init", dir + "/a.summit"])
        #expect(r.status == 1)
        #expect(r.out == "in-a\nin-b\nin-c\n")
        #expect(r.err.contains("sub/c.summit:2:8: error: source cycle: a.summit -> b.summit -> c.summit -> a.summit; remove one of these `source` lines"), "\(r.err)")
    }

    @Test func aScriptThatSourcesItselfDirectlyIsACycleError() throws {
        let path = try file("self.summit", "echo once\nsource self.summit\n")
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.out == "once\n")
        #expect(r.err.contains("source cycle: self.summit -> self.summit"), "\(r.err)")
    }

    @Test func aDefThatCallsItselfWithoutEndHitsTheDepthLimit() throws {
        let path = try file("rec.summit", "def f n { f $n }\nf 1\n")
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("\(path):1:11: error: 'f' is called more than 100 deep (does it call itself without end?)"), "\(r.err)")
        #expect(r.err.contains("note: in 'f', called at \(path):2:1"))
        #expect(r.err.split(separator: "\n").count < 20, "the call notes are shortened")
    }

    @Test func twoDefsThatCallEachOtherHitTheDepthLimit() throws {
        let path = try file("mutual.summit", "def g { h }\ndef h { g }\ng\n")
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.err.contains("is called more than 100 deep (does it call itself without end?)"), "\(r.err)")
    }

    // MARK: - Packs given to --plugin

    static func aliasBomb(_ key: String) -> String {
        var s = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        let names = Array("abcdefghi")
        for i in 1..<names.count {
            s += "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ", ") + "]\n"
        }
        return s + "\(key): *i\n"
    }

    /// Hostile pack files reach the pack reader (summit-pack) through --plugin: each is a clear
    /// error naming the file, at once, and the session goes on.
    @Test func hostilePacksAreRefusedQuickly() throws {
        let dir = SummitProcess.tempDir()
        let header = "name: hostile\nversion: 1\ndescription: d\n"
        _ = try file("manifest-bomb/pack.yaml", header + Self.aliasBomb("summits"), in: dir)
        _ = try file("data-bomb/pack.yaml", header, in: dir)
        _ = try file("data-bomb/data.yaml", "pack: hostile\n" + Self.aliasBomb("entities"), in: dir)
        _ = try file("deep/pack.yaml", header, in: dir)
        _ = try file("deep/data.yaml", "pack: hostile\nentities:\n  - " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n", in: dir)
        _ = try file("binary/pack.yaml", [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x00, 0x01], in: dir)
        _ = try file("bad-date/pack.yaml", header, in: dir)
        _ = try file("bad-date/data.yaml", "pack: hostile\nsources:\n  - {id: src-h, title: T}\nentities:\n  - {id: h-event, kind: event, name: E, sources: [src-h], fields: {date: 2025-02-30, amount: {amount: 5bn}}}\n", in: dir)
        try FileManager.default.createDirectory(atPath: dir + "/manifest-is-a-dir/pack.yaml", withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("manifest-bomb", "pack.yaml:5:8: error: YAML aliases (*a) are not allowed in packs"),
            ("data-bomb", "data.yaml:3:8: error: YAML aliases (*a) are not allowed in packs"),
            ("deep", "data.yaml:3:5: error: YAML: lists and mappings are nested too deep"),
            ("binary", "looks like a binary file"),
            ("bad-date", "data.yaml:5:74: error: field 'date': '2025-02-30' is not a real date"),
            ("manifest-is-a-dir", "is a directory"),
        ]
        for (name, message) in cases {
            let r = try SummitProcess.run(["--no-init", "--plugin", dir + "/" + name, "-c", "list summit | count"], timeout: 60)
            #expect(r.status == 1, "\(name): \(r.err)")
            #expect(r.err.contains(message), "\(name): \(r.err)")
            #expect(r.out == "3\n", "\(name): the session went on")
        }
        let money = try SummitProcess.run(["--no-init", "--plugin", dir + "/bad-date", "-c", "list summit | count"], timeout: 60)
        #expect(money.err.contains("field 'amount': the amount has no currency"), "\(money.err)")
        // A file, and the summit binary, are not plugin directories.
        for path in ["/etc/hostname", SummitProcess.binary] {
            let r = try SummitProcess.run(["--no-init", "--plugin", path, "-c", "list summit | count"], timeout: 60)
            #expect(r.status == 1)
            #expect(r.err.contains("is a file; a plugin is a directory"), "\(r.err)")
        }
    }

    // MARK: - Values

    @Test func anImpossibleDateIsAClearErrorAgainstDates() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "list event | where dates contains 2025-02-30"])
        #expect(r.status == 1)
        #expect(r.err.contains("cannot compare date") && r.err.contains("'2025-02-30'") && r.err.contains("write an ISO date such as 2025-02-10"), "\(r.err)")
        let leap = try SummitProcess.run(["--no-init", "-c", "list event | where dates contains 2024-02-29 | count"])
        #expect(leap.status == 0, "2024-02-29 is a real date: \(leap.err)")
    }

    /// An amount without a currency is a plain number: compared with money it compares the
    /// amount whatever the currency (docs/LANGUAGE.md); it is never taken for money.
    @Test func anAmountWithNoCurrencyIsANumber() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "funding list | where amount >= 500bn | select amount"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("USD 500"), "\(r.out)")
        let bad = try SummitProcess.run(["--no-init", "-c", "funding list | where amount > EUR"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("write an amount such as 10bn or 10bn EUR"), "\(bad.err)")
    }
}
