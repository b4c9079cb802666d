import Foundation
import Testing
@testable import SummitKit

@Suite("summit --check")
struct LanguageCheckerTests {
    func check(_ script: String, file: String = "c.summit", directory: String = ".") throws -> String? {
        let s = try LanguageFixture.session()
        var checker = ScriptChecker(context: s.context)
        return checker.check(script: script, file: file, directory: directory)?.description
    }

    @Test func cleanScriptsPass() throws {
        #expect(try check("""
            # a report
            let pledges = list funding | where amount.currency == EUR
            def top n=3 "Largest" { $pledges | sort amount desc | first $n }
            top 2
            for s in list summit { echo "$s.name" }
            if $(list summit | count) > 1 { show paris-2025 --format json } else { help show }
            assert $pledges.id contains investai "InvestAI is there"
            find -- --literal
            exit 0
            """) == nil)
    }

    @Test func nothingRuns() throws {
        let s = try LanguageFixture.session()
        var checker = ScriptChecker(context: s.context)
        #expect(checker.check(script: "def made { echo 1 }\nexit 3", file: "c.summit") == nil)
        #expect(s.context.commands["made"] == nil, "a def is not registered by a check")
    }

    @Test func reportsTheFirstProblemWithItsPosition() throws {
        #expect(try check("help\nfind x --kidn summit") == "c.summit:2:8: error: find has no option '--kidn'; did you mean '--kind'?")
        #expect(try check("shwo x") == "c.summit:1:1: error: unknown command 'shwo'; did you mean 'show'?")
        #expect(try check("list x | wher y") == "c.summit:1:10: error: unknown pipeline stage 'wher'; did you mean 'where'?")
        #expect(try check("echo $nope") == "c.summit:1:6: error: undefined variable '$nope'; set it first with: let nope = ...")
        #expect(try check("let total = 1\necho $totl") == "c.summit:2:6: error: undefined variable '$totl'; did you mean '$total'?")
        #expect(try check("find x --kind") == "c.summit:1:8: error: option '--kind' needs a value (KIND); usage: find TEXT... [--kind KIND] [--limit N]")
        #expect(try check("list --format yaml") == "c.summit:1:15: error: unknown format 'yaml'; use table, json, csv or markdown")
        #expect(try check("list --format") == "c.summit:1:6: error: --format needs a value: table, json, csv or markdown")
        #expect(try check("exit 300") == "c.summit:1:6: error: exit status must be a number from 0 to 255, not '300'")
        #expect(try check("exit 1 2") == "c.summit:1:8: error: quit takes at most one argument, the exit status".replacingOccurrences(of: "quit", with: "exit"))
        #expect(try check("source") == "c.summit:1:1: error: usage: source FILE (one file; quote paths with spaces)")
        #expect(try check("def show { }") == "c.summit:1:5: error: 'show' is already a command (built in); choose another name for your def")
        #expect(try check("def f { }\nf --x") == "c.summit:2:3: error: f has no option '--x'; it takes no options")
        #expect(try check("let x = 1\nlet y = $(list summit --bad)") == "c.summit:2:23: error: list has no option '--bad'; it takes no options")
    }

    @Test func flagWithAValue() throws {
        let s = try LanguageFixture.session()
        s.context.register(Flagged(), owner: "test")
        var checker = ScriptChecker(context: s.context)
        #expect(checker.check(script: "flagged --quiet=yes", file: "c.summit")?.description == "c.summit:1:9: error: flag '--quiet' takes no value")
        #expect(checker.check(script: "flagged --quiet", file: "c.summit") == nil)
    }

    @Test func aDefCountsOnlyAfterItIsDefined() throws {
        #expect(try check("greet\ndef greet { echo hi }") == "c.summit:1:1: error: unknown command 'greet'; type `help` to list commands")
        #expect(try check("def greet { echo hi }\ngreet") == nil)
    }

    @Test func parametersAreVisibleInTheirDefOnly() throws {
        #expect(try check("def f who { echo $who }") == nil)
        #expect(try check("def f who { echo $who }\necho $who") == "c.summit:2:6: error: undefined variable '$who'; set it first with: let who = ...")
    }

    @Test func variablesSetAnywhereCount() throws {
        #expect(try check("def f { echo $later }\nlet later = 1\nf") == nil)
        #expect(try check("for x in [1] { echo $x }\necho $x") == nil)
    }

    @Test func unknownSubcommand() throws {
        let s = try LanguageFixture.session()
        s.context.register(EchoCommand.Named(name: "pack list"), owner: "pack")
        var checker = ScriptChecker(context: s.context)
        #expect(checker.check(script: "pack lsit", file: "c.summit")?.description == "c.summit:1:6: error: 'pack' has no subcommand 'lsit'; did you mean 'pack list'?")
        #expect(checker.check(script: "pack", file: "c.summit") == nil)
        #expect(checker.check(script: "def pack { }", file: "c.summit")?.description == "c.summit:1:5: error: 'pack' is a command group; choose another name for your def")
    }

    @Test func syntaxErrorsComeWithTheSourceLine() throws {
        let s = try LanguageFixture.session()
        var checker = ScriptChecker(context: s.context)
        let problem = checker.check(script: "echo ok\nfor x in [1] {", file: "c.summit")
        let d = try #require(problem)
        #expect(d.rendered == "c.summit:2:14: error: '{' opened at line 2, column 14 is never closed; add '}'\n 2 | for x in [1] {\n   |              ^\n")
    }

    @Test func sourcedFilesAreCheckedAndTheirDefsCount() throws {
        let dir = NSTemporaryDirectory() + "summit-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/lib", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "def helper { echo hi }\nlet shared = 1\n".write(toFile: dir + "/lib/defs.summit", atomically: true, encoding: .utf8)
        try "source lib/defs.summit\nhelper\necho $shared\n".write(toFile: dir + "/main.summit", atomically: true, encoding: .utf8)
        try "shwo x\n".write(toFile: dir + "/lib/bad.summit", atomically: true, encoding: .utf8)
        try "source lib/bad.summit\n".write(toFile: dir + "/uses-bad.summit", atomically: true, encoding: .utf8)
        try "source b.summit\n".write(toFile: dir + "/a.summit", atomically: true, encoding: .utf8)
        try "source a.summit\n".write(toFile: dir + "/b.summit", atomically: true, encoding: .utf8)
        let s = try LanguageFixture.session()
        var checker = ScriptChecker(context: s.context)
        #expect(checker.check(file: dir + "/main.summit") == nil)
        var c2 = ScriptChecker(context: s.context)
        #expect(c2.check(file: dir + "/uses-bad.summit")?.description == "\(dir)/lib/bad.summit:1:1: error: unknown command 'shwo'; did you mean 'show'?")
        var c3 = ScriptChecker(context: s.context)
        #expect(c3.check(file: dir + "/a.summit")?.description.hasSuffix("error: source cycle: a.summit -> b.summit -> a.summit; remove one of these `source` lines") == true)
        var c4 = ScriptChecker(context: s.context)
        #expect(c4.check(script: "source missing.summit", file: dir + "/x.summit", directory: dir)?.description
                == "\(dir)/x.summit:1:8: error: cannot source 'missing.summit': no such file (paths are relative to the including script)")
        var c5 = ScriptChecker(context: s.context)
        #expect(c5.check(file: dir + "/nothing.summit")?.description.contains("cannot open") == true)
    }

    struct Flagged: Command {
        let name = "flagged"
        let summary = "test"
        var options: [OptionSpec] { [.flag("quiet", help: "no output")] }
        func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
    }
}

@Suite("Caret")
struct CaretTests {
    @Test func sourceLines() {
        let text = "first\r\nsecond\n\nfourth"
        #expect(Caret.line(1, of: text) == "first")
        #expect(Caret.line(2, of: text) == "second")
        #expect(Caret.line(3, of: text) == "")
        #expect(Caret.line(4, of: text) == "fourth")
        #expect(Caret.line(5, of: text) == nil)
        #expect(Caret.line(0, of: text) == nil)
        #expect(Caret.line(1, of: "\u{FEFF}bom") == "bom")
    }

    @Test func caretUnderTheColumn() {
        #expect(Caret.render("show  nowhere", line: 4, column: 7, length: 7) == " 4 | show  nowhere\n   |       ^~~~~~~\n")
        #expect(Caret.render("\tx", line: 12, column: 2) == " 12 |  x\n    |  ^\n", "a tab shows as one space")
        #expect(Caret.render("é x", line: 1, column: 3) == " 1 | é x\n   |   ^\n")
        #expect(Caret.render("中 x", line: 1, column: 3) == " 1 | 中 x\n   |    ^\n", "wide characters take two columns")
    }

    @Test func longLinesAreCutAroundTheColumn() {
        let line = String(repeating: "a", count: 5000) + "X" + String(repeating: "b", count: 5000)
        let out = Caret.render(line, line: 1, column: 5001)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].count < 120)
        let x = lines[0].firstIndex(of: "X")!
        let caret = lines[1].firstIndex(of: "^")!
        #expect(lines[0].distance(from: lines[0].startIndex, to: x) == lines[1].distance(from: lines[1].startIndex, to: caret))
    }

    @Test func diagnosticRendering() {
        var d = Diagnostic(file: "f.summit", line: 1, column: 1, message: "boom")
        #expect(d.rendered == "f.summit:1:1: error: boom\n")
        d.sourceLine = "x"
        d.notes = ["in 'f', called at g.summit:2:1"]
        #expect(d.rendered == "f.summit:1:1: error: boom\n 1 | x\n   | ^\nnote: in 'f', called at g.summit:2:1\n")
        #expect(d.description == "f.summit:1:1: error: boom")
    }
}
