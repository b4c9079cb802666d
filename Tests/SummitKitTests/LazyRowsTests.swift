import Synchronization
import Testing
@testable import SummitKit

/// Rows built on demand (`RowSource`, `.lazyRecords`) give what the same rows built whole give,
/// and pipelines build only the rows that come out.
@Suite("Rows built on demand")
struct LazyRowsTests {
    /// Counts the whole records built, across copies.
    final class Counter: Sendable {
        let built = Atomic<Int>(0)
    }

    /// 40 rows with numbers, money in two currencies, lists, dates, a key only some rows have,
    /// and an entity-like `fields` record.
    struct Numbers: RowSource {
        let counter: Counter
        var count: Int { 40 }
        var keys: [String] { ["id", "n", "amount", "tags", "when", "note", "fields"] }

        func field(_ key: String, row: Int) -> Value? {
            switch key {
            case "id": return .text("r\(row)")
            case "n": return .number(Double((row * 7) % 13))
            case "amount": return .money(Money(amount: Double(row % 9) * 1e9, currency: row % 3 == 0 ? "USD" : "EUR", qualifier: row % 5 == 0 ? .about : .exact))
            case "tags": return .list(row % 4 == 0 ? [] : [.text(row % 2 == 0 ? "even" : "odd"), .text("t\(row % 3)")])
            case "when": return row % 6 == 0 ? .null : .date(ISODate(year: 2020 + row % 7, month: 1 + row % 12, day: 1 + row % 28))
            case "note": return row % 2 == 0 ? .text("note \(row)") : nil
            case "fields": return .record(Record(["stage": .text(row % 2 == 0 ? "draft" : "final")]))
            default: return nil
            }
        }

        func record(_ row: Int) -> Record {
            counter.built.wrappingAdd(1, ordering: .relaxed)
            return Record(keys.compactMap { k in field(k, row: row).map { RecordField(k, $0) } })
        }
    }

    /// `lazyrows`: the rows on demand; `fullrows`: the same rows built whole (names of one
    /// length, so that error columns match).
    struct NumbersCommand: Command {
        let name: String
        let counter: Counter
        let summary = "test rows"
        func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
            let rows = LazyRows(Numbers(counter: counter), columns: ["id", "n", "amount"])
            return name == "lazyrows" ? .lazyRecords(rows) : .records(rows.records, columns: rows.columns)
        }
    }

    func session() throws -> (ScriptedSession, Counter) {
        let counter = Counter()
        let s = ScriptedSession(registry: Registry())
        s.context.register(NumbersCommand(name: "lazyrows", counter: counter), owner: "test")
        s.context.register(NumbersCommand(name: "fullrows", counter: counter), owner: "test")
        return (s, counter)
    }

    static let pipelines = [
        "", "| count", "| first 5", "| last 3", "| first 0", "| last 100",
        "| where n > 6", "| where n > 6 | where amount.currency == EUR | count",
        "| where amount > 3bn", "| where amount > 3bn EUR", "| where amount.qualifier == about",
        "| where tags contains odd", "| where not (tags contains t1)", "| where n in [1, 2, 3] or when.year == 2021",
        "| where note == \"note 2\"", "| where note contains 1", "| where stage == draft", "| where n == $limit", "| where [n, 2] == [2, 2]",
        "| sort n", "| sort n desc | first 7", "| sort amount desc", "| sort when", "| sort note desc", "| sort tags",
        "| sort $key desc | last 4", "| where n > 2 | sort amount | first 5 | select id amount note",
        "| select id note amount.currency", "| group amount.currency", "| group tags", "| sum amount",
        "| where amount.currency == EUR | sum amount", "| sum n",
        // Errors and warnings must read the same: these fall back to whole rows.
        "| where nn > 2", "| sort amont", "| select id nothing", "| group $missing", "| sum tags", "| where n > 2bn EUR",
        "| first $limit",
    ]

    @Test(arguments: pipelines)
    func aPipelineGivesWhatWholeRowsGive(_ stages: String) throws {
        let (s, _) = try session()
        s.run("let limit = 4\nlet key = \"n\"")
        for format in ["table", "json", "csv", "markdown"] {
            let lazy = s.run("lazyrows \(stages) --format \(format)")
            let whole = s.run("fullrows \(stages) --format \(format)")
            #expect(lazy.out == whole.out, "\(format)")
            #expect(lazy.err == whole.err, "\(format)")
            #expect(lazy.status == whole.status)
        }
    }

    @Test func onlyTheRowsThatComeOutAreBuilt() throws {
        let (s, counter) = try session()
        #expect(s.run("lazyrows | where n > 2 | where amount.currency == EUR | sort amount desc | first 3 --format csv").out.split(separator: "\n").count == 4)
        #expect(counter.built.load(ordering: .relaxed) == 3)
        #expect(s.run("lazyrows | count").out == "40\n")
        #expect(counter.built.load(ordering: .relaxed) == 3, "count builds no row")
        s.run("let kept = lazyrows | last 2")
        #expect(counter.built.load(ordering: .relaxed) == 5, "a variable holds rows built whole")
        #expect(s.run("$kept | count").out == "2\n")
        s.run("lazyrows | select id")
        #expect(counter.built.load(ordering: .relaxed) == 5, "select reads its fields alone")
        s.run("lazyrows | where nope > 1")
        #expect(counter.built.load(ordering: .relaxed) == 45, "an unknown field sees whole rows, for the error's list of fields")
    }

    @Test func resultsBuiltOnDemandEqualTheirRecords() throws {
        let counter = Counter()
        let rows = LazyRows(Numbers(counter: counter), columns: ["id"])
        let whole = CommandResult.records(rows.records, columns: ["id"])
        #expect(CommandResult.lazyRecords(rows).materialized == whole)
        #expect(CommandResult.lazyRecords(rows).records == whole.records)
        #expect(Table(CommandResult.lazyRecords(rows.picking([3, 1]))).rows.map { $0["id"] } == [.text("r3"), .text("r1")])
        #expect(rows.keys(reading: ["amount.currency", "stage"]) == ["amount", "fields"], "fields is read for the names inside it")
        #expect(rows.keys(reading: ["id"]) == ["id", "fields"])
    }
}
