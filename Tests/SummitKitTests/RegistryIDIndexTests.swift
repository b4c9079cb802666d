import Testing
@testable import SummitKit

/// `Registry.ids(withPrefix:kinds:)`, the sorted index behind Tab completion of entity ids:
/// it must give exactly what filtering every id would, and follow every change.
@Suite("Registry id index")
struct RegistryIDIndexTests {
    /// The old way: filter every id, then sort.
    static func naive(_ reg: Registry, _ prefix: String, kinds: [String]? = nil) -> [String] {
        reg.entities.filter { kinds?.contains($0.kind) ?? true }.map(\.id).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func registry() throws -> Registry {
        var entities = [Fixture.source("src"), Fixture.source("src-2")]
        for i in [1, 2, 10, 11, 100, 20, 3] { entities.append(Fixture.summit("paris-\(i)")) }
        for id in ["par", "p", "acme", "acme-labs", "zeta", "b", "ba", "bb", "b-a", "b0", "é-org", "e-org"] {
            entities.append(Fixture.org(id))
        }
        return try Registry(entities: entities)
    }

    /// With a limit: the first `limit` of the run, then its last, so the common prefix holds.
    @Test(arguments: ["", "p", "paris-", "paris-1", "b", "acme", "zz"], [1, 2, 3, 100])
    func aLimitKeepsTheStartAndTheEndOfTheRun(prefix: String, limit: Int) throws {
        let reg = try Self.registry()
        for kinds in [nil, ["summit"], ["organisation"]] as [[String]?] {
            let all = Self.naive(reg, prefix, kinds: kinds)
            let cut = reg.ids(withPrefix: prefix, kinds: kinds, limit: limit)
            if all.count <= limit {
                #expect(cut == all)
            } else {
                #expect(cut == Array(all.prefix(limit)) + [all.last!], "\(prefix) \(limit) \(String(describing: kinds))")
            }
        }
    }

    @Test(arguments: ["", "p", "pa", "par", "paris-", "paris-1", "paris-10", "paris-100", "paris-1000", "acme", "b", "b-", "é", "e", "z", "zz", "src", "0", "~"])
    func sameAsFilteringEveryID(prefix: String) throws {
        let reg = try Self.registry()
        #expect(reg.ids(withPrefix: prefix) == Self.naive(reg, prefix))
        #expect(reg.ids(withPrefix: prefix, kinds: ["summit"]) == Self.naive(reg, prefix, kinds: ["summit"]))
        #expect(reg.ids(withPrefix: prefix, kinds: ["organisation", "source"]) == Self.naive(reg, prefix, kinds: ["organisation", "source"]))
        #expect(reg.ids(withPrefix: prefix, kinds: []) == [])
    }

    @Test func trustedRegistry() throws {
        let reg = Registry(trusted: Array(try Self.registry().entities))
        #expect(reg.ids(withPrefix: "paris-1") == ["paris-1", "paris-10", "paris-100", "paris-11"])
        #expect(reg.ids(withPrefix: "nope").isEmpty)
    }

    @Test func followsAddAndReplaceAndLeavesCopiesAlone() throws {
        var reg = try Self.registry()
        let before = reg
        #expect(reg.ids(withPrefix: "new").isEmpty)  // builds the index
        try reg.add([Fixture.org("new-org"), Fixture.org("newer")])
        #expect(reg.ids(withPrefix: "new") == ["new-org", "newer"])
        #expect(before.ids(withPrefix: "new").isEmpty)
        // A failed add changes nothing.
        #expect(throws: RegistryErrors.self) { try reg.add([Fixture.org("new-3", sources: ["missing"])]) }
        #expect(reg.ids(withPrefix: "new") == ["new-org", "newer"])
        let replaced = try reg.replacingPack("test", with: [Fixture.source("src"), Fixture.org("new-only")])
        #expect(replaced.ids(withPrefix: "new") == ["new-only"])
        #expect(replaced.ids(withPrefix: "") == ["new-only", "src"])
        #expect(reg.ids(withPrefix: "new") == ["new-org", "newer"])
    }

    @Test func completionUsesIt() throws {
        let context = CommandContext(registry: try Self.registry())
        #expect(context.complete(.entities(kind: nil), prefix: "paris-1") == ["paris-1", "paris-10", "paris-100", "paris-11"])
        #expect(context.complete(.entities(kind: "organisation"), prefix: "p") == ["p", "par"])
        #expect(context.complete(.entitiesOf(kinds: ["source", "summit"]), prefix: "") == Self.naive(try Self.registry(), "", kinds: ["source", "summit"]))
    }
}
