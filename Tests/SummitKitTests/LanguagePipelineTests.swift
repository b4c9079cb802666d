import Testing
@testable import SummitKit

@Suite("Language pipelines")
struct LanguagePipelineTests {
    /// The ids a pipeline keeps, in order.
    func ids(_ s: ScriptedSession, _ pipeline: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        let out = s.output(pipeline + " | select id --format csv", sourceLocation: sourceLocation)
        return out.split(separator: "\n").dropFirst().map(String.init)
    }

    @Test func whereWithEveryOperator() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list funding | where amount.currency == EUR") == ["investai", "france-private", "giga"])
        #expect(ids(s, "list funding | where amount.currency != EUR") == ["us-infra", "roost"])
        #expect(ids(s, "list funding | where amount < 100bn") == ["giga", "roost"])
        #expect(ids(s, "list funding | where amount <= 109bn") == ["france-private", "giga", "roost"])
        #expect(ids(s, "list funding | where amount > 109bn") == ["investai", "us-infra"])
        #expect(ids(s, "list funding | where amount >= 109bn") == ["investai", "france-private", "us-infra"])
        #expect(ids(s, "list funding | where name contains invest") == ["investai", "france-private"], "contains ignores case")
        #expect(ids(s, "list funding | where funder contains france") == ["france-private", "roost"], "lists: membership")
        #expect(ids(s, "list funding | where amount.currency in [USD, GBP]") == ["us-infra", "roost"])
    }

    @Test func moneyAgainstMoneyOnlyInTheSameCurrency() throws {
        let s = try LanguageFixture.session()
        let r = s.run("list funding | where amount > 10bn EUR | select id --format csv")
        #expect(r.out == "id\ninvestai\nfrance-private\ngiga\n", "USD 500bn is skipped, not converted")
        #expect(r.err == "<test>:1:16: warning: where: 2 rows in USD not compared with an amount in EUR (amounts in different currencies are never compared); to leave them out without this warning, first filter: where amount.currency == EUR\n")
        #expect(s.interpreter.errorCount == 0, "a warning is not an error")
        let quiet = s.run("list funding | where amount.currency == EUR | where amount > 10bn EUR | count")
        #expect(quiet.err.isEmpty)
        #expect(quiet.out == "3\n")
        #expect(ids(s, "list funding | where amount != 200bn EUR") == ["france-private", "giga"], "even != skips other currencies")
    }

    @Test func bareNumberComparesTheAmountInAnyCurrency() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list funding | where amount >= 100bn") == ["investai", "france-private", "us-infra"])
        #expect(ids(s, "list funding | where amount.amount < 1bn") == ["roost"])
    }

    @Test func datesAsDates() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list event | where dates >= 2025-02-08") == ["culture", "opening"], "a range compares by its start")
        #expect(ids(s, "list event | where dates contains 2025-02-09") == ["week", "culture", "fringe"], "contains: the day is within")
        #expect(ids(s, "list event | where dates == 2025-02") == ["week", "culture", "opening", "fringe"], "a month is all its days")
        #expect(ids(s, "list event | where dates < 2025") == ["seoul-day"])
        #expect(ids(s, "list event | where dates > 2024-12 and dates.precision == day") == ["week", "culture", "opening"], "a range has its start's precision")
        #expect(ids(s, "list event | where dates.precision == month") == ["fringe"])
        #expect(ids(s, "list event | where dates in 2025-02-07..2025-02-10") == ["culture", "opening"])
        #expect(ids(s, "list summit | where dates == 2025-02-10..2025-02-11") == ["paris-2025"], "ranges compare with ranges")
        #expect(ids(s, "list event | where dates.year == 2024") == ["seoul-day"])
    }

    @Test func literalsTakeTheTypeOfTheData() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list declaration | where signatory_count == \"60\"") == ["paris-statement"], "quoted text read as a number")
        #expect(ids(s, "list event | where dates >= \"2025-02-10\"") == ["opening"])
        #expect(ids(s, "list funding | where amount > \"100bn EUR\"") == ["investai", "france-private"])
        #expect(ids(s, "list funding | where context == true") == ["us-infra"])
        #expect(ids(s, "list funding | where context") == ["us-infra"])
        #expect(ids(s, "list funding | where not context") == ["investai", "france-private", "giga", "roost"])
    }

    @Test func missingValues() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list event | where summit == paris-2025") == ["week", "culture", "opening"])
        #expect(ids(s, "list event | where summit != paris-2025") == ["fringe", "seoul-day"], "a missing value differs from everything")
        #expect(ids(s, "list event | where parent") == ["culture", "opening"])
        #expect(ids(s, "list event | where parent > a") == ["culture", "opening"], "missing: no order")
    }

    @Test func sortIsTypedAndStable() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list funding | sort amount") == ["giga", "france-private", "investai", "roost", "us-infra"], "by currency, then amount")
        #expect(ids(s, "list funding | sort amount desc") == ["investai", "france-private", "giga", "us-infra", "roost"], "currencies A to Z either way")
        #expect(ids(s, "list event | sort dates") == ["seoul-day", "fringe", "week", "culture", "opening"])
        #expect(ids(s, "list event | sort parent") == ["culture", "opening", "week", "fringe", "seoul-day"], "missing last, ties in order")
        #expect(ids(s, "list event | sort parent desc") == ["culture", "opening", "week", "fringe", "seoul-day"], "missing last either way")
        #expect(ids(s, "list funding | sort name") == ["giga", "investai", "france-private", "roost", "us-infra"], "text ignoring case")
    }

    @Test func selectNamesTheColumns() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("list funding | first 2 | select name amount.currency --format csv") == "name,amount.currency\nInvestAI,EUR\nPrivate investment in French AI,EUR\n")
        #expect(s.output("show paris-2025 | select name dates host --format csv") == "name,dates,host\nAI Action Summit,2025-02-10..2025-02-11,france\n", "fields and relations of an entity record")
    }

    @Test func firstLastCount() throws {
        let s = try LanguageFixture.session()
        #expect(ids(s, "list funding | first 2") == ["investai", "france-private"])
        #expect(ids(s, "list funding | last 2") == ["us-infra", "roost"])
        #expect(ids(s, "list funding | first 0").isEmpty)
        #expect(ids(s, "list funding | first 99").count == 5)
        #expect(s.output("list funding | count") == "5\n")
        #expect(s.output("list funding | where amount > 1tn | count") == "0\n")
        #expect(s.output("let n = 1\nlist funding | first $n | count") == "1\n")
    }

    @Test func groupCountsAndComposes() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("list event | group summit --format csv") == "summit,count\nparis-2025,3\n,1\nseoul-2024,1\n")
        #expect(s.output("list event | group summit | sort count desc | first 1 --format csv") == "summit,count\nparis-2025,3\n")
        #expect(s.output("list funding | group funder --format csv") == "funder,count\neuropean-union,2\nfrance,2\n,2\n", "a list counts under each element")
        #expect(s.output("list funding | group amount.currency --format csv") == "amount.currency,count\nEUR,3\nUSD,2\n")
        #expect(s.output("for g in list funding | group amount.currency { echo $g.amount.currency }") == "EUR\nUSD\n")
    }

    @Test func sumPerCurrencyNeverMixed() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("list funding | sum amount --format csv") == "currency,sum,count\nEUR,329000000000 EUR,3\nUSD,500027000000 USD,2\n")
        #expect(s.output("list funding | where amount.currency == EUR | sum amount.amount") == "329000000000\n")
        #expect(s.output("list summit | sum participants") == "1000\n", "quantities add their numbers; rows without the field are skipped")
        #expect(s.output("list funding | where amount > 1tn | sum amount") == "0\n")
    }

    @Test func pipelinesStartFromValues() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("[3, 1, 2] | sort value | first 1 --format csv") == "value\n1\n")
        #expect(s.output("let xs = list funding\n$xs | where amount.currency == USD | count") == "2\n")
        #expect(s.output("$(list funding | first 1) | select id --format csv") == "id\ninvestai\n")
    }

    /// One memo shared by many comparisons (as in a session) gives the verdicts of no memo:
    /// the same text read as money, as a number, as a date and as text, and a text that does not
    /// read as a type, in turn and again, past the memo's capacity.
    @Test func rereadMemoKeepsEveryVerdict() throws {
        let eur = Value.money(Money(amount: 5e9, currency: "EUR"))
        let day = Value.date(ISODate(year: 2025, month: 2, day: 10))
        let cases: [(Value, ComparisonOperator, String)] = [
            (eur, .equal, "5bn"), (.number(5e9), .equal, "5bn"), (eur, .greater, "1bn"), (.number(2), .greater, "1bn"),
            (eur, .less, "10bn EUR"), (eur, .less, "10bn USD"), (.number(2025), .equal, "2025"), (day, .less, "2025"),
            (.text("2025"), .equal, "2025"), (day, .greater, "2025-02"), (.bool(true), .equal, "yes"), (.number(1), .equal, "yes"),
            (eur, .equal, "lots"), (.number(3), .less, "lots"), (day, .equal, "lots"),
        ]
        func verdicts(memo: RereadMemo?) -> [String] {
            cases.map { a, op, b in
                do { return "\(try Comparison.compare(.typed(a), op, Operand(value: LiteralReader.natural(b), text: b, guessed: true), memo: memo))" } catch { return "error: \(error)" }
            }
        }
        let plain = verdicts(memo: nil)
        let memo = RereadMemo()
        for _ in 0..<3 { #expect(verdicts(memo: memo) == plain) }
        #expect(plain[0] == "yes" && plain[2] == "yes" && plain[3] == "no" && plain[5].hasPrefix("otherCurrency"), "\(plain)")
    }

    /// `sort` compares keys made once per row; they order every pair of values as
    /// `ValueOrder.compare` does, across kinds and within each.
    @Test func sortKeysOrderAsValuesDo() {
        let feb = ISODate(year: 2025, month: 2, day: 10), mar = ISODate(year: 2025, month: 3, day: 1)
        let values: [Value] = [
            .null, .number(3), .number(-1), .number(3), .quantity(Quantity(number: 2, qualifier: .moreThan)),
            .money(Money(amount: 5e9, currency: "EUR")), .money(Money(amount: 1e9, currency: "EUR")), .money(Money(amount: 9e9, currency: "USD")),
            .date(feb), .date(mar), .dateRange(DateRange(start: feb, end: mar)), .date(ISODate(year: 2025, month: 2, day: nil)),
            .text("Université"), .text("universite"), .text("Zeta"), .text("alpha"), .ref("bletchley-2023"),
            .bool(true), .bool(false), .list([.text("b")]), .list([.text("a"), .text("c")]), .record(Record(["k": .text("v")])),
        ]
        for a in values {
            for b in values {
                #expect(SortKey(a).compare(SortKey(b)) == ValueOrder.compare(a, b), "\(a) against \(b)")
            }
        }
        let t = Table(rows: values.map { Record(["v": $0]) }, columns: ["v"])
        let sorted = Stages.sort(t, by: "v", descending: false).rows.map { $0["v"] }
        #expect(sorted.first == .number(-1) && sorted.last == .null, "\(sorted)")
    }

    @Test func comparisonTable() throws {
        func verdict(_ a: Value, _ op: ComparisonOperator, _ b: String) throws -> Verdict {
            try Comparison.compare(.typed(a), op, Operand(value: LiteralReader.natural(b), text: b, guessed: true))
        }
        let eur = Value.money(Money(amount: 5e9, currency: "EUR"))
        #expect(try verdict(eur, .equal, "5bn") == .yes)
        #expect(try verdict(.quantity(Quantity(number: 700, qualifier: .moreThan)), .greater, "600") == .yes)
        #expect(try verdict(.text("Paris"), .equal, "paris") == .no, "== is exact")
        #expect(try verdict(.text("Paris"), .less, "rome") == .yes, "order ignores case")
        #expect(try verdict(.text("Université"), .contains, "universite") == .yes, "and accents")
        #expect(try verdict(.ref("france"), .contains, "fran") == .no, "an id contains only itself")
        #expect(try verdict(.list([.ref("a"), .ref("b")]), .contains, "b") == .yes)
        #expect(try verdict(.list([.ref("a")]), .equal, "a") == .yes, "a one-element list compares as its element")
        #expect(try verdict(.bool(true), .equal, "yes") == .yes)
        #expect(try verdict(.date(ISODate(year: 2025, month: 2, day: 10)), .lessOrEqual, "2025-02") == .yes)
        #expect(try verdict(.date(ISODate(year: 2025, month: 2, day: 10)), .greater, "2025-02") == .no)
        #expect(try verdict(.null, .notEqual, "x") == .yes)
        #expect(try Comparison.compare(.typed(.null), .equal, .typed(.null)) == .yes)
        #expect(try Comparison.compare(.typed(eur), .less, .typed(.money(Money(amount: 9e9, currency: "USD")))) == .otherCurrency(row: "EUR", literal: "USD"))
        #expect(try Comparison.compare(.typed(.number(3)), .less, .typed(eur)) == .yes, "a number against money: the amount")
        #expect(Comparison.truth(.text("")) == false)
        #expect(Comparison.truth(.number(0)) == false)
        #expect(Comparison.truth(.list([])) == false)
        #expect(Comparison.truth(.record(Record())) == true)
    }

    @Test func fieldPaths() {
        let r = Record([RecordField("amount", .money(Money(amount: 5, currency: "EUR", qualifier: .about))),
                        RecordField("dates", .dateRange(DateRange("2025-02-06..2025-02-11")!)),
                        RecordField("ids", .list([.ref("a"), .ref("b")])),
                        RecordField("fields", .record(Record([RecordField("inner", .number(1))]))),
                        RecordField("a.b", .text("whole key"))])
        #expect(FieldPath.value(in: r, path: "amount.currency") == .text("EUR"))
        #expect(FieldPath.value(in: r, path: "amount.qualifier") == .text("about"))
        #expect(FieldPath.value(in: r, path: "dates.end") == .date(ISODate(year: 2025, month: 2, day: 11)))
        #expect(FieldPath.value(in: r, path: "dates.days") == .number(6))
        #expect(FieldPath.value(in: r, path: "dates.precision") == .text("day"))
        #expect(FieldPath.value(in: r, path: "ids.1") == .ref("b"))
        #expect(FieldPath.value(in: r, path: "ids.9") == .null)
        #expect(FieldPath.value(in: r, path: "inner") == .number(1), "an entity record's fields")
        #expect(FieldPath.value(in: r, path: "a.b") == .text("whole key"))
        #expect(FieldPath.value(in: r, path: "nothing.here") == .null)
        #expect(FieldPath.resolve(.record(r), ["amount", "nope"]).missing == nil, "only a record's missing key is reported")
        #expect(FieldPath.resolve(.record(r), ["nope"]).missing == 0)
    }

    @Test func stagesOnTables() throws {
        let t = Table(rows: [Record(["k": .number(2)]), Record(["k": .null]), Record(["k": .number(1)])], columns: ["k"])
        #expect(Stages.sort(t, by: "k", descending: false).rows.map { $0["k"] } == [.number(1), .number(2), .null])
        #expect(Stages.sort(t, by: "k", descending: true).rows.map { $0["k"] } == [.number(2), .number(1), .null])
        #expect(Stages.first(t, 1).rows.count == 1)
        #expect(Stages.last(t, 5).rows.count == 3)
        #expect(Stages.group(t, by: "k").rows.count == 3)
        #expect(try Stages.sum(t, "k") == .value(.number(3)))
        #expect(Table(.value(.list([.number(1), .text("a")]))).columns == ["value"])
        #expect(Table(.text("hi")).rows == [Record(["text": .text("hi")])])
        #expect(Table(.none).rows.isEmpty)
    }
}
