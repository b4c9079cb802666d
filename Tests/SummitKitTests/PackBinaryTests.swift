import Testing
@testable import SummitKit

/// The compiled pack form (`summit-pack compile`, the pack cache): lossless like the JSON form,
/// and any damage is an error, never a crash.
@Suite("compiled pack form")
struct PackBinaryTests {
    static func sample() -> PackContents {
        let e = Entity(
            id: "new-delhi-2026", kind: "summit", name: "AI Impact Summit", aliases: ["New Delhi 2026"],
            fields: PackWireTests.everyValue.enumerated().map { Field("f\($0.offset)", [Claim($0.element)], line: 10 + $0.offset) }
                + [Field("signatory_count", [Claim(.number(88), sources: ["src-a", "src-b"], note: "88 countries"), Claim(.number(86), sources: ["src-c"])], line: 40)],
            relations: [Relation("host", ["india"], line: 50, column: 9), Relation("previous", ["paris-2025"], line: 51)],
            sources: ["src-a"], pack: "india-2026", location: SourceLocation(file: "p/india.yaml", line: 17, column: 5))
        let plain = Entity(id: "src-a", kind: "source", name: "Ünïcode — source", fields: [Field("url", [Claim(.text("https://example.org"))])], pack: "india-2026")
        let manifest = PackManifest(
            name: "india-2026", version: "1.0.0", description: "d", summits: ["new-delhi-2026"],
            kinds: [KindSchema(name: "planned-summit", required: ["date": ["date"], "host": ["ref", "text"]], summary: "later")],
            commandFiles: ["commands/india.summit"], dataFiles: ["india.yaml"], executable: "run.py", provides: ["cite"], timeout: 2.5, file: "p/pack.yaml")
        let problem = RegistryError(.other("field 'x': bad"), at: SourceLocation(file: "p/india.yaml", line: 3, column: 7))
        return PackContents(directory: "p", manifest: manifest, entities: [e, plain], problems: [problem, RegistryError(.other("no place"))])
    }

    @Test func roundTripsEverything() throws {
        let p = Self.sample()
        let bytes = PackBinary.encode([p, PackContents(directory: "empty", manifest: nil)], header: Array("stamp".utf8))
        #expect(Array(bytes.prefix(8)) == Array("SUMMITPK".utf8))
        let back = try PackBinary.decode(bytes)
        #expect(back.count == 2)
        #expect(back[0].entities == p.entities)
        #expect(back[0].manifest == p.manifest)
        #expect(back[0].directory == "p")
        #expect(back[0].problems.map(\.description) == p.problems.map(\.description))
        #expect(back[1].directory == "empty" && back[1].manifest == nil && back[1].entities.isEmpty)
        #expect(try bytes.withUnsafeBytes { try PackBinary.header($0) } == Array("stamp".utf8))
    }

    /// A pack of several chunks (decoded at once on several cores) reads back whole and in
    /// order; a chunk whose length is wrong is an error.
    @Test func entitiesInSeveralChunksReadBackInOrder() throws {
        let per = PackBinary.entitiesPerChunk
        for n in [per - 1, per, per + 1, 3 * per + 17] {
            var p = PackContents(directory: "d", manifest: nil)
            for i in 0..<n {
                p.entities.append(Entity(id: "e\(i)", kind: "event", name: "Event \(i)", fields: [Field("n", [Claim(.number(Double(i)))], line: i)],
                                         relations: [Relation("summit", ["s\(i % 7)"])], sources: ["src"], pack: "bench"))
            }
            let bytes = PackBinary.encode([p, Self.sample()])
            let back = try PackBinary.decode(bytes)
            #expect(back[0].entities == p.entities, "\(n) entities")
            #expect(back[1].entities == Self.sample().entities)
        }
        // The first chunk said to be a byte longer: it then reads short, which is an error.
        var p = PackContents(directory: "d", manifest: nil)
        p.entities = (0..<(per + 5)).map { Entity(id: "e\($0)", kind: "event", name: "E", pack: "x") }
        var bytes = PackBinary.encode([p])
        var count: [UInt8] = []
        PackBinary.Writer.varint(per + 5, into: &count)
        let marker = count + [2]  // the entity count, then two chunks
        let at = try #require(bytes.indices.first { i in i + marker.count <= bytes.count && Array(bytes[i..<(i + marker.count)]) == marker })
        bytes[at + marker.count] &+= 1
        do {
            _ = try PackBinary.decode(bytes)
            Issue.record("a wrong chunk length was accepted")
        } catch {
            #expect(error.message.contains("chunk"), "\(error.message)")
        }
    }

    @Test func equalStringsAreWrittenOnce() {
        var p = PackContents(directory: "d", manifest: nil)
        for i in 0..<100 {
            p.entities.append(Entity(id: "e\(i)", kind: "event", name: "Event \(i)", relations: [Relation("summit", ["paris-2025-ai-action-summit"])], sources: ["src-paris-2025-elysee"], pack: "bench"))
        }
        let bytes = PackBinary.encode([p])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.ranges(of: "paris-2025-ai-action-summit").count == 1, "one copy in the string table")
        #expect(text.ranges(of: "src-paris-2025-elysee").count == 1)
    }

    @Test func refusesOtherFilesAndVersions() {
        #expect(throws: PackWire.DecodingError.self) { try PackBinary.decode(Array("not a pack at all".utf8)) }
        #expect(throws: PackWire.DecodingError.self) { try PackBinary.decode([]) }
        var bytes = PackBinary.encode([Self.sample()])
        bytes[8] = 99
        do {
            _ = try PackBinary.decode(bytes)
            Issue.record("should refuse another version")
        } catch {
            #expect(error.message.contains("compiled pack form 99"))
        }
    }

    /// Every truncation is an error; every single-byte change is an error or a valid reading.
    @Test func damageIsAnErrorNotACrash() throws {
        let bytes = PackBinary.encode([Self.sample()])
        for n in 0..<bytes.count {
            #expect(throws: PackWire.DecodingError.self) { try PackBinary.decode(Array(bytes.prefix(n))) }
        }
        #expect(throws: PackWire.DecodingError.self) { try PackBinary.decode(bytes + [0]) }
        for i in 12..<bytes.count {
            for b: UInt8 in [0, 1, 0x7F, 0x80, 0xFF, bytes[i] ^ 0x20] {
                var damaged = bytes
                damaged[i] = b
                _ = try? PackBinary.decode(damaged)
            }
        }
    }

    @Test func impossibleDatesAreRefused() throws {
        var p = PackContents(directory: "d", manifest: nil)
        p.entities = [Entity(id: "x", kind: "event", name: "X", fields: [Field("date", [Claim(.date(ISODate(year: 2024, month: 2, day: 29)))])])]
        var bytes = PackBinary.encode([p])
        #expect(try PackBinary.decode(bytes)[0].entities == p.entities)
        // The day is the last varint before the claim's sources, note and the relation count.
        let at = bytes.lastIndex(of: 29)!
        bytes[at] = 30
        #expect(throws: PackWire.DecodingError.self) { try PackBinary.decode(bytes) }
    }
}
