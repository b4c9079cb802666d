import SummitKit
import SummitSeeds
import Testing

/// `list KIND` gives its rows built on demand (`EntityRows`): the same rows, in every format and
/// through every stage, as the entities' records built whole.
@Suite struct ListRowsTests {
    @Test func everyFlatFieldIsTheFlatRecordsOwn() throws {
        let reg = try BuiltinSeeds.registry()
        for kind in reg.presentKinds {
            let positions = reg.indices(ofKind: kind)
            let flat = EntityRows(reg, positions: positions, form: .flat)
            let export = EntityRows(reg, positions: positions, form: .export)
            let records = positions.map { reg.entities[$0].flatRecord }
            guard case .records(_, let columns) = CommandResult.table(records) else { Issue.record("not records"); continue }
            #expect(flat.keys == columns, "\(kind): keys in first-seen order")
            for row in 0..<flat.count {
                let record = flat.record(row)
                #expect(record == records[row])
                for key in flat.keys + ["nothing"] {
                    #expect(flat.field(key, row: row) == record.fields.first { $0.key == key }?.value, "\(kind) \(row) \(key)")
                }
                let whole = export.record(row)
                #expect(Set(whole.keys).isSubset(of: export.keys))
                for key in export.keys { #expect(export.field(key, row: row) == whole.fields.first { $0.key == key }?.value) }
            }
        }
    }

    @Test(arguments: ["", "| where name contains a | first 3", "| sort name desc | last 2", "| count", "| select id summit", "| group summit", "| where dates.start > 2024 | sort dates"])
    func listGivesWhatWholeRecordsGive(_ stages: String) throws {
        var settings = Settings()
        settings.width = 200
        let s = ScriptedSession(registry: try BuiltinSeeds.registry(), settings: settings)
        let reg = s.context.registry
        for kind in ["event", "summit", "person", "funding", "source"] {
            let entities = reg.entities(ofKind: kind)
            let flat = entities.map(\.flatRecord)
            let present = Set(flat.flatMap(\.keys))
            let wholes: [(String, CommandResult)] = [
                ("table", .records(flat, columns: ["id", "name"] + ["dates", "date", "amount", "role", "organisation", "summit", "host", "country", "venue", "envoy", "stance", "publisher", "url"].filter(present.contains))),
                ("csv", .table(flat)),
                ("json", .records(entities.map(\.record), columns: ["id", "kind", "name"])),
            ]
            for (format, whole) in wholes {
                s.interpreter.environment.assign("whole", whole)
                let a = s.run("list \(kind) \(stages) --format \(format)")
                let b = s.run("$whole \(stages) --format \(format)")
                #expect(a.out == b.out, "\(kind) \(format) \(stages)")
                #expect(a.err.isEmpty == b.err.isEmpty, "\(kind) \(format) \(stages): \(a.err) \(b.err)")
            }
        }
    }
}
