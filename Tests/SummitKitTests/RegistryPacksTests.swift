import Testing
@testable import SummitKit

/// Packs added, removed and replaced at run time; duplicates between packs name both.
@Suite("registry packs")
struct RegistryPacksTests {
    func entity(_ id: String, kind: String = "organisation", pack: String, line: Int = 1, relations: [Relation] = []) -> Entity {
        var e = kind == "source" ? Fixture.source(id) : Fixture.org(id, relations: relations)
        e.pack = pack
        e.location = Loc(file: "\(pack)/data.yaml", line: line)
        return e
    }

    func base() throws -> Registry {
        try Registry(entities: [entity("src", kind: "source", pack: "seeds"), entity("france", pack: "seeds")])
    }

    @Test func duplicateBetweenPacksNamesBoth() throws {
        var reg = try base()
        try reg.add([entity("acme", pack: "first", line: 3)])
        let errs = Fixture.errors { () throws(RegistryErrors) in try reg.add([entity("acme", pack: "second", line: 9)]) }
        #expect(errs.count == 1)
        let e = try #require(errs.first)
        #expect(e.packs == ["first", "second"])
        #expect(e.description == "second/data.yaml:9:1: error: duplicate id 'acme': pack 'second' defines it, but pack 'first' already does (at first/data.yaml:3:1); give one of them another id")
        #expect(reg.count == 3, "nothing added")
    }

    @Test func duplicateWithinOnePackKeepsTheOldMessage() throws {
        let errs = Fixture.errors { () throws(RegistryErrors) in
            _ = try Registry(entities: [entity("src", kind: "source", pack: "p"), entity("a", pack: "p", line: 2), entity("a", pack: "p", line: 5)])
        }
        #expect(errs.map(\.message) == ["duplicate id 'a' (first defined at p/data.yaml:2:1); give one of them another id"])
    }

    @Test func removeAndReplaceAPack() throws {
        var reg = try base()
        try reg.add([entity("acme", pack: "p", relations: [Relation("country", ["france"])]), entity("beta", pack: "p")])
        #expect(reg.packNames == ["seeds", "p"])
        #expect(reg.entities(ofPack: "p").map(\.id) == ["acme", "beta"])
        let replaced = try reg.replacingPack("p", with: [entity("gamma", pack: "p")])
        #expect(replaced.entities(ofPack: "p").map(\.id) == ["gamma"])
        #expect(!replaced.contains("acme"))
        #expect(replaced.referrers(of: "france").isEmpty)
        try reg.removePack("p")
        #expect(reg.count == 2)
        #expect(!reg.contains("beta"))
    }

    @Test func removalRefusedWhileAnotherPackRefersToIt() throws {
        var reg = try base()
        try reg.add([entity("acme", pack: "a")])
        try reg.add([entity("user", pack: "b", relations: [Relation("related", ["acme"], line: 4)])])
        let errs = Fixture.errors { () throws(RegistryErrors) in try reg.removePack("a") }
        #expect(errs.count == 1)
        #expect(errs.first?.packs == ["a", "b"])
        #expect(errs.first?.message.contains("'user' (pack 'b') field 'related' refers to 'acme' from pack 'a'") == true)
        #expect(reg.contains("acme"), "nothing removed")
        // A reload that keeps the id is fine.
        let reloaded = try reg.replacingPack("a", with: [entity("acme", pack: "a", line: 7)])
        #expect(reloaded.entity("acme")?.location?.line == 7)
        #expect(reloaded.referrers(of: "acme").map(\.entity.id) == ["user"])
    }

    @Test func packKindsComeAndGo() throws {
        var reg = try base()
        let kind = KindSchema(name: "planned-summit", required: ["date": ["date"]], summary: "later")
        var e = entity("geneva-2027", pack: "p")
        e.kind = "planned-summit"
        let missing = Fixture.errors { () throws(RegistryErrors) in try reg.add([e], extraKinds: [kind]) }
        #expect(missing.map(\.kind) == [.missingField("date", kind: "planned-summit")])
        e.fields = [Field("date", [Claim(.date(ISODate(year: 2027)))])]
        try reg.add([e], extraKinds: [kind])
        #expect(reg.kinds["planned-summit"] != nil)
        try reg.removePack("p", kinds: ["planned-summit"])
        #expect(reg.kinds["planned-summit"] == nil)
    }

    @Test func removingFromATrustedRegistry() throws {
        var reg = Registry(trusted: [entity("src", kind: "source", pack: "seeds"), entity("france", pack: "seeds")])
        try reg.add([entity("acme", pack: "p", relations: [Relation("country", ["france"])])])
        #expect(reg.referrers(of: "france").map(\.entity.id) == ["acme"])
        try reg.removePack("p")
        #expect(reg.referrers(of: "france").isEmpty)
        #expect(reg.count == 2)
    }
}
