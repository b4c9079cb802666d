import Foundation
import Testing

/// The language through the built binary: exit statuses, `--check`, and what stderr shows.
@Suite("language on the command line")
struct LanguageCLITests {
    @Test func failingAssertionExitsOneWithItsLocation() throws {
        let dir = SummitProcess.tempDir()
        let path = dir + "/checks.summit"
        try SummitProcess.write("let n = list summit | count\necho before\nassert $n == 4 \"four summits\"\necho after\n", to: path)
        let r = try SummitProcess.run(["--no-init", path])
        #expect(r.status == 1)
        #expect(r.out == "before\n")
        #expect(r.err == """
            \(path):3:8: assertion failed: four summits: $n == 4 (left: 3, right: 4)
             3 | assert $n == 4 "four summits"
               |        ^~~~~~~

            """)
    }

    @Test func passingAssertionsExitZero() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "assert $(list summit | count) >= 3 \"summits\"", "-c", "echo ok"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "ok\n")
    }

    @Test func parseErrorShowsTheLineAndACaret() throws {
        let r = try SummitProcess.run(["--no-init"], stdin: "list funding | where amount>10bn\n")
        #expect(r.status == 1)
        #expect(r.err == "<stdin>:1:22: error: put spaces around the operator: amount > 10bn\n 1 | list funding | where amount>10bn\n   |                      ^~~~~~~~~~~\n")
    }

    @Test func currencyWarningGoesToStderr() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "funding list | where amount > 10bn EUR | count"])
        #expect(r.status == 0)
        #expect(Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) != nil)
        #expect(r.err.hasPrefix("<command-line 1>:1:16: warning: where: "))
    }

    @Test func checkIsQuietWhenClean() throws {
        let dir = SummitProcess.tempDir()
        let path = dir + "/ok.summit"
        try SummitProcess.write("def top n=3 { funding list | sort amount desc | first $n }\ntop 2\nexit 5\n", to: path)
        let r = try SummitProcess.run(["--check", path])
        #expect(r.status == 0)
        #expect(r.out.isEmpty && r.err.isEmpty)
    }

    @Test func checkReportsTheFirstProblemAndRunsNothing() throws {
        let dir = SummitProcess.tempDir()
        let good = dir + "/good.summit", bad = dir + "/bad.summit"
        try SummitProcess.write("echo should-not-run\n", to: good)
        try SummitProcess.write("echo should-not-run\nfunding list --summti paris-2025\nshwo x\n", to: bad)
        let r = try SummitProcess.run(["--check", good, bad])
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("\(bad):2:14: error: funding list has no option '--summti'; did you mean '--summit'?\n 2 | funding list --summti paris-2025\n"))
        #expect(!r.err.contains("shwo"), "only the first problem")
    }

    @Test func checkNeedsFiles() throws {
        let r = try SummitProcess.run(["--check"])
        #expect(r.status != 0)
        #expect(r.err.contains("--check needs script files"))
    }

    @Test func definitionsAppearInHelp() throws {
        let r = try SummitProcess.run(["--no-init", "-c", "def hello who \"Say hello\" { echo \"hello $who\" }", "-c", "hello world", "-c", "help"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("hello world\n"))
        #expect(r.out.contains("  defined with def\n    hello"))
    }

    @Test func hugeLinesFailFast() throws {
        // A 4 MB line of nested parentheses and one of words: a clear error or a result, quickly.
        let parens = "list summit | where " + String(repeating: "(", count: 2_000_000)
        let r = try SummitProcess.run(["--no-init"], stdin: parens, timeout: 30)
        #expect(r.status == 1)
        #expect(r.err.contains("parentheses nested more than 256 deep"))
        let words = "echo" + String(repeating: " w", count: 200_000)
        let w = try SummitProcess.run(["--no-init"], stdin: words, timeout: 30)
        #expect(w.status == 0)
        #expect(w.out.count == 400_000)
    }
}
