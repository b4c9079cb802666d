import Testing
@testable import SummitKit

/// `Testing` has a `SourceLocation` too.
typealias Loc = SummitKit.SourceLocation

/// Small builders for registry tests.
enum Fixture {
    static func source(_ id: String, title: String = "A document", location: Loc? = nil) -> Entity {
        Entity(id: id, kind: "source", name: title, fields: [Field("title", [Claim(.text(title))])], pack: "test", location: location)
    }

    static func summit(_ id: String, sources: [String] = ["src"], location: Loc? = nil, relations: [Relation] = []) -> Entity {
        Entity(
            id: id, kind: "summit", name: "Summit \(id)",
            fields: [Field("dates", [Claim(.dateRange(DateRange(start: ISODate(year: 2025, month: 2, day: 10), end: ISODate(year: 2025, month: 2, day: 11))))])],
            relations: relations, sources: sources, pack: "test", location: location)
    }

    static func org(_ id: String, sources: [String] = ["src"], relations: [Relation] = [], location: Loc? = nil) -> Entity {
        Entity(id: id, kind: "organisation", name: "Org \(id)", relations: relations, sources: sources, pack: "test", location: location)
    }

    static func errors(_ body: () throws(RegistryErrors) -> Void) -> [RegistryError] {
        do {
            try body()
            return []
        } catch {
            return error.errors
        }
    }
}

@Suite("Registry")
struct RegistryTests {
    @Test func buildsAndLooksUp() throws {
        let reg = try Registry(entities: [Fixture.source("src"), Fixture.summit("paris"), Fixture.org("acme")])
        #expect(reg.count == 3)
        #expect(reg.contains("paris"))
        #expect(!reg.contains("nope"))
        #expect(reg.entity("acme")?.name == "Org acme")
        #expect(reg.entity("nope") == nil)
        #expect(reg.name(of: "paris") == "Summit paris")
        #expect(reg.name(of: "unknown-id") == "unknown-id")
        #expect(Set(reg.ids) == ["src", "paris", "acme"])
    }

    @Test func duplicateIDNamesBothLocations() throws {
        let first = Loc(file: "packs/a.yaml", line: 3, column: 1)
        let second = Loc(file: "packs/b.yaml", line: 12, column: 3)
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), Fixture.org("acme", location: first), Fixture.org("acme", location: second)])
        }
        #expect(errs.count == 1)
        let e = try #require(errs.first)
        #expect(e.kind == .duplicateID("acme", firstAt: "packs/a.yaml:3:1"))
        #expect(e.location == second)
        let text = e.description
        #expect(text.hasPrefix("packs/b.yaml:12:3: error: "))
        #expect(text.contains("duplicate id 'acme'"))
        #expect(text.contains("packs/a.yaml:3:1"))
    }

    @Test func duplicateIDWithoutLocationNamesPack() {
        let errs = Fixture.errors { () throws(RegistryErrors) in
            var a = Fixture.org("acme")
            a.pack = "first-pack"
            _ = try Registry(entities: [Fixture.source("src"), a, Fixture.org("acme")])
        }
        #expect(errs.map(\.kind) == [.duplicateID("acme", firstAt: "pack 'first-pack'")])
        #expect(errs.first?.description.hasPrefix("error: ") == true)
    }

    @Test func duplicateAgainstAlreadyLoadedEntity() throws {
        var reg = try Registry(entities: [Fixture.source("src", location: Loc(file: "one.yaml", line: 2))])
        let errs = Fixture.errors { () throws(RegistryErrors) in
            try reg.add([Fixture.source("src", location: Loc(file: "two.yaml", line: 5))])
        }
        #expect(errs.map(\.kind) == [.duplicateID("src", firstAt: "one.yaml:2:1")])
        #expect(errs.first?.location?.file == "two.yaml")
    }

    @Test func danglingRelation() {
        let loc = Loc(file: "p.yaml", line: 10, column: 1)
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), Fixture.org("acme", relations: [Relation("member-of", ["ghost"], line: 14)], location: loc)])
        }
        #expect(errs.map(\.kind) == [.danglingReference("ghost", from: "acme", field: "member-of")])
        #expect(errs.first?.location == Loc(file: "p.yaml", line: 14, column: 1), "points at the relation's line")
        #expect(errs.first?.message.contains("'acme' field 'member-of' refers to 'ghost'") == true)
    }

    @Test func danglingRelationSuggestsTheClosestIDAndPointsAtTheValue() {
        let loc = Loc(file: "p.yaml", line: 10, column: 5)
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), Fixture.org("acme", relations: [Relation("partner", ["acmr"], line: 14, column: 16)], location: loc)])
        }
        #expect(errs.first?.location == Loc(file: "p.yaml", line: 14, column: 16))
        #expect(errs.first?.message == "'acme' field 'partner' refers to 'acmr', which is not an entity; did you mean 'acme'?")
    }

    @Test func danglingSource() {
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), Fixture.org("acme", sources: ["src", "missing-src"])])
        }
        #expect(errs.map(\.kind) == [.danglingReference("missing-src", from: "acme", field: "sources")])
    }

    @Test func danglingClaimSource() {
        let loc = Loc(file: "p.yaml", line: 1)
        var e = Fixture.org("acme", location: loc)
        e.fields = [Field("staff", [Claim(.number(10), sources: ["src"]), Claim(.number(12), sources: ["nowhere"])], line: 7)]
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), e])
        }
        #expect(errs.map(\.kind) == [.danglingReference("nowhere", from: "acme", field: "staff")])
        #expect(errs.first?.location?.line == 7)
    }

    @Test func danglingRefValueNestedInListAndRecord() {
        var e = Fixture.org("acme")
        e.fields = [
            Field("partners", [Claim(.list([.ref("src"), .ref("ghost-1")]))]),
            Field("detail", [Claim(.record(Record(["lead": .ref("ghost-2")])))]),
            Field("plain", [Claim(.text("ghost-3"))]),
        ]
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), e])
        }
        #expect(errs.map(\.kind) == [
            .danglingReference("ghost-1", from: "acme", field: "partners"),
            .danglingReference("ghost-2", from: "acme", field: "detail"),
        ])
    }

    @Test func forwardReferencesWithinOneAddAreFine() throws {
        // The summit cites a source and relates to an organisation defined after it.
        let reg = try Registry(entities: [Fixture.summit("paris", relations: [Relation("host", ["acme"])]), Fixture.org("acme"), Fixture.source("src")])
        #expect(reg.count == 3)
    }

    @Test func unknownKind() {
        let e = Entity(id: "x", kind: "spaceship", name: "X", sources: ["src"], location: Loc(file: "p.yaml", line: 4))
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), e])
        }
        #expect(errs.map(\.kind) == [.unknownKind("spaceship")])
        #expect(errs.first?.description.hasPrefix("p.yaml:4:1: error: unknown kind 'spaceship'") == true)
    }

    @Test func extraKindsMakeAKindKnown() throws {
        var reg = try Registry(entities: [Fixture.source("src")])
        let e = Entity(id: "x", kind: "spaceship", name: "X", sources: ["src"])
        try reg.add([e], extraKinds: [KindSchema(name: "spaceship", summary: "test")])
        #expect(reg.entities(ofKind: "spaceship").map(\.id) == ["x"])
        #expect(reg.kinds["spaceship"] != nil)
    }

    @Test func summitWithoutDates() {
        var s = Fixture.summit("paris")
        s.fields = []
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), s])
        }
        #expect(errs.map(\.kind) == [.missingField("dates", kind: "summit")])
        #expect(errs.first?.message == "a summit needs the field 'dates'")
    }

    @Test func fundingWithoutAmount() {
        let f = Entity(id: "fund", kind: "funding", name: "Fund", sources: ["src"])
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), f])
        }
        #expect(errs.map(\.kind) == [.missingField("amount", kind: "funding")])
    }

    @Test func fundingAmountMustBeMoney() {
        let loc = Loc(file: "f.yaml", line: 20)
        let f = Entity(id: "fund", kind: "funding", name: "Fund", fields: [Field("amount", [Claim(.number(200e9))], line: 23)], sources: ["src"], location: loc)
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), f])
        }
        #expect(errs.map(\.kind) == [.wrongType(field: "amount", expected: "money", found: "number")])
        #expect(errs.first?.location == Loc(file: "f.yaml", line: 23, column: 1))
        #expect(errs.first?.message == "field 'amount' should be money, not number")
    }

    @Test func summitDatesWrongType() {
        var s = Fixture.summit("paris")
        s.fields = [Field("dates", [Claim(.text("February 2025"))])]
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), s])
        }
        #expect(errs.map(\.kind) == [.wrongType(field: "dates", expected: "date or date range", found: "text")])
    }

    @Test func everyClaimOfARequiredFieldIsTypeChecked() {
        let f = Entity(
            id: "fund", kind: "funding", name: "Fund",
            fields: [Field("amount", [Claim(.money(Money(amount: 1e9, currency: "EUR"))), Claim(.text("a lot"))])], sources: ["src"])
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), f])
        }
        #expect(errs.map(\.kind) == [.wrongType(field: "amount", expected: "money", found: "text")])
    }

    @Test func entityWithoutSources() {
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [Fixture.source("src"), Fixture.org("acme", sources: [])])
        }
        #expect(errs.map(\.kind) == [.noSource("acme")])
        #expect(errs.first?.message.contains("'acme' cites no source") == true)
    }

    @Test func sourcesNeedNoSources() throws {
        let reg = try Registry(entities: [Fixture.source("src")])
        #expect(reg.count == 1)
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() {
        var summit = Fixture.summit("paris", sources: [])
        summit.fields = []
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [
                Fixture.source("src"), summit,
                Fixture.org("acme", relations: [Relation("partner", ["ghost"])]),
                Entity(id: "odd", kind: "unicorn", name: "Odd", sources: ["src"]),
            ])
        }
        #expect(errs.count == 4)
        #expect(errs.contains { $0.kind == .missingField("dates", kind: "summit") })
        #expect(errs.contains { $0.kind == .noSource("paris") })
        #expect(errs.contains { $0.kind == .danglingReference("ghost", from: "acme", field: "partner") })
        #expect(errs.contains { $0.kind == .unknownKind("unicorn") })
        let all = RegistryErrors(errs).description
        #expect(all.split(separator: "\n").count == 4)
    }

    @Test func referrers() throws {
        let reg = try Registry(entities: [
            Fixture.source("src"), Fixture.summit("paris"),
            Fixture.org("acme", relations: [Relation("attended", ["paris"]), Relation("hosted", ["paris"])]),
            Fixture.org("beta", relations: [Relation("attended", ["paris", "acme"])]),
        ])
        let r = reg.referrers(of: "paris").map { "\($0.entity.id)/\($0.relation)" }
        #expect(r.sorted() == ["acme/attended", "acme/hosted", "beta/attended"])
        #expect(reg.referrers(of: "acme").map(\.entity.id) == ["beta"])
        #expect(reg.referrers(of: "beta").isEmpty)
        #expect(reg.referrers(of: "nope").isEmpty)
    }

    /// Over `entitiesPerCheck`, entities are checked on several cores: the problems still come
    /// in entity order, all of them up to the cap, then a count.
    @Test func problemsOfAPackCheckedOnSeveralCoresKeepTheirOrder() throws {
        let n = Registry.entitiesPerCheck * 3
        var entities = [Fixture.source("src")]
        for i in 0..<n {
            let target = i % 1000 == 0 ? "ghost-\(i)" : "src"
            entities.append(Fixture.org("org-\(i)", relations: [Relation("partner", [target])]))
        }
        let some = Fixture.errors { () throws(RegistryErrors) in _ = try Registry(entities: entities) }
        #expect(some.count == n / 1000)
        #expect(some.map(\.kind) == (0..<(n / 1000)).map { .danglingReference("ghost-\($0 * 1000)", from: "org-\($0 * 1000)", field: "partner") })

        for i in 1...n { entities[i] = Fixture.org("org-\(i)", relations: [Relation("partner", ["ghost-\(i)"])]) }
        let capped = Fixture.errors { () throws(RegistryErrors) in _ = try Registry(entities: entities) }
        #expect(capped.count == RegistryErrors.reportLimit + 1)
        #expect(capped.prefix(3).map(\.kind) == (1...3).map { .danglingReference("ghost-\($0)", from: "org-\($0)", field: "partner") })
        #expect(capped.last?.description == "error: ... and \(n - RegistryErrors.reportLimit) more problems not shown; fix these first")
    }

    @Test func referrersScannedAndIndexedAgree() throws {
        let reg = try Registry(entities: [
            Fixture.source("src"), Fixture.summit("paris"), Fixture.summit("seoul"),
            Fixture.org("acme", relations: [Relation("attended", ["paris", "seoul", "paris"]), Relation("hosted", ["paris"])]),
            Fixture.org("beta", relations: [Relation("attended", ["paris", "acme"])]),
        ])
        let ids = ["paris", "acme", "seoul", "beta", "nope"]
        // The first lookups scan the relations; later ones read the index built at the next.
        let scanned = ids.map { reg.referrerIDs(of: $0).map { "\($0.id)/\($0.relation)" } }
        #expect(ids.count > Registry.scansBeforeIncomingIndex)
        let indexed = ids.map { reg.referrerIDs(of: $0).map { "\($0.id)/\($0.relation)" } }
        #expect(scanned == indexed)
        #expect(indexed[0] == ["acme/attended", "acme/attended", "acme/hosted", "beta/attended"], "entity, then relation order; once per target")
        #expect(indexed[1] == ["beta/attended"])
        #expect(indexed[4].isEmpty)
    }

    @Test func referrersAcrossAdds() throws {
        var reg = try Registry(entities: [Fixture.source("src"), Fixture.summit("paris")])
        try reg.add([Fixture.org("acme", relations: [Relation("attended", ["paris"])])])
        #expect(reg.referrers(of: "paris").map(\.entity.id) == ["acme"])
        #expect(reg.referrers(of: "paris").map(\.relation) == ["attended"])
    }

    @Test func entitiesOfKindInLoadOrder() throws {
        let reg = try Registry(entities: [
            Fixture.org("zeta"), Fixture.source("src"), Fixture.org("alpha"), Fixture.summit("paris"), Fixture.org("mid"),
        ])
        #expect(reg.entities(ofKind: "organisation").map(\.id) == ["zeta", "alpha", "mid"])
        #expect(reg.entities(ofKind: "summit").map(\.id) == ["paris"])
        #expect(reg.entities(ofKind: "person").isEmpty)
        #expect(reg.entities(ofKind: "bogus").isEmpty)
        #expect(reg.presentKinds == ["organisation", "source", "summit"])
        #expect(reg.entities.map(\.id) == ["zeta", "src", "alpha", "paris", "mid"])
    }

    @Test func addIsAllOrNothing() throws {
        var reg = try Registry(entities: [Fixture.source("src"), Fixture.summit("paris")])
        let good = Fixture.org("good", relations: [Relation("attended", ["paris"])])
        let bad = Fixture.org("bad", relations: [Relation("partner", ["ghost"])])
        let errs = Fixture.errors { () throws(RegistryErrors) in try reg.add([good, bad]) }
        #expect(errs.map(\.kind) == [.danglingReference("ghost", from: "bad", field: "partner")])
        // Nothing of the failed pack is visible.
        #expect(reg.count == 2)
        #expect(!reg.contains("good"))
        #expect(!reg.contains("bad"))
        #expect(reg.entities(ofKind: "organisation").isEmpty)
        #expect(reg.referrers(of: "paris").isEmpty)
        #expect(reg.presentKinds == ["source", "summit"])
        // And the registry still works: the good entity can be added afterwards.
        try reg.add([good])
        #expect(reg.count == 3)
        #expect(reg.referrers(of: "paris").map(\.entity.id) == ["good"])
    }

    @Test func failedAddDoesNotKeepExtraKinds() throws {
        var reg = try Registry(entities: [Fixture.source("src")])
        let e = Entity(id: "x", kind: "spaceship", name: "X", sources: [])
        let errs = Fixture.errors { () throws(RegistryErrors) in try reg.add([e], extraKinds: [KindSchema(name: "spaceship", summary: "t")]) }
        #expect(errs.map(\.kind) == [.noSource("x")])
        #expect(reg.kinds["spaceship"] == nil)
    }

    @Test func laterPackMayReferToEarlierOne() throws {
        var reg = try Registry(entities: [Fixture.source("src")])
        try reg.add([Fixture.summit("paris")])
        try reg.add([Fixture.org("acme", relations: [Relation("attended", ["paris"])])])
        #expect(reg.count == 3)
    }

    @Test func entityAccessors() {
        let e = Entity(
            id: "f", kind: "funding", name: "F",
            fields: [
                Field("amount", [Claim(.money(Money(amount: 1, currency: "EUR")))]),
                Field("count", [Claim(.number(1), sources: ["a"]), Claim(.number(2))]),
                Field("same", [Claim(.number(1), sources: ["a"]), Claim(.number(1), sources: ["b"])]),
            ],
            relations: [Relation("by", ["x", "y"])], sources: ["s1"])
        #expect(e[field: "amount"] == .money(Money(amount: 1, currency: "EUR")))
        #expect(e[field: "missing"] == .null)
        #expect(e.related("by") == ["x", "y"])
        #expect(e.related("none").isEmpty)
        #expect(e.field("count")?.isContested == true)
        #expect(e.field("same")?.isContested == false, "agreeing claims are not a conflict")
        #expect(e.field("amount")?.isContested == false)
        let count = e.field("count")!
        #expect(e.sources(of: count.claims[0]) == ["a"])
        #expect(e.sources(of: count.claims[1]) == ["s1"], "a claim without sources falls back to the entity's")
    }
}

/// Entities share their data until a copy changes (copy on write): a change to one copy, of a
/// string, an array in place or an optional, never shows in another, and equality and hashing
/// still go by contents.
@Suite("Entity copies")
struct EntityCopyTests {
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let original = Entity(id: "a", kind: "person", name: "Ada", aliases: ["A"], fields: [Field("role", [Claim(.text("chair"))])],
                              relations: [Relation("organisation", ["o"])], sources: ["s"], pack: "p")
        var copy = original
        #expect(copy == original)
        copy.name = "Ada L."
        copy.aliases.append("AL")
        copy.fields[0].claims[0].value = .text("member")
        copy.relations.append(Relation("country", ["c"]))
        copy.sources.removeAll()
        copy.location = SourceLocation(file: "f.yaml", line: 3, column: 1)
        #expect(original.name == "Ada" && original.aliases == ["A"] && original[field: "role"] == .text("chair"))
        #expect(original.relations.count == 1 && original.sources == ["s"] && original.location == nil)
        #expect(copy.name == "Ada L." && copy.aliases == ["A", "AL"] && copy[field: "role"] == .text("member"))
        #expect(copy.related("country") == ["c"] && copy.sources.isEmpty && copy.location?.line == 3)
        #expect(copy != original)

        // Equal contents in separate boxes: equal, with equal hashes.
        var twin = copy
        twin.name = "x"
        twin.name = "Ada L."
        #expect(twin == copy && twin.hashValue == copy.hashValue)
        #expect(Set([twin, copy, original]).count == 2)
    }
}
