import SummitKit
import SummitSeeds
import Testing
@testable import SummitPacks
#if canImport(Glibc)
import Glibc
#endif

/// A temporary plugin directory.
struct PackFixture {
    let path: String
    init() {
        var template = Array("/tmp/summit-pack-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }
    func write(_ name: String, _ text: String, mode: mode_t = 0o644) {
        let full = path + "/" + name
        let dir = FileIO.directory(of: full)
        if !FileIO.isDirectory(dir) { mkdir(dir, 0o755) }
        _ = StandardStream.writeFile(full, text)
        chmod(full, mode)
    }
}

/// Reading a plugin directory: the manifest, the data files in the seeds format, command files
/// and the external program; every problem with file, line and field.
@Suite("plugin directories")
struct PackDirectoryTests {
    static let manifest = "name: tiny\nversion: 0.1.0\ndescription: A tiny pack\nsummits: [tiny-2030]\n"
    static let data = """
        pack: tiny
        sources:
          - id: src-tiny
            title: A tiny source
        entities:
          - id: tiny-2030
            kind: summit
            name: Tiny Summit
            sources: [src-tiny]
            fields:
              dates: 2030-01-01..2030-01-02
            relations:
              host: france
              previous: paris-2025
        """

    @Test func readsAPackAndAttributesItsEntities() throws {
        let p = PackFixture()
        p.write("pack.yaml", Self.manifest)
        p.write("data.yaml", Self.data)
        p.write("commands/tiny.summit", "def tiny { show tiny-2030 }\n")
        let c = PackDirectory.read(p.path)
        #expect(c.problems.map(\.description) == [])
        let m = try #require(c.manifest)
        #expect(m.dataFiles == ["data.yaml"])
        #expect(m.commandFiles == ["commands/tiny.summit"], "every .summit in commands/")
        #expect(c.entities.map(\.id) == ["src-tiny", "tiny-2030"])
        #expect(c.entities.allSatisfy { $0.pack == "tiny" })
        #expect(c.entities[1].location == SourceLocation(file: p.path + "/data.yaml", line: 6, column: 5))
        // The entities link to the built-in ones.
        var reg = try BuiltinSeeds.registry()
        try reg.add(c.entities, extraKinds: m.kinds)
        #expect(reg.entity("tiny-2030")?.related("previous") == ["paris-2025"])
    }

    @Test func problemsCarryFileLineAndField() {
        let p = PackFixture()
        p.write("pack.yaml", "name: tiny\nversion: 1\ndescription: d\nsummits: [tiny-2030, src-tiny]\ncommands: [missing.summit, ../escape.summit, notes.txt]\nexecutable: run.sh\nprovides: [tiny]\n")
        p.write("run.sh", "#!/bin/sh\n", mode: 0o644)
        p.write("data.yaml", "pack: tiny\nsources:\n  - id: src-tiny\n    title: T\nentities:\n  - id: bad\n    kind: funding\n    name: Bad\n    sources: [src-tiny]\n    fields:\n      amount: {amount: 5, currency: euro}\n")
        let c = PackDirectory.read(p.path)
        let problems = c.problems.map(\.description)
        let dir = p.path
        #expect(problems == [
            "\(dir)/data.yaml:11:37: error: field 'amount': 'euro' is not an ISO 4217 currency code; use three capital letters such as EUR, USD, GBP",
            "\(dir)/pack.yaml:5:1: error: field 'commands': no file '\(dir)/missing.summit'",
            "\(dir)/pack.yaml:5:1: error: field 'commands': no file '\(dir)/../escape.summit'",
            "\(dir)/pack.yaml:5:1: error: field 'commands': 'notes.txt' is not a .summit file",
            "\(dir)/pack.yaml:6:1: error: field 'executable': 'run.sh' is not executable; run `chmod +x \(dir)/run.sh`",
            "\(dir)/pack.yaml:4:1: error: field 'summits': 'tiny-2030' is not defined in this pack's data files (or it is in a data file with problems, above)",
            "\(dir)/pack.yaml:4:1: error: field 'summits': 'src-tiny' is not defined in this pack's data files (or it is in a data file with problems, above)",
        ])
    }

    @Test func declaredSummitsMustBeSummitsOfThePack() {
        let p = PackFixture()
        p.write("pack.yaml", "name: tiny\nversion: 1\ndescription: d\nsummits: [src-tiny, paris-2025]\n")
        p.write("data.yaml", Self.data)
        #expect(PackDirectory.read(p.path).problems.map(\.description) == [
            "\(p.path)/pack.yaml:4:1: error: field 'summits': 'src-tiny' is a source, not a summit",
            "\(p.path)/pack.yaml:4:1: error: field 'summits': 'paris-2025' is not defined in this pack's data files; add a summit entity with that id or remove it",
        ])
    }

    @Test func filesMayNotLeaveThePluginDirectory() {
        let p = PackFixture()
        let outside = PackFixture()
        outside.write("evil.sh", "#!/bin/sh\n", mode: 0o755)
        p.write("pack.yaml", "name: x\nversion: 1\ndescription: d\nexecutable: link.sh\nprovides: [x]\n")
        symlink(outside.path + "/evil.sh", p.path + "/link.sh")
        #expect(PackDirectory.read(p.path).problems.map(\.message) == ["field 'executable': 'link.sh' leads outside the plugin directory; keep the plugin's files inside it"])
    }

    @Test func dataAndCommandFilesLinkedFromOutsideAreRefused() {
        let p = PackFixture()
        let outside = PackFixture()
        outside.write("secret.yaml", Self.data)
        outside.write("leak.summit", "def leak { echo leaked }\n")
        p.write("pack.yaml", "name: tiny\nversion: 1\ndescription: d\n")
        symlink(outside.path + "/secret.yaml", p.path + "/data.yaml")
        mkdir(p.path + "/commands", 0o755)
        symlink(outside.path + "/leak.summit", p.path + "/commands/leak.summit")
        let c = PackDirectory.read(p.path)
        #expect(c.problems.map(\.message) == [
            "data file 'data.yaml' leads outside the plugin directory (a symbolic link?); keep the plugin's files inside it",
            "command file 'commands/leak.summit' leads outside the plugin directory (a symbolic link?); keep the plugin's files inside it",
        ])
        #expect(c.entities.isEmpty)
        #expect(c.manifest?.commandFiles == [])
    }

    @Test func aDirectoryWithoutAManifest() {
        let p = PackFixture()
        p.write("manifest.yaml", "name: x\n")
        #expect(PackDirectory.read(p.path).problems.map(\.message) == [
            "no pack.yaml in '\(p.path)'; a plugin directory needs a manifest with name, version and description (docs/PLUGINS.md); rename manifest.yaml to pack.yaml",
        ])
        #expect(PackDirectory.read(p.path + "/nope").problems.first?.message.hasPrefix("no plugin directory") == true)
    }
}

/// The worked example, examples/plugins/india-2026: it reads cleanly, links to the built-in
/// data, and holds the research fact sheet's facts about the AI Impact Summit.
@Suite("India 2026 example pack")
struct IndiaPackTests {
    static var dir: String { SeedsTests.root + "/examples/plugins/india-2026" }

    func registry() throws -> (Registry, PackManifest) {
        let c = PackDirectory.read(Self.dir)
        #expect(c.problems.map(\.description) == [])
        let m = try #require(c.manifest)
        var reg = try BuiltinSeeds.registry()
        try reg.add(c.entities, extraKinds: m.kinds)
        return (reg, m)
    }

    @Test func manifest() throws {
        let (_, m) = try registry()
        #expect(m.name == "india-2026")
        #expect(m.summits == ["new-delhi-2026"])
        #expect(m.kinds.map(\.name) == ["planned-summit"])
        #expect(m.commandFiles == ["commands/india.summit"])
    }

    @Test func theSummit() throws {
        let (reg, _) = try registry()
        let s = try #require(reg.entity("new-delhi-2026"))
        #expect(s.kind == "summit")
        #expect(s[field: "dates"] == .dateRange(DateRange(start: ISODate(year: 2026, month: 2, day: 16), end: ISODate(year: 2026, month: 2, day: 20))))
        #expect(s[field: "expo_until"] == .date(ISODate(year: 2026, month: 2, day: 21)))
        #expect(s[field: "theme"] == .text("Sarvajan Hitaya, Sarvajan Sukhaya"))
        #expect(s[field: "sutras"] == .list([.text("People"), .text("Planet"), .text("Progress")]))
        #expect(s.related("host") == ["india"])
        #expect(s.related("previous") == ["paris-2025"])
        #expect(s.related("organiser") == ["meity"])
        #expect(reg.entity("bharat-mandapam")?[field: "location"] == .text("Pragati Maidan"))
        let chakras = reg.entities(ofKind: "track").filter { $0.related("summit") == ["new-delhi-2026"] }
        #expect(chakras.map(\.name) == ["Human Capital", "Inclusion for Social Empowerment", "Safe & Trusted AI", "Science",
                                        "Resilience, Innovation & Efficiency", "Democratising AI Resources", "AI for Economic Development & Social Good"])
    }

    @Test func theDeclarationKeepsBothCountsAndBothDates() throws {
        let (reg, _) = try registry()
        let d = try #require(reg.entity("new-delhi-declaration"))
        #expect(d.field("signatory_count")?.claims.map(\.value) == [.number(88), .number(86)])
        #expect(d.field("signatory_count")?.isContested == true)
        #expect(d.field("date")?.claims.map(\.value) == [.date(ISODate(year: 2026, month: 2, day: 21)), .date(ISODate(year: 2026, month: 2, day: 20))])
        #expect(d.related("signatories") == ["united-states", "china", "russia", "united-kingdom", "france", "germany", "european-union"])
    }

    @Test func theMoneyAndWhatComesNext() throws {
        let (reg, _) = try registry()
        let f = try #require(reg.entity("funding-india-ai-infrastructure"))
        #expect(f[field: "amount"] == .money(Money(amount: 250_000_000_000, currency: "USD", qualifier: .moreThan)))
        #expect(f.related("summit") == ["new-delhi-2026"])
        #expect(reg.entity("geneva-2027")?[field: "date"] == .date(ISODate(year: 2027)))
        #expect(reg.entity("uae-2028")?.related("host") == ["united-arab-emirates"])
    }

    @Test func everyEntityIsCitedAndEverySourceUsed() throws {
        let c = PackDirectory.read(Self.dir)
        var cited = Set<String>()
        for e in c.entities {
            if e.kind != "source" { #expect(!e.sources.isEmpty, "\(e.id) cites no source") }
            cited.formUnion(e.sources)
            for f in e.fields { for cl in f.claims { cited.formUnion(cl.sources) } }
        }
        for s in c.entities where s.kind == "source" { #expect(cited.contains(s.id), "\(s.id) is never cited") }
    }
}
