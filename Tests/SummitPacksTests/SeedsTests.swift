import SummitKit
import SummitPacks
import SummitSeeds
import Testing

/// The seeds: every pack loads cleanly, the compiled form matches seeds/, every entity is cited.
@Suite("seeds")
struct SeedsTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
    static var seedsDir: String { root + "/seeds" }

    @Test func everyPackLoadsWithoutErrors() throws {
        do {
            let reg = try PackLoader.registry(directory: Self.seedsDir)
            #expect(reg.count > 200)
        } catch {
            Issue.record("seeds have errors:\n\(error.description)")
        }
    }

    @Test func compiledSeedsMatchTheYAML() throws {
        let files = try PackLoader.loadDirectory(Self.seedsDir)
        let fromYAML = files.flatMap(\.entities)
        let compiled = BuiltinSeeds.entities
        #expect(compiled.count == fromYAML.count)
        // Locations are repo-relative in the compiled form; compare everything else.
        func normal(_ e: Entity) -> Entity { var e = e; e.location = e.location.map { SourceLocation(file: String($0.file.split(separator: "/").last!), line: $0.line, column: $0.column) }; return e }
        let a = compiled.map(normal), b = fromYAML.map(normal)
        let firstDifference = zip(a, b).first { $0 != $1 }.map { "\($0.0.id) vs \($0.1.id)" }
        #expect(firstDifference == nil, "compiled seeds differ from seeds/ at \(firstDifference ?? ""): run `swift run seedc`")
        let code = SeedCodeGenerator.generate(try PackLoader.loadDirectory("seeds", relativeTo: Self.root))
        let committed = try FileIO.readText(Self.root + "/Sources/SummitSeeds/SeedData.swift")
        let upToDate = code == committed
        #expect(upToDate, "Sources/SummitSeeds/SeedData.swift is stale: run `swift run seedc`")
    }

    @Test func everyEntityHasASourceAndEverySourceIsCited() throws {
        let reg = try BuiltinSeeds.registry()
        var cited = Set<String>()
        for e in reg.entities {
            if e.kind != "source" { #expect(!e.sources.isEmpty, "\(e.id) cites no source") }
            cited.formUnion(e.sources)
            for f in e.fields { for c in f.claims { cited.formUnion(c.sources) } }
        }
        for s in reg.entities(ofKind: "source") {
            #expect(cited.contains(s.id), "source \(s.id) is never cited")
            #expect(!s[field: "title"].display.isEmpty, "source \(s.id) has no title")
        }
    }

    @Test func everyKindFromTheIssueIsPresent() throws {
        let reg = try BuiltinSeeds.registry()
        for kind in ["summit", "event", "person", "organisation", "country", "venue", "initiative", "funding", "track", "group", "declaration", "stance", "partnership", "source"] {
            #expect(!reg.entities(ofKind: kind).isEmpty, "no \(kind) in the seeds")
        }
        #expect(reg.entities(ofKind: "summit").map(\.id).sorted() == ["bletchley-2023", "paris-2025", "seoul-2024"])
        #expect(reg.entities(ofKind: "track").count == 5)
        #expect(!reg.entities.contains { TextFold.fold($0.name).contains("new delhi") && $0.kind == "summit" }, "New Delhi belongs to the example plugin, not the seeds")
    }
}
