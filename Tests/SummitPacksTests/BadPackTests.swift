#if canImport(Glibc)
import Glibc
#endif
import SummitKit
import SummitPacks
import Testing

/// Hand-edited and hostile packs: every one is refused with a clear message naming the file and
/// line, in bounded time and memory, and nothing crashes. (The time limits are hang guards only.)
@Suite("bad packs", .timeLimit(.minutes(1)))
struct BadPackTests {
    /// The problems reading `yaml` as a pack, or [] when it reads cleanly.
    func problems(_ yaml: String, file: String = "bad.yaml") -> [RegistryError] {
        do {
            _ = try PackLoader.parse(yaml: yaml, file: file)
            return []
        } catch {
            return error.errors
        }
    }

    func messages(_ yaml: String) -> String { problems(yaml).map(\.description).joined(separator: "\n") }

    static let header = "pack: bad\nsources:\n  - {id: src, title: A source}\nentities:\n"

    static func entity(_ id: String, fields: String = "") -> String {
        "  - id: \(id)\n    kind: event\n    name: Event \(id)\n    sources: [src]\n" + (fields.isEmpty ? "" : "    fields:\n" + fields)
    }

    // MARK: - Typos

    @Test func aMisspeltEntityKeyGetsASuggestion() {
        let yaml = Self.header + "  - id: e1\n    kind: event\n    name: E\n    source: [src]\n    feilds: {date: 2025-02-10}\n"
        let m = messages(yaml)
        #expect(m.contains("bad.yaml:8:5: error: unknown key 'source' in an entity; did you mean 'sources'?"), "\(m)")
        #expect(m.contains("bad.yaml:9:5: error: unknown key 'feilds' in an entity; did you mean 'fields'?"), "\(m)")
        let other = messages(Self.header + "  - id: e2\n    kind: event\n    name: E\n    sources: [src]\n    headline: text\n")
        #expect(other.contains("unknown key 'headline' in an entity; put facts under `fields:` and links under `relations:`"), "\(other)")
    }

    // MARK: - YAML aliases, nesting, size

    /// The "billion laughs": nine levels of nine aliases stand for 9^9 values in a few hundred
    /// bytes. Refused at the first alias, before any tree is built.
    @Test func aliasBombIsRefusedAtTheFirstAlias() {
        var yaml = Self.header + Self.entity("lol", fields: "      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for i in 1..<names.count {
            yaml += "      \(names[i]): &\(names[i]) [" + Array(repeating: "*" + names[i - 1], count: 9).joined(separator: ", ") + "]\n"
        }
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p.first?.description == "bad.yaml:11:14: error: YAML aliases (*a) are not allowed in packs; write the value out in full")
    }

    /// An alias used as a mapping key would be hashed (expanded) while the tree is built.
    @Test func aliasAsAKeyIsRefusedBeforeTheTreeIsBuilt() {
        var yaml = "pack: bomb\na: &a [x, x, x, x, x, x, x, x]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        for i in 1..<names.count {
            yaml += "\(names[i]): &\(names[i]) [" + Array(repeating: "*" + names[i - 1], count: 8).joined(separator: ", ") + "]\n"
        }
        yaml += "? *j\n: 1\n"
        #expect(messages(yaml).contains("YAML aliases (*a) are not allowed in packs"))
    }

    @Test func anySingleAliasIsRefused() {
        let yaml = "pack: alias\nsources:\n  - &s {id: src, title: T}\nentities:\n" + Self.entity("x", fields: "      copy: *s\n")
        #expect(messages(yaml) == "bad.yaml:10:13: error: YAML aliases (*s) are not allowed in packs; write the value out in full")
        // A merge key is an alias too.
        let merge = "pack: m\nbase: &b {kind: event}\nentities:\n  - <<: *b\n    id: y\n"
        #expect(messages(merge).contains("YAML aliases (*b) are not allowed"))
    }

    @Test func hundredThousandDeepFlowNestingIsRefused() {
        let yaml = Self.header + "  - " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p.first?.description.contains("nested too deep") == true, "\(p)")
        let objects = Self.header + "  - " + String(repeating: "{a: ", count: 100_000) + String(repeating: "}", count: 100_000) + "\n"
        #expect(messages(objects).contains("nested more than \(PackLoader.maxDepth) deep"))
    }

    @Test func deepBlockNestingIsRefusedWithTheLimit() {
        var yaml = Self.header
        for depth in 1...200 { yaml += String(repeating: "  ", count: depth) + "- \n" }
        let m = messages(yaml)
        #expect(m.contains("lists and mappings are nested more than \(PackLoader.maxDepth) deep"), "\(m)")
        // Ten levels of records inside a field are fine.
        var nested = "x"
        for i in 0..<10 { nested = "{k\(i): \(nested)}" }
        let ok = problems(Self.header + Self.entity("deep", fields: "      deep: \(nested)\n"))
        #expect(ok.isEmpty, "\(ok)")
    }

    @Test func tooManyValuesAreRefusedWithoutBuildingATree() {
        // 1.2 million list elements: over the limit, refused while streaming.
        let yaml = Self.header + Self.entity("big", fields: "      many: [" + String(repeating: "1,", count: 1_200_000) + "1]\n")
        #expect(messages(yaml).contains("the file has more than \(PackLoader.maxNodes) values; split it into several packs"))
    }

    @Test func aFileOverTheSizeLimitIsRefused() {
        let yaml = "pack: big\n#" + String(repeating: "x", count: PackLoader.maxBytes) + "\n"
        #expect(messages(yaml) == "bad.yaml:1:1: error: the file is larger than \(PackLoader.maxBytes >> 20) MB; split it into several packs")
    }

    // MARK: - Duplicate ids

    /// A million entities with one id: the pack is refused (too many values for one file) at
    /// once, without reading it all.
    @Test func aMillionDuplicateIdsInOneFileAreRefusedQuickly() {
        var yaml = Self.header
        yaml.reserveCapacity(60 << 20)
        for _ in 0..<1_000_000 { yaml += "  - {id: same, kind: person, name: Same, sources: [src]}\n" }
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p.first?.description.contains("more than \(PackLoader.maxNodes) values") == true)
    }

    /// Within the limits, every duplicate is a problem, but the report lists the first 100 and
    /// counts the rest.
    @Test func duplicateIdsReportIsCapped() throws {
        var yaml = Self.header
        for _ in 0..<5_000 { yaml += "  - {id: same, kind: person, name: Same, sources: [src]}\n" }
        let file = try PackLoader.parse(yaml: yaml, file: "dups.yaml")
        #expect(file.entities.count == 5_001)
        do {
            _ = try Registry(entities: file.entities)
            Issue.record("duplicate ids were accepted")
        } catch {
            #expect(error.errors.count == RegistryErrors.reportLimit + 1)
            #expect(error.errors[0].description == "dups.yaml:6:5: error: duplicate id 'same' (first defined at dups.yaml:5:5); give one of them another id")
            #expect(error.errors.last?.description == "error: ... and 4899 more problems not shown; fix these first")
        }
    }

    /// The registry itself, given a million entities with one id (as a plugin's pack could).
    @Test func aMillionDuplicateEntitiesInTheRegistryGiveACappedReport() {
        let e = Entity(id: "same", kind: "source", name: "Same", pack: "p", location: SourceLocation(file: "p.yaml", line: 3))
        let many = [Entity](repeating: e, count: 1_000_000)
        do {
            _ = try Registry(entities: many)
            Issue.record("duplicate ids were accepted")
        } catch {
            #expect(error.errors.count == RegistryErrors.reportLimit + 1)
            let last = error.errors.last?.description ?? ""
            #expect(last.hasPrefix("error: ... and 9999") && last.hasSuffix(" more problems not shown; fix these first"), "\(last)")
            #expect(error.description.split(separator: "\n").count == RegistryErrors.reportLimit + 1)
        }
    }

    @Test func manyBrokenEntitiesGiveACappedReport() {
        var yaml = Self.header
        for i in 0..<1_000 { yaml += "  - {id: 'Bad Id \(i)', kind: person, name: X, sources: [src]}\n" }
        let p = problems(yaml)
        #expect(p.count == RegistryErrors.reportLimit + 1)
        #expect(p.last?.description == "error: ... and 900 more problems not shown; fix these first")
    }

    // MARK: - Values

    @Test func impossibleDatesAreErrorsWithTheirLine() {
        let yaml = Self.header + Self.entity("d", fields: """
              date: 2025-02-30
              leap: 2024-02-29
              century: 2100-02-29
              month: 2025-13
              backwards: 2025-02-11..2025-02-10
              typed: {date: 2025-04-31}

        """)
        let m = messages(yaml)
        #expect(m.contains("bad.yaml:10:13: error: field 'date': '2025-02-30' is not a real date; write an ISO date like 2025-02-10"))
        #expect(!m.contains("'leap'"), "2024-02-29 is a real date")
        #expect(m.contains("bad.yaml:12:16: error: field 'century': '2100-02-29' is not a real date"))
        #expect(m.contains("bad.yaml:13:14: error: field 'month': '2025-13' is not a real date"))
        #expect(m.contains("bad.yaml:14:18: error: field 'backwards': '2025-02-11..2025-02-10' is not a valid date range; write START..END with ISO dates, END not before START"))
        #expect(m.contains("field 'typed': '2025-04-31' is not an ISO date"))
        #expect(ISODate("2025-02-30") == nil && ISODate("2025-02-28") != nil && ISODate("2024-02-29") != nil)
    }

    @Test func amountsWithoutACurrencyAreErrors() {
        let yaml = Self.header + Self.entity("m", fields: """
              amount: {amount: 200bn}
              lower: {amount: 5, currency: eur}
              words: {amount: lots, currency: EUR}
              bare: {currency: EUR}

        """)
        let m = messages(yaml)
        #expect(m.contains("bad.yaml:10:15: error: field 'amount': the amount has no currency; add `currency:` with an ISO 4217 code such as EUR or USD"))
        #expect(m.contains("field 'lower': 'eur' is not an ISO 4217 currency code; use three capital letters such as EUR, USD, GBP"))
        #expect(m.contains("field 'words': `amount` must be a number"))
        #expect(m.contains("field 'bare': money needs an `amount:`"))
        // An amount with no currency typed by a person is not money either.
        #expect(ValueParser.money("200bn") == nil && ValueParser.money("200bn EUR") != nil)
    }

    // MARK: - Malformed YAML

    @Test func duplicateKeysGiveAShortMessageNotTheWholeFile() {
        let filler = String(repeating: "# filler line\n", count: 10_000)
        let m = messages("pack: one\npack: two\nentities: []\n" + filler)
        #expect(m == "bad.yaml:1:1: error: YAML: a mapping has the key 'pack' more than once; each key may appear once; check indentation and quoting")
    }

    @Test func syntaxErrorsHaveALineAndColumn() {
        #expect(messages("pack: x\nentities:\n\t- id: x\n").hasPrefix("bad.yaml:3:1: error: YAML syntax: found character that cannot start any token"))
        #expect(messages("pack: [unclosed\n").hasPrefix("bad.yaml:2:1: error: YAML syntax:"))
        #expect(messages("---\npack: a\n---\npack: b\n").contains("but found another document"))
        #expect(messages("") == "bad.yaml:1:1: error: empty pack file; it needs `pack:` and `entities:`")
        #expect(messages("just text\n").contains("a pack file is a mapping"))
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let file = try PackLoader.parse(yaml: "\u{FEFF}pack: bom\nentities: []\n", file: "bom.yaml")
        #expect(file.pack == "bom")
    }

    // MARK: - Files

    @Test func directoriesBinaryAndInvalidUTF8FilesInAPackDirectoryAreErrors() throws {
        let dir = Self.temporaryDirectory()
        defer { _ = system("rm -rf '\(dir)'") }
        #expect(mkdir(dir + "/folder.yaml", 0o755) == 0)
        Self.write(dir + "/binary.yaml", [0x70, 0x61, 0x63, 0x6B, 0x3A, 0x20, 0x00, 0x01, 0x0A])
        Self.write(dir + "/latin1.yaml", Array("pack: caf".utf8) + [0xE9, 0x0A])
        Self.write(dir + "/good.yaml", Array("pack: good\nentities: []\n".utf8))
        do {
            _ = try PackLoader.loadDirectory(dir)
            Issue.record("a broken pack directory loaded")
        } catch {
            let m = error.description
            #expect(m.contains("binary.yaml' looks like a binary file (NUL byte on line 1); give a text file"), "\(m)")
            #expect(m.contains("folder.yaml' is a directory, not a file"), "\(m)")
            #expect(m.contains("latin1.yaml' is not valid UTF-8 (line 1); save it as UTF-8"), "\(m)")
            #expect(!m.contains("good.yaml"))
        }
    }

    @Test func manyBrokenFilesGiveACappedReport() throws {
        let dir = Self.temporaryDirectory()
        defer { _ = system("rm -rf '\(dir)'") }
        for i in 0..<150 { Self.write(dir + "/p\(i).yaml", Array("pack: [\n".utf8)) }
        do {
            _ = try PackLoader.loadDirectory(dir)
            Issue.record("broken packs loaded")
        } catch {
            #expect(error.errors.count == RegistryErrors.reportLimit + 1)
            #expect(error.errors.last?.description == "error: ... and 50 more problems not shown; fix these first")
        }
    }

    // MARK: - Helpers

    static func temporaryDirectory() -> String {
        var template = Array("/tmp/summit-badpack-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: made!)
    }

    static func write(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
