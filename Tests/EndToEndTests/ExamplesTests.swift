import Foundation
import Testing

/// Runs every `examples/*.summit` script as a user would and compares its output with
/// `examples/expected/NAME.out`. After an intended change of output, regenerate them with
///     SUMMIT_UPDATE_EXPECTED=1 swift test --filter ExamplesTests
/// and review the diff.
@Suite("examples")
struct ExamplesTests {
    static var examplesDirectory: String { SummitProcess.repoRoot + "/examples" }

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory)) ?? [])
            .filter { $0.hasSuffix(".summit") }.sorted()
    }

    @Test func thereAreExamples() {
        #expect(Self.scripts.count >= 6)
    }

    @Test(arguments: scripts)
    func exampleOutputMatches(_ name: String) throws {
        let path = Self.examplesDirectory + "/" + name
        let env = SummitProcess.isolatedEnvironment(["COLUMNS": "100"])
        let r = try SummitProcess.run(["--no-init", "--no-color", path], environment: env)
        #expect(r.status == 0, "\(name) failed: \(r.err)")
        let expectedPath = Self.examplesDirectory + "/expected/" + name.replacingOccurrences(of: ".summit", with: ".out")
        if ProcessInfo.processInfo.environment["SUMMIT_UPDATE_EXPECTED"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.examplesDirectory + "/expected", withIntermediateDirectories: true)
            try SummitProcess.write(r.out, to: expectedPath)
            return
        }
        let expected = try #require(try? String(contentsOfFile: expectedPath, encoding: .utf8),
                                    "no \(expectedPath); create it with SUMMIT_UPDATE_EXPECTED=1 swift test --filter ExamplesTests")
        if r.out != expected {
            let got = r.out.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
            let i = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(name): output differs from expected/\(name.replacingOccurrences(of: ".summit", with: ".out")) at line \(i + 1):
                  expected: \(i < want.count ? want[i] : "(end)")
                  got:      \(i < got.count ? got[i] : "(end)")
                If the change is intended: SUMMIT_UPDATE_EXPECTED=1 swift test --filter ExamplesTests
                """)
        }
    }

    /// Every ```summit block of docs/LANGUAGE.md passes `--check` and runs without an error.
    @Test func languageGuideExamplesRun() throws {
        let guide = try String(contentsOfFile: SummitProcess.repoRoot + "/docs/LANGUAGE.md", encoding: .utf8)
        let blocks = guide.components(separatedBy: "```summit\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 4)
        let dir = SummitProcess.tempDir()
        for (i, block) in blocks.enumerated() {
            let path = dir + "/guide-\(i + 1).summit"
            try SummitProcess.write(block, to: path)
            let check = try SummitProcess.run(["--check", path])
            #expect(check.status == 0, "block \(i + 1): \(check.err)")
            let run = try SummitProcess.run(["--no-init", path])
            #expect(run.status == 0, "block \(i + 1): \(run.err)")
        }
    }

    @Test func everyExamplePassesTheCheck() throws {
        let paths = Self.scripts.map { Self.examplesDirectory + "/" + $0 }
        let r = try SummitProcess.run(["--check"] + paths)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        #expect(r.err.isEmpty)
    }
}
