import ArgumentParser
import Testing
@testable import summit

/// `--plugin PATH` reads the same on the start-up fast path as through swift-argument-parser.
@Suite("--plugin on the command line")
struct PluginFlagTests {
    @Test(arguments: [
        ["--plugin", "examples/plugins/india-2026", "-c", "timeline series"],
        ["--plugin", "a", "--plugin", "b", "report.summit"],
        ["--no-init", "--plugin", "~/packs", "--format", "json", "-c", "plugins"],
    ])
    func agreesWithArgumentParser(_ argv: [String]) throws {
        let quick = try #require(QuickArguments.parse(argv[...]), "fast path should take \(argv)")
        let full = try #require(try SummitMain.parseAsRoot(argv) as? SummitMain)
        #expect(quick == full.options)
        #expect(quick.plugins == argv.indices.filter { argv[$0] == "--plugin" }.map { argv[$0 + 1] })
    }

    @Test(arguments: [["--plugin"], ["--plugin", "--no-init"], ["--plugin=x"]])
    func leavesTheRestToArgumentParser(_ argv: [String]) {
        #expect(QuickArguments.parse(argv[...]) == nil)
    }
}
