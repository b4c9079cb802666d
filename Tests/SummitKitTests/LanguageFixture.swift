import Testing
@testable import SummitKit

/// A small registry for the language tests: two summits, a week of events, pledges in EUR and
/// USD (one nested in another, one without a summit), a declaration with signatories.
enum LanguageFixture {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> ISODate { ISODate(year: y, month: m, day: d) }

    static func registry() throws -> Registry {
        let src: [String] = ["src"]
        func e(_ id: String, _ kind: String, _ name: String, _ fields: [Field] = [], _ relations: [Relation] = []) -> Entity {
            Entity(id: id, kind: kind, name: name, fields: fields, relations: relations, sources: src)
        }
        func f(_ name: String, _ v: Value) -> Field { Field(name, [Claim(v)]) }
        func money(_ a: Double, _ c: String, _ q: Qualifier = .exact) -> Value { .money(Money(amount: a, currency: c, qualifier: q)) }
        func range(_ a: ISODate, _ b: ISODate) -> Value { .dateRange(DateRange(start: a, end: b)) }
        let entities = [
            Entity(id: "src", kind: "source", name: "A source", fields: [f("title", .text("A source"))]),
            e("france", "country", "France"),
            e("south-korea", "country", "South Korea"),
            e("european-union", "organisation", "European Union", [f("description", .text("Union of 27 states"))]),
            e("paris-2025", "summit", "AI Action Summit",
              [f("dates", range(day(2025, 2, 10), day(2025, 2, 11))), f("participants", .quantity(Quantity(number: 1000, qualifier: .moreThan)))],
              [Relation("host", ["france"])]),
            e("seoul-2024", "summit", "AI Seoul Summit", [f("dates", range(day(2024, 5, 21), day(2024, 5, 22)))], [Relation("host", ["south-korea"])]),
            e("week", "event", "AI Action Week", [f("dates", range(day(2025, 2, 6), day(2025, 2, 11)))], [Relation("summit", ["paris-2025"])]),
            e("culture", "event", "Culture days", [f("dates", range(day(2025, 2, 8), day(2025, 2, 9)))], [Relation("summit", ["paris-2025"]), Relation("parent", ["week"])]),
            e("opening", "event", "Main summit day", [f("dates", .date(day(2025, 2, 10)))], [Relation("summit", ["paris-2025"]), Relation("parent", ["week"])]),
            e("fringe", "event", "Fringe in London", [f("dates", .date(ISODate(year: 2025, month: 2)))]),
            e("seoul-day", "event", "Seoul leaders' session", [f("dates", .date(day(2024, 5, 21)))], [Relation("summit", ["seoul-2024"])]),
            e("investai", "funding", "InvestAI", [f("amount", money(200e9, "EUR"))], [Relation("summit", ["paris-2025"]), Relation("funder", ["european-union"])]),
            e("france-private", "funding", "Private investment in French AI", [f("amount", money(109e9, "EUR", .about))],
              [Relation("summit", ["paris-2025"]), Relation("funder", ["france"])]),
            e("giga", "funding", "Gigafactories", [f("amount", money(20e9, "EUR"))], [Relation("summit", ["paris-2025"]), Relation("part_of", ["investai"])]),
            e("us-infra", "funding", "US infrastructure", [f("amount", money(500e9, "USD")), f("context", .bool(true))]),
            e("roost", "funding", "ROOST", [f("amount", money(27e6, "USD"))], [Relation("summit", ["paris-2025"]), Relation("funder", ["france", "european-union"])]),
            e("paris-statement", "declaration", "Paris statement", [f("signatory_count", .number(60))],
              [Relation("summit", ["paris-2025"]), Relation("signatories", ["france", "european-union"]), Relation("non_signatories", ["south-korea"])]),
        ]
        return try Registry(entities: entities)
    }

    static func session() throws -> ScriptedSession { ScriptedSession(registry: try registry()) }
}

extension ScriptedSession {
    /// Runs `script` and returns its output, recording an issue when it fails.
    func output(_ script: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let r = run(script)
        #expect(r.status == .ok, "\(script) failed: \(r.err)", sourceLocation: sourceLocation)
        return r.out
    }

    /// The first line of the error a script reports.
    func firstError(_ script: String, file: String = "<test>") -> String {
        let r = run(script, file: file)
        return r.err.split(separator: "\n").first.map(String.init) ?? ""
    }
}
