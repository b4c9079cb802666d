import Foundation
import Testing

/// The built binary on -c lines, script files and piped stdin: output and exit status.
@Suite("summit command line")
struct CLITests {
    @Test func helpListsCommandsAndExitsZero() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "help"])
        #expect(r.status == 0)
        for c in ["find", "show", "export", "plugins", "history", "exit", "conflicts", "sources"] {
            #expect(r.out.contains(c), "help should list \(c)")
        }
        #expect(r.err.isEmpty)
    }

    @Test func repeatedDashCRunsEachLine() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "show paris-2025", "-c", "show bletchley-2023"])
        #expect(r.status == 0)
        #expect(r.out.contains("Grand Palais") || r.out.contains("grand-palais"))
        #expect(r.out.contains("Bletchley"))
    }

    @Test func exportJSONIsOneArrayOfRecords() throws {
        let r = try SummitProcess.run(["--no-init", "--format", "json", "-c", "export"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8))
        let records = try #require(json as? [[String: Any]])
        #expect(records.count > 100)
        for rec in records {
            #expect(rec["id"] is String && rec["kind"] is String && rec["name"] is String)
            #expect(rec["fields"] is [String: Any] && rec["relations"] is [String: Any] && rec["sources"] is [Any])
        }
        // Money is an amount number plus a currency code; dates are ISO strings.
        let pledges = records.filter { $0["kind"] as? String == "funding" }
        #expect(!pledges.isEmpty)
        for p in pledges {
            let fields = try #require(p["fields"] as? [String: Any])
            let amount = fields["amount"] as? [String: Any] ?? ((fields["amount"] as? [String: Any])?["claims"] as? [[String: Any]])?.first?["value"] as? [String: Any]
            let money = try #require(amount, "pledge \(p["id"] ?? "?") has no amount")
            #expect(money["amount"] is NSNumber)
            #expect((money["currency"] as? String)?.count == 3)
        }
        let paris = try #require(records.first { $0["id"] as? String == "paris-2025" })
        let dates = (paris["fields"] as? [String: Any])?["dates"] as? [String: Any]
        #expect(dates?["start"] as? String == "2025-02-10")
        #expect(dates?["end"] as? String == "2025-02-11")
    }

    @Test func scriptErrorReportsFileLineColumnAndStops() throws {
        let dir = SummitProcess.tempDir()
        let path = dir + "/report.summit"
        try SummitProcess.write("# a report\nshow paris-2025\n\nshow  no-such-summit\nshow bletchley-2023\n", to: path)
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.err.contains("\(path):4:7: error: no entity with id 'no-such-summit'"))
        #expect(r.out.contains("AI Action Summit"))
        #expect(!r.out.contains("Bletchley"), "the script stops at the first error")
    }

    @Test func unknownCommandSuggestsClosest() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "shwo paris-2025"])
        #expect(r.status == 1)
        #expect(r.err.contains("<command-line 1>:1:1: error: unknown command 'shwo'; did you mean 'show'?"))
    }

    @Test func keepGoingReportsAndContinues() throws {
        let r = try SummitProcess.run(["--no-init", "--keep-going"], stdin: "show nope\nshow paris-2025\nfnd x\n")
        #expect(r.status == 1)
        #expect(r.err.contains("<stdin>:1:6: error:"))
        #expect(r.err.contains("<stdin>:3:1: error: unknown command 'fnd'; did you mean 'find'?"))
        #expect(r.out.contains("AI Action Summit"))
    }

    /// Output to a pipe is buffered, but never reordered against errors: with stdout and stderr
    /// in one pipe, each error comes after the results before it, and a large output all arrives.
    @Test func bufferedOutputKeepsItsOrderWithErrors() throws {
        let script = "echo first\nshow nope\necho second\nfor i in [1, 2, 3] { export --format csv }\nfnd x\necho last\n"
        let dir = SummitProcess.tempDir()
        try SummitProcess.write(script, to: dir + "/order.summit")
        let r = try SummitProcess.run(["-c", "\"$0\" --no-init --keep-going \"$1\" 2>&1", SummitProcess.binary, dir + "/order.summit"],
                                      executable: "/bin/sh")
        #expect(r.status == 1)
        let out = r.out
        let first = try #require(out.range(of: "first\n"))
        let error1 = try #require(out.range(of: "order.summit:2:6: error:"))
        let second = try #require(out.range(of: "second\n"))
        let error2 = try #require(out.range(of: "order.summit:5:1: error: unknown command 'fnd'"))
        let last = try #require(out.range(of: "last\n"))
        #expect(first.lowerBound < error1.lowerBound && error1.lowerBound < second.lowerBound)
        #expect(second.lowerBound < error2.lowerBound && error2.lowerBound < last.lowerBound)
        #expect(out.components(separatedBy: "id,kind,name").count == 4, "three exports (over 64 KB together), all there")
    }

    @Test func stdinRunsWithoutPromptOrColour() throws {
        let r = try SummitProcess.run(["--no-init"], stdin: "# comment\n\nfind 'grand palais'\n")
        #expect(r.status == 0)
        #expect(!r.out.contains("summit>"))
        #expect(!r.out.contains("\u{1B}["))
        #expect(r.out.contains("grand-palais"))
    }

    @Test func quotesContinuationAndNonASCII() throws {
        let r = try SummitProcess.run(["--no-init"], stdin: "find \"Université\" \\\n  Paris-Saclay\nfind 'universite paris-saclay'\n")
        #expect(r.status == 0)
        let hits = r.out.components(separatedBy: "Université Paris-Saclay").count - 1
        #expect(hits >= 2, "accented and unaccented searches both find it")
    }

    @Test func exitStatusFromScript() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "exit 3"])
        #expect(r.status == 3)
        let bad = try SummitProcess.run(["--no-init", "-c", "exit lots"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("exit status must be a number"))
    }

    @Test func shebangScriptRuns() throws {
        let dir = SummitProcess.tempDir()
        let bin = dir + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/summit", withDestinationPath: SummitProcess.binary)
        let script = dir + "/hello.summit"
        try SummitProcess.write("#!/usr/bin/env summit\nshow seoul-2024\n", to: script)
        chmod(script, 0o755)
        var env = SummitProcess.isolatedEnvironment()
        env["PATH"] = bin + ":/usr/bin:/bin"
        let r = try SummitProcess.run([], environment: env, executable: script)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Seoul"))
    }

    @Test func sourceIsRelativeToIncludingFileAndCyclesAreErrors() throws {
        let dir = SummitProcess.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/lib", withIntermediateDirectories: true)
        try SummitProcess.write("source lib/common.summit\n", to: dir + "/main.summit")
        try SummitProcess.write("show seoul-2024\n", to: dir + "/lib/common.summit")
        let ok = try SummitProcess.run(["--no-init", dir + "/main.summit"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("Seoul"))

        try SummitProcess.write("source b.summit\n", to: dir + "/a.summit")
        try SummitProcess.write("show seoul-2024\nsource a.summit\n", to: dir + "/b.summit")
        let cyc = try SummitProcess.run(["--no-init", dir + "/a.summit"], timeout: 20)
        #expect(cyc.status == 1)
        #expect(cyc.err.contains("source cycle: a.summit -> b.summit -> a.summit"))
    }

    @Test func closedPipeExitsQuietly() throws {
        let r = try SummitProcess.run(["-c", "'\(SummitProcess.binary)' --no-init -c 'export' -c 'export' | head -1"], executable: "/bin/sh")
        #expect(r.status == 0)
        #expect(r.err.isEmpty, "no error on a closed pipe: \(r.err)")
        #expect(r.out.split(separator: "\n").count == 1)
    }

    @Test func initFileRunsFirstAndNoInitSkipsIt() throws {
        let env = SummitProcess.isolatedEnvironment()
        let conf = env["XDG_CONFIG_HOME"]! + "/summit"
        try FileManager.default.createDirectory(atPath: conf, withIntermediateDirectories: true)
        try SummitProcess.write("set format json\n", to: conf + "/init.summit")
        let with = try SummitProcess.run(["-c", "show seoul-2024"], environment: env)
        #expect(with.out.hasPrefix("{"))
        let without = try SummitProcess.run(["--no-init", "-c", "show seoul-2024"], environment: env)
        #expect(!without.out.hasPrefix("{"))
    }

    @Test func formatsCSVAndMarkdown() throws {
        let csv = try SummitProcess.run(["--no-init", "--format", "csv", "-c", "list summit"])
        #expect(csv.out.hasPrefix("id,kind,name"))
        let md = try SummitProcess.run(["--no-init", "-c", "list summit --format markdown"])
        #expect(md.out.hasPrefix("| id | name | dates"))
        let bad = try SummitProcess.run(["--no-init", "--format", "yaml", "-c", "help"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("unknown format 'yaml'"))
    }

    @Test func unclosedQuoteIsASyntaxError() throws {
        let r = try SummitProcess.run(["--no-init"], stdin: "show paris-2025\nfind \"grand palais\n")
        #expect(r.status == 1)
        #expect(r.err.contains("<stdin>:2:6: error: unclosed double quote"))
    }

    @Test func directoryAsScriptIsAClearError() throws {
        let r = try SummitProcess.run(["--no-init", "/tmp"])
        #expect(r.status == 1)
        #expect(r.err.contains("is a directory"))
    }
}
