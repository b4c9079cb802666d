import ArgumentParser
import Testing
@testable import summit

/// The start-up fast path must read a command line exactly as swift-argument-parser does,
/// and hand everything it does not know to it.
@Suite("command-line fast path")
struct QuickArgumentsTests {
    static let agreed: [[String]] = [
        [],
        ["-c", "help"],
        ["-c", "show paris-2025", "-c", "funding list"],
        ["--no-init", "--format", "json", "-c", "export"],
        ["--no-color", "--keep-going", "a.summit", "b.summit"],
        ["report.summit", "--no-init"],
        ["--", "--odd-name.summit"],
        ["--format", "csv", "x.summit"],
    ]

    @Test(arguments: agreed)
    func agreesWithArgumentParser(_ argv: [String]) throws {
        let quick = try #require(QuickArguments.parse(argv[...]), "fast path should take \(argv)")
        let full = try #require(try SummitMain.parseAsRoot(argv) as? SummitMain)
        #expect(quick == full.options)
    }

    @Test(arguments: [["--help"], ["--version"], ["-c"], ["--format"], ["--format", "yaml"], ["--bogus"], ["-x"], ["--format=json"], ["-c", "--no-init"], ["-"]])
    func leavesTheRestToArgumentParser(_ argv: [String]) {
        #expect(QuickArguments.parse(argv[...]) == nil)
    }
}
