import Testing
@testable import SummitKit

/// The pack form `summit-pack` writes and `summit` reads: lossless for every value type.
@Suite("pack form (summit-pack → summit)")
struct PackWireTests {
    static let everyValue: [Value] = [
        .null, .bool(true), .number(1.0823), .number(-3), .text("Sarvajan Hitaya, Sarvajan Sukhaya"),
        .quantity(Quantity(number: 700, qualifier: .moreThan)), .quantity(Quantity(number: 250, upper: 300)),
        .money(Money(amount: 250_000_000_000, currency: "USD", qualifier: .moreThan)),
        .money(Money(amount: 1.5e9, currency: "EUR", qualifier: .about, upperAmount: 2e9)),
        .date(ISODate(year: 2026, month: 2, day: 16)), .date(ISODate(year: 2027)), .date(ISODate(year: 2025, month: 2)),
        .dateRange(DateRange(start: ISODate(year: 2026, month: 2, day: 16), end: ISODate(year: 2026, month: 2, day: 20))),
        .ref("paris-2025"), .list([.text("People"), .text("Planet"), .text("Progress")]),
        .record(Record([RecordField("b", .number(1)), RecordField("a", .ref("x"))])),
    ]

    @Test func entitiesRoundTrip() throws {
        let e = Entity(
            id: "new-delhi-2026", kind: "summit", name: "AI Impact Summit", aliases: ["New Delhi 2026"],
            fields: Self.everyValue.enumerated().map { Field("f\($0.offset)", [Claim($0.element)], line: 10 + $0.offset) }
                + [Field("signatory_count", [Claim(.number(88), sources: ["src-a", "src-b"], note: "88 countries"), Claim(.number(86), sources: ["src-c"])], line: 40)],
            relations: [Relation("host", ["india"], line: 50), Relation("previous", ["paris-2025"], line: 51)],
            sources: ["src-a"], pack: "india-2026", location: SourceLocation(file: "p/india.yaml", line: 17, column: 5))
        let manifest = PackManifest(
            name: "india-2026", version: "1.0.0", description: "d", summits: ["new-delhi-2026"],
            kinds: [KindSchema(name: "planned-summit", required: ["date": ["date"]], summary: "later")],
            commandFiles: ["commands/india.summit"], dataFiles: ["india.yaml"], executable: "run.py", provides: ["cite"], timeout: 2.5, file: "p/pack.yaml")
        let problem = RegistryError(.other("field 'x': bad"), at: SourceLocation(file: "p/india.yaml", line: 3, column: 7))
        let text = PackWire.encode([PackContents(directory: "p", manifest: manifest, entities: [e], problems: [problem])])
        #expect(!text.contains("\n"))
        let back = try PackWire.decode(text)
        #expect(back.count == 1)
        #expect(back[0].entities == [e])
        #expect(back[0].manifest == manifest)
        #expect(back[0].directory == "p")
        #expect(back[0].problems.map(\.description) == ["p/india.yaml:3:7: error: field 'x': bad"])
    }

    @Test func refusesAnotherFormOrDamage() {
        #expect(throws: PackWire.DecodingError.self) { try PackWire.decode("not json") }
        #expect(throws: PackWire.DecodingError.self) { try PackWire.decode(#"{"packs": []}"#) }
        do {
            _ = try PackWire.decode(#"{"packWire": 99, "packs": []}"#)
            Issue.record("should refuse")
        } catch {
            #expect(error.message.contains("rebuild"))
        }
        #expect(throws: PackWire.DecodingError.self) {
            try PackWire.decode(#"{"packWire": 1, "packs": [{"directory": "p", "entities": [{"id": "x", "kind": "k", "name": "n", "fields": [{"name": "f", "claims": [{"value": {"t": "money"}}]}]}]}]}"#)
        }
    }
}

/// Values as external plugins send them: the export form, typed on the way in.
@Suite("values from plugin JSON")
struct ValueJSONTests {
    func value(_ json: String) throws -> Value { Value(exported: try JSONParser().parse(json)) }

    @Test func typesComeFromTheForm() throws {
        #expect(try value(#""2026-02-16""#) == .date(ISODate(year: 2026, month: 2, day: 16)))
        #expect(try value(#""2026-02""#) == .date(ISODate(year: 2026, month: 2)))
        #expect(try value(#""2026""#) == .text("2026"), "a bare year stays text")
        #expect(try value(#""2026-02-30""#) == .text("2026-02-30"), "not a real date")
        #expect(try value(#""2026-02-16..2026-02-20""#) == .dateRange(DateRange(start: ISODate(year: 2026, month: 2, day: 16), end: ISODate(year: 2026, month: 2, day: 20))))
        #expect(try value(#"{"start": "2026-02-16", "end": "2026-02-20"}"#) == .dateRange(DateRange(start: ISODate(year: 2026, month: 2, day: 16), end: ISODate(year: 2026, month: 2, day: 20))))
        #expect(try value(#"{"amount": 250000000000, "currency": "USD", "qualifier": "more-than"}"#) == .money(Money(amount: 250e9, currency: "USD", qualifier: .moreThan)))
        #expect(try value(#"{"amount": 5, "currency": "usd"}"#) == .record(Record([RecordField("amount", .number(5)), RecordField("currency", .text("usd"))])), "not an ISO code")
        #expect(try value(#"{"number": 700, "qualifier": "more-than"}"#) == .quantity(Quantity(number: 700, qualifier: .moreThan)))
        #expect(try value(#"{"ref": "paris-2025"}"#) == .ref("paris-2025"))
        #expect(try value("[1, true, null]") == .list([.number(1), .bool(true), .null]))
        #expect(try value("\"Hello\"") == .text("Hello"))
    }

    @Test func exportFormMatchesTheJSONRenderer() {
        for v in PackWireTests.everyValue {
            #expect(JSONValue(exporting: v).serialized.replacingOccurrences(" ", with: "") == JSONRenderer.encode(v).replacingOccurrences(" ", with: ""),
                    "\(v)")
        }
    }
}
