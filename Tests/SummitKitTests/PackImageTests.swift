import Testing
@testable import SummitKit

/// The pack cache's mapped form (`PackImage`): entities read in place equal the entities written,
/// property by property; the registry links a checked image as it would link the entities, and
/// falls back to checking them whenever the image's summary no longer holds.
@Suite("mapped pack images")
struct PackImageTests {
    /// A pack of `n` entities in three kinds, referring to each other and to `outside` ids.
    static func pack(_ n: Int, outside: [String] = ["src"], name: String = "big") -> PackContents {
        var es: [Entity] = []
        for i in 0..<n {
            switch i % 3 {
            case 0:
                es.append(Entity(id: "\(name)-org-\(i)", kind: "organisation", name: "Org \(i) — Ünïcode", aliases: ["O\(i)"],
                                 fields: [Field("founded", [Claim(.date(ISODate(year: 2000 + i % 20)))], line: i)],
                                 relations: [Relation("country", outside.isEmpty ? [] : [outside[i % outside.count]], line: i, column: 3)],
                                 sources: outside.isEmpty ? [] : [outside[0]], pack: name, location: SourceLocation(file: "data.yaml", line: i + 1, column: 3)))
            case 1:
                es.append(Entity(id: "\(name)-fund-\(i)", kind: "funding", name: "Pledge \(i)",
                                 fields: [Field("amount", [Claim(.money(Money(amount: Double(i) * 1e6, currency: "EUR")), sources: outside),
                                                           Claim(.money(Money(amount: Double(i) * 2e6, currency: "EUR", qualifier: .about)), note: "another account")], line: i),
                                          Field("note", [Claim(.record(Record([RecordField("see", .ref("\(name)-org-\(i - 1)"))])))])],
                                 relations: [Relation("funder", ["\(name)-org-\(i - 1)"], line: i + 1)],
                                 sources: outside.isEmpty ? [] : [outside[0]], pack: name))
            default:
                es.append(Entity(id: "\(name)-event-\(i)", kind: "event", name: "Event \(i)",
                                 fields: [Field("dates", [Claim(.date(ISODate(year: 2025, month: 2, day: 1 + i % 28)))]),
                                          Field("tags", [Claim(.list([.text("a"), .ref("\(name)-fund-\(i - 1)")]))])],
                                 sources: outside.isEmpty ? [] : [outside[0]], pack: name))
            }
        }
        return PackContents(directory: "packs/\(name)", manifest: PackManifest(name: name, version: "1.0.0", description: "bench", file: "packs/\(name)/pack.yaml"), entities: es)
    }

    static func image(_ p: PackContents, kinds: [KindSchema] = KindSchema.builtIn) throws -> PackImage {
        let bytes = try #require(PackImage.encode(p, header: Array("stamp".utf8), kinds: kinds))
        return try #require(PackImage.load(bytes))
    }

    static func base() throws -> Registry {
        try Registry(entities: [Fixture.source("src"), Entity(id: "fr", kind: "country", name: "France", sources: ["src"], pack: "seeds")])
    }

    @Test func entitiesReadInPlaceEqualTheEntitiesWritten() throws {
        // The compiled form's sample: every kind of value, several relations, a manifest with kinds, problems.
        for p in [Self.pack(30), Self.pack(3 * PackBinary.entitiesPerChunk + 5), PackContents(directory: "e", manifest: nil), PackBinaryTests.sample()] {
            let image = try Self.image(p)
            #expect(image.header == Array("stamp".utf8))
            let back = image.contents
            #expect(back.directory == p.directory && back.manifest == p.manifest && back.image === image)
            #expect(back.problems.map(\.description) == p.problems.map(\.description))
            #expect(back.entities.count == p.entities.count)
            for (m, e) in zip(back.entities, p.entities) {
                #expect(m.mapped != nil)
                // Each property on its own (each has its own reading in place), then as a whole.
                #expect(m.id == e.id && m.kind == e.kind && m.name == e.name && m.pack == e.pack)
                #expect(m.aliases == e.aliases && m.sources == e.sources && m.location == e.location)
                #expect(m.fields == e.fields && m.relations == e.relations)
                for f in e.fields { #expect(m.field(f.name) == f && m[field: f.name] == f.value && m[field: f.name] == e[field: f.name]) }
                #expect(m.field("nope") == nil && m[field: "nope"] == .null)
                for name in ["funder", "country", "nope"] + e.relations.map(\.name) { #expect(m.related(name) == e.related(name)) }
                #expect(m == e && e == m && m.hashValue == e.hashValue)
            }
            #expect(image.decodedEntities() == p.entities)
            #expect(image.decodedEntities().allSatisfy { $0.mapped == nil })
            for (i, e) in p.entities.enumerated() { #expect(image.position(of: e.id) == i) }
            for id in ["", "nope", "big-org-", "big-org-00", "src"] { #expect(image.position(of: id) == nil) }
        }
    }

    @Test func aChangedCopyDecodesAndLeavesTheImageAlone() throws {
        let image = try Self.image(Self.pack(6))
        let original = image.contents.entities[1]
        var copy = original
        copy.name = "Renamed"
        copy.fields[0].claims.removeLast()
        #expect(copy.mapped == nil && original.mapped != nil)
        #expect(copy.name == "Renamed" && copy.id == original.id && copy.fields[0].claims.count == 1)
        #expect(original.name == "Pledge 1" && original.fields[0].claims.count == 2)
        #expect(image.contents.entities[1] == original)
    }

    @Test func theSummarySaysWhatWasChecked() throws {
        let image = try Self.image(Self.pack(9, outside: ["src", "fr"]))
        let checked = try #require(image.checked)
        #expect(checked.external == ["fr", "src"])
        #expect(Set(checked.kinds.keys) == ["organisation", "funding", "event"])
        #expect(image.commonPack == "big")
        // A repeated id, an unknown kind or an entity without sources: nothing is taken as checked.
        var twice = Self.pack(9)
        twice.entities.append(twice.entities[4])
        #expect(try Self.image(twice).checked == nil)
        var unknown = Self.pack(9)
        unknown.entities[2].kind = "starship"
        #expect(try Self.image(unknown).checked == nil)
        #expect(try Self.image(Self.pack(9, outside: [])).checked == nil)
        var mixed = Self.pack(9)
        mixed.entities[0].pack = "other"
        #expect(try Self.image(mixed).commonPack == nil)
    }

    /// Linked from the image or from the entities, the registry answers the same.
    @Test func aLinkedImageAnswersAsItsEntitiesWould() throws {
        let p = Self.pack(3 * 50, outside: ["src", "fr"])
        let image = try Self.image(p)
        var mapped = try Self.base(), plain = try Self.base()
        try mapped.add(image: image, mappedFrom: 0)
        try plain.add(p.entities)
        #expect(mapped.entities.dropFirst(2).allSatisfy { $0.mapped != nil }, "linked without decoding")
        #expect(mapped.count == plain.count && mapped.entities == plain.entities)
        for e in plain.entities {
            #expect(mapped.entity(e.id) == e && mapped.contains(e.id))
            #expect(mapped.name(of: e.id) == plain.name(of: e.id) && mapped.kind(of: e.id) == plain.kind(of: e.id))
            #expect(mapped.related("funder", of: e.id) == plain.related("funder", of: e.id))
            #expect(mapped.value(of: "amount", in: e.id) == plain.value(of: "amount", in: e.id))
        }
        for k in ["organisation", "funding", "event", "source", "country", "summit"] {
            #expect(mapped.indices(ofKind: k) == plain.indices(ofKind: k), "\(k)")
        }
        #expect(mapped.presentKinds == plain.presentKinds)
        #expect(mapped.kindCounts(inPacks: ["big"]) == plain.kindCounts(inPacks: ["big"]))
        #expect(mapped.kindCounts(inPacks: ["seeds", "test"]) == plain.kindCounts(inPacks: ["seeds", "test"]))
        #expect(mapped.packNames == plain.packNames)
        #expect(mapped.ids.sorted() == plain.ids.sorted())
        #expect(mapped.ids(withPrefix: "big-fund-1") == plain.ids(withPrefix: "big-fund-1"))
        #expect(mapped.ids(withPrefix: "big-", kinds: ["event"], limit: 3) == plain.ids(withPrefix: "big-", kinds: ["event"], limit: 3))
        for id in ["fr", "big-org-3", "big-fund-4"] {
            #expect(mapped.referrerIDs(of: id).map { "\($0.id) \($0.relation)" } == plain.referrerIDs(of: id).map { "\($0.id) \($0.relation)" })
        }
        let terms = SearchTerms([SearchText.fold("unicode")])
        #expect(mapped.searchCorpus.entities(matchingAll: terms).map(\.index) == plain.searchCorpus.entities(matchingAll: terms).map(\.index))
        #expect(!plain.searchCorpus.entities(matchingAll: terms).isEmpty)
        // What comes after an image is checked against it.
        var later = mapped
        try later.add([Fixture.org("late", relations: [Relation("partner", ["big-org-0"])])])
        #expect(later.entity("late") != nil && later.referrerIDs(of: "big-org-0").contains { $0.id == "late" })
        let duplicate = Fixture.errors { () throws(RegistryErrors) in try later.add([Fixture.org("big-org-3")]) }
        #expect(duplicate.map(\.description) == Fixture.errors { () throws(RegistryErrors) in var r = plain; try r.add([Fixture.org("big-org-3")]) }.map(\.description))
        #expect(!duplicate.isEmpty)
        #expect(Fixture.errors { () throws(RegistryErrors) in try later.add([Fixture.org("x", relations: [Relation("partner", ["big-org-1"])])]) }.isEmpty == false, "big-org-1 does not exist")
    }

    /// Ids and field names compare as Swift compares text (canonical equivalence), as the
    /// registry's own index does: a Kelvin sign finds a K, and a pack with ids that are not
    /// ASCII is linked through the registry's index, not the image's.
    @Test func idsAndFieldNamesCompareAsTextDoes() throws {
        var p = Self.pack(6)
        p.entities.append(Entity(id: "Kelvin-1", kind: "organisation", name: "K", sources: ["src"], pack: "big"))
        p.entities[3].fields.append(Field("pr\u{E9}nom", [Claim(.text("Ada"))]))
        var accented = p
        accented.entities.append(Entity(id: "caf\u{E9}-1", kind: "organisation", name: "C", sources: ["src"], pack: "big"))
        for pack in [p, accented] {
            let image = try Self.image(pack)
            let isASCII = pack.entities.count == 7
            #expect((image.checked == nil) == !isASCII)
            var mapped = try Self.base(), plain = try Self.base()
            try mapped.add(image: image, mappedFrom: 0)
            try plain.add(pack.entities)
            for id in ["Kelvin-1", "\u{212A}elvin-1", "kelvin-1", "caf\u{E9}-1", "cafe\u{301}-1", "cafe-1", "big-fund-1", "big-fund-1\u{301}"] {
                #expect(mapped.contains(id) == plain.contains(id), "\(id)")
            }
            #expect(mapped.contains("\u{212A}elvin-1") && mapped.contains("cafe\u{301}-1") == !isASCII)
            #expect(mapped.entities.allSatisfy { ($0.mapped != nil) == (isASCII && $0.pack == "big") }, "linked in place only when ASCII")
            let m = image.entities()[3]
            #expect(m[field: "pre\u{301}nom"] == .text("Ada") && m.field("pre\u{301}nom") == m.field("pr\u{E9}nom"))
        }
    }

    /// Referrers of an image whose text is all ASCII are found by comparing the targets' bytes
    /// in place; they are the ones reading the relations gives, in the same order, twice for a
    /// target named twice.
    @Test func referrersAreFoundInPlaceAsReadingTheRelationsFindsThem() throws {
        var p = Self.pack(90, outside: ["src", "fr"])
        for i in p.entities.indices { p.entities[i].name = "Entity \(i)" }
        p.entities[5].relations.append(Relation("partner", ["big-org-0", "fr", "big-org-0"], line: 7))
        let image = try Self.image(p)
        let accented = try Self.image(Self.pack(3))
        #expect(image.textIsASCII && !accented.textIsASCII)
        #expect(image.referrers(of: "big-org-0")?.map(\.1) == ["funder", "partner", "partner"])
        #expect(image.referrers(of: "caf\u{E9}") == nil && accented.referrers(of: "big-org-0") == nil, "text that is not ASCII is read whole")
        // A registry's first four lookups scan; each id gets registries of its own.
        for id in ["fr", "src", "big-org-0", "big-org-3", "big-fund-4", "nope", "caf\u{E9}"] {
            var mapped = try Self.base(), plain = try Self.base()
            try mapped.add(image: image, mappedFrom: 0)
            try plain.add(p.entities)
            #expect(mapped.referrerIDs(of: id).map { "\($0.id) \($0.relation)" } == plain.referrerIDs(of: id).map { "\($0.id) \($0.relation)" }, "\(id)")
            if id == "fr" { #expect(!mapped.referrerIDs(of: id).isEmpty) }
        }
    }

    /// A small image is decoded when it is linked (each entity a value of its own), with the same
    /// answers, and is still not checked again.
    @Test func aSmallImageIsDecodedAsItIsLinked() throws {
        let p = Self.pack(60, outside: ["src", "fr"])
        let image = try Self.image(p)
        #expect(image.count < Registry.entitiesMappedFrom)
        var small = try Self.base(), mapped = try Self.base()
        try small.add(image: image)
        try mapped.add(image: image, mappedFrom: 0)
        #expect(small.entities.allSatisfy { $0.mapped == nil } && mapped.entities.dropFirst(2).allSatisfy { $0.mapped != nil })
        let seeds = try Self.base().entities
        #expect(small.entities == mapped.entities && Array(small.entities) == Array(seeds) + p.entities)
        for e in p.entities { #expect(small.entity(e.id) == e && small.kind(of: e.id) == e.kind) }
        for k in ["organisation", "funding", "event"] { #expect(small.indices(ofKind: k) == mapped.indices(ofKind: k)) }
        #expect(!Fixture.errors { () throws(RegistryErrors) in try small.add([Fixture.org("big-org-0")]) }.isEmpty, "a repeated id is still found")
    }

    /// When the summary no longer holds, the entities are checked as usual, with the same messages.
    @Test func aSummaryThatNoLongerHoldsChecksEverything() throws {
        // An id outside the pack that is not there.
        let p = Self.pack(12, outside: ["src", "missing"])
        let image = try Self.image(p)
        func same(_ registry: Registry, extraKinds: [KindSchema] = [], _ what: Comment) {
            var a = registry, b = registry
            let fromImage = Fixture.errors { () throws(RegistryErrors) in try a.add(image: image, extraKinds: extraKinds) }.map(\.description)
            let fromEntities = Fixture.errors { () throws(RegistryErrors) in try b.add(p.entities, extraKinds: extraKinds) }.map(\.description)
            #expect(fromImage == fromEntities, what)
            #expect(!fromImage.isEmpty, what)
            #expect(a.count == registry.count, what)
        }
        same(try Self.base(), "a missing outside id")
        // An id the registry already has.
        let q = Self.pack(12, outside: ["src"])
        let qImage = try Self.image(q)
        var taken = try Self.base()
        try taken.add([Fixture.org(q.entities[5].id)])
        var a = taken, b = taken
        let e1 = Fixture.errors { () throws(RegistryErrors) in try a.add(image: qImage) }.map(\.description)
        let e2 = Fixture.errors { () throws(RegistryErrors) in try b.add(q.entities) }.map(\.description)
        #expect(e1 == e2 && !e1.isEmpty)
        // The same pack twice, as two images.
        var twice = try Self.base()
        try twice.add(image: qImage, mappedFrom: 0)
        let again = try Self.image(q)
        #expect(!Fixture.errors { () throws(RegistryErrors) in try twice.add(image: again) }.isEmpty)
        // A kind that now requires a field the pack's events lack.
        var strict = try Registry(entities: [Fixture.source("src")], kinds: KindSchema.builtIn.map { k in
            k.name == "event" ? KindSchema(name: "event", required: k.required.merging(["venue": ["text"]]) { x, _ in x }, summary: k.summary) : k
        })
        var plain = strict
        let e3 = Fixture.errors { () throws(RegistryErrors) in try strict.add(image: qImage) }.map(\.description)
        let e4 = Fixture.errors { () throws(RegistryErrors) in try plain.add(q.entities) }.map(\.description)
        #expect(e3 == e4 && e3.contains { $0.contains("venue") })
    }

    /// A shortened image is refused when opened; a changed byte gives other data, never a crash.
    @Test func damageIsRefusedOrReadWithoutACrash() throws {
        let bytes = try #require(PackImage.encode(Self.pack(20), kinds: KindSchema.builtIn))
        for n in stride(from: 0, to: bytes.count, by: 7) { #expect(PackImage.load(Array(bytes.prefix(n))) == nil, "\(n) bytes") }
        #expect(PackImage.load(Array("SUMMITPK and more bytes".utf8)) == nil)
        var other = bytes
        other[8] = 9
        #expect(PackImage.load(other) == nil, "another version")
        #expect(PackImage.load(bytes) { _ in false } == nil, "a header refused")
        for i in stride(from: 16, to: bytes.count, by: 3) {
            for b: UInt8 in [0, 0xFF, bytes[i] ^ 0x41] {
                var damaged = bytes
                damaged[i] = b
                guard let image = PackImage.load(damaged) else { continue }
                for e in image.contents.entities {
                    _ = (e.id, e.kind, e.name, e.pack, e.fields, e.relations, e.field("amount"), e.location)
                }
                _ = image.position(of: "big-org-3")
                _ = image.kindRuns()
                var r = try Self.base(), m = r
                _ = Fixture.errors { () throws(RegistryErrors) in try r.add(image: image) }
                _ = Fixture.errors { () throws(RegistryErrors) in try m.add(image: image, mappedFrom: 0) }
                for e in m.entities { _ = (e.id, e.fields, m.referrerIDs(of: e.id)) }
            }
        }
    }
}

/// The image's money columns: what a query over many pledges reads instead of their bytes.
@Suite struct PackImageColumnTests {
    @Test func aMoneyFieldManyEntitiesHaveIsAColumnOfTheirFirstClaims() throws {
        let p = PackImageTests.pack(3_000)
        let image = try PackImageTests.image(p)
        let column = try #require(image.moneyColumn("amount"))
        #expect(image.moneyColumn("founded") == nil && image.moneyColumn("note") == nil, "not money")
        #expect(column.count == p.entities.count)
        for (i, e) in p.entities.enumerated() {
            if case .money(let m) = e[field: "amount"] {
                let cell = try #require(column.cell(i))
                #expect(cell.amount == m.amount && column.currencies[cell.currency] == m.currency && column.has(i))
            } else {
                #expect(column.cell(i) == nil && !column.has(i))
            }
        }
        // Linked mapped, the registry's cells come from the column and equal the entities' values.
        var reg = try PackImageTests.base()
        try reg.add(image: image, mappedFrom: 0)
        let cells = reg.moneyCells("amount")
        for i in 0..<reg.count {
            let want: (Double, String)? = { if case .money(let m) = reg.entities[i][field: "amount"] { return (m.amount, m.currency) }; return nil }()
            #expect(cells.cell(i)?.amount == want?.0 && cells.cell(i)?.currency == want?.1 && cells.has(i) == (want != nil))
        }
    }

    @Test func aFieldWithAnyOtherValueOrFewEntitiesHasNoColumn() throws {
        var p = PackImageTests.pack(3_000)
        // One pledge's amount as text: no column, the field is read from the entities.
        let k = try #require(p.entities.firstIndex { $0.kind == "funding" })
        p.entities[k] = Entity(id: p.entities[k].id, kind: "funding", name: "odd", fields: [Field("amount", [Claim(.text("a lot"))])],
                               sources: p.entities[k].sources, pack: p.entities[k].pack)
        #expect(try PackImageTests.image(p).moneyColumn("amount") == nil)
        #expect(try PackImageTests.image(PackImageTests.pack(30)).moneyColumn("amount") == nil, "fewer than columnMinimum")
        let encoded = try #require(PackImage.encode(PackImageTests.pack(30), kinds: KindSchema.builtIn, columnMinimum: 1))
        let small = try #require(PackImage.load(encoded))
        #expect(small.moneyColumn("amount") != nil)
    }

    @Test func aDamagedColumnDirectoryIsRefused() throws {
        let bytes = try #require(PackImage.encode(PackImageTests.pack(30), kinds: KindSchema.builtIn, columnMinimum: 1))
        #expect(PackImage.load(bytes) != nil)
        // Cut inside the columns: the image is refused, not read past its end.
        for cut in [bytes.count - 8, bytes.count - 40, bytes.count - 100] { #expect(PackImage.load(Array(bytes.prefix(cut))) == nil, "\(cut)") }
    }
}

/// An image opened from a file reads its first `coldReads` reads with `pread`, then through the
/// mapping: both give the same entities, lookups and columns.
@Suite struct PackImageColdReadTests {
    @Test func coldAndWarmReadsOfAFileGiveTheSame() throws {
        let p = PackImageTests.pack(3_000)
        let bytes = try #require(PackImage.encode(p, kinds: KindSchema.builtIn))
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let path = dir.path + "/image.pack"
        #expect(bytes.withUnsafeBytes { StandardStream.writeFile(path, bytes: $0, piece: StandardStream.mappedFilePiece) })
        let image = try #require(PackImage.open(path))
        func check(_ k: Int, _ label: String) {
            let m = Entity(image: image, position: k), e = p.entities[k]
            #expect(m.id == e.id && m.kind == e.kind && m.name == e.name && m.pack == e.pack && m.location == e.location, "\(label) \(k)")
            #expect(m.fields == e.fields && m.relations == e.relations && m.sources == e.sources, "\(label) \(k)")
            for f in e.fields { #expect(m[field: f.name] == e[field: f.name], "\(label) \(k) \(f.name)") }
            #expect(image.position(of: e.id) == k, "\(label) \(k)")
        }
        // Cold: a few entities and lookups, among the first reads.
        for k in [0, 1, 2, 1_499, 2_999] { check(k, "cold") }
        #expect(image.position(of: "nobody") == nil && image.kindRuns().flatMap { Array(repeating: $0.kind, count: $0.range.count) } == p.entities.map(\.kind))
        let column = try #require(image.moneyColumn("amount"))
        let cursor = column.cursor()
        for i in 0..<p.entities.count {
            #expect(cursor.cell(i)?.amount == column.cell(i)?.amount && cursor.cell(i)?.currency == column.cell(i)?.currency && cursor.has(i) == column.has(i))
        }
        // Past the cold reads, every entity through the mapping.
        for k in 0..<p.entities.count { check(k, "warm") }
        var reg = try PackImageTests.base()
        try reg.add(image: image, mappedFrom: 0)
        let cells = reg.moneyCells("amount"), pass = cells.cursor()
        for i in stride(from: 0, to: reg.count, by: 7) { #expect(pass.cell(i)?.amount == cells.cell(i)?.amount && pass.has(i) == cells.has(i)) }
    }

    @Test func aDamagedFileIsReadColdWithoutACrash() throws {
        var bytes = try #require(PackImage.encode(PackImageTests.pack(300), kinds: KindSchema.builtIn))
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let path = dir.path + "/image.pack"
        // Damage past the directory and summary: the entities, index and columns.
        for k in stride(from: bytes.count / 3, to: bytes.count, by: 211) { bytes[k] ^= 0x5A }
        #expect(bytes.withUnsafeBytes { StandardStream.writeFile(path, bytes: $0) })
        guard let image = PackImage.open(path) else { return }
        for k in 0..<min(image.count, 200) {
            let m = Entity(image: image, position: k)
            _ = (m.id, m.kind, m.name, m.fields, m.relations, image.position(of: m.id))
        }
    }
}
