import Testing
@testable import SummitKit

@Suite("ISODate")
struct ISODateTests {
    @Test func parsesDayPrecision() throws {
        let d = try #require(ISODate("2025-02-10"))
        #expect(d.year == 2025)
        #expect(d.month == 2)
        #expect(d.day == 10)
        #expect(d.description == "2025-02-10")
    }

    @Test func parsesMonthPrecision() throws {
        let d = try #require(ISODate("2025-02"))
        #expect(d.year == 2025)
        #expect(d.month == 2)
        #expect(d.day == nil)
        #expect(d.description == "2025-02")
    }

    @Test func parsesYearPrecision() throws {
        let d = try #require(ISODate("2025"))
        #expect(d.year == 2025)
        #expect(d.month == nil)
        #expect(d.day == nil)
        #expect(d.description == "2025")
    }

    @Test func rejectsImpossibleDays() {
        #expect(ISODate("2025-02-30") == nil)
        #expect(ISODate("2025-02-29") == nil)
        #expect(ISODate("2025-04-31") == nil)
        #expect(ISODate("2025-01-32") == nil)
        #expect(ISODate("2025-01-00") == nil)
        #expect(ISODate("1900-02-29") == nil, "1900 is not a leap year (divisible by 100)")
    }

    @Test func acceptsLeapDays() {
        #expect(ISODate("2024-02-29") == ISODate(year: 2024, month: 2, day: 29))
        #expect(ISODate("2000-02-29") != nil, "2000 is a leap year (divisible by 400)")
        #expect(ISODate("2025-12-31") != nil)
        #expect(ISODate("2025-04-30") != nil)
    }

    @Test(arguments: [
        "", "25", "20250", "2025-", "2025-1", "2025-13", "2025-00", "2025-02-", "2025-02-1", "2025-2-10",
        "0000", "-2025", "+202", "2025-+1", "2025-02-+1", "２０２５", "2025-02-10T10:00", "2025/02/10", " 2025", "2025-02-10-01", "abcd",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(ISODate(text) == nil, "'\(text)' should not parse")
    }

    @Test func initDropsDayWithoutMonth() {
        let d = ISODate(year: 2025, month: nil, day: 5)
        #expect(d.day == nil)
        #expect(d.description == "2025")
    }

    @Test func descriptionPadsYear() {
        #expect(ISODate(year: 5, month: 3, day: 7).description == "0005-03-07")
    }

    @Test func daysInMonth() {
        #expect(ISODate.daysIn(year: 2025, month: 2) == 28)
        #expect(ISODate.daysIn(year: 2024, month: 2) == 29)
        #expect(ISODate.daysIn(year: 2100, month: 2) == 28)
        #expect(ISODate.daysIn(year: 2000, month: 2) == 29)
        #expect(ISODate.daysIn(year: 2025, month: 4) == 30)
        #expect(ISODate.daysIn(year: 2025, month: 12) == 31)
    }

    @Test func startAndEndOfCoarseDates() throws {
        let feb = try #require(ISODate("2025-02"))
        #expect(feb.start == ISODate(year: 2025, month: 2, day: 1))
        #expect(feb.end == ISODate(year: 2025, month: 2, day: 28))
        let leapFeb = try #require(ISODate("2024-02"))
        #expect(leapFeb.end == ISODate(year: 2024, month: 2, day: 29))
        let year = try #require(ISODate("2025"))
        #expect(year.start == ISODate(year: 2025, month: 1, day: 1))
        #expect(year.end == ISODate(year: 2025, month: 12, day: 31))
        let day = try #require(ISODate("2025-02-10"))
        #expect(day.start == day)
        #expect(day.end == day)
    }

    @Test func ordering() throws {
        let a = try #require(ISODate("2025-02-10"))
        let b = try #require(ISODate("2025-02-11"))
        let c = try #require(ISODate("2025-03-01"))
        let d = try #require(ISODate("2026-01-01"))
        #expect(a < b)
        #expect(b < c)
        #expect(c < d)
        #expect(!(b < a))
        #expect(!(a < a))
        #expect(try #require(ISODate("2024-12-31")) < a)
        // A coarser date sorts before the finer dates it contains.
        let year = try #require(ISODate("2025"))
        let month = try #require(ISODate("2025-02"))
        #expect(year < month)
        #expect(month < a)
        #expect(!(month < year))
        #expect([d, a, month, c, year, b].sorted() == [year, month, a, b, c, d])
    }

    @Test func precisionMattersForEquality() {
        #expect(ISODate("2025-02") != ISODate("2025-02-01"))
        #expect(ISODate("2025") != ISODate("2025-01"))
        #expect(ISODate("2025-02-10") == ISODate(year: 2025, month: 2, day: 10))
    }

    @Test func dayNumberKnownValues() throws {
        #expect(try #require(ISODate("1970-01-01")).dayNumber == 0)
        #expect(try #require(ISODate("1969-12-31")).dayNumber == -1)
        #expect(try #require(ISODate("2000-03-01")).dayNumber == 11017)
        #expect(try #require(ISODate("2024-02-29")).dayNumber == 19782)
        #expect(try #require(ISODate("2025-02-10")).dayNumber == 20129)
        #expect(try #require(ISODate("0001-01-01")).dayNumber == -719162)
        #expect(try #require(ISODate("9999-12-31")).dayNumber == 2932896)
    }

    @Test func dayNumberOfCoarseDateIsItsFirstDay() throws {
        #expect(try #require(ISODate("2025-02")).dayNumber == 20120)
        let jan1 = try #require(ISODate("2025-01-01"))
        #expect(try #require(ISODate("2025")).dayNumber == jan1.dayNumber)
    }

    @Test func dayNumberKnownInverse() {
        #expect(ISODate(dayNumber: 0) == ISODate(year: 1970, month: 1, day: 1))
        #expect(ISODate(dayNumber: 19782) == ISODate(year: 2024, month: 2, day: 29))
        #expect(ISODate(dayNumber: 19783) == ISODate(year: 2024, month: 3, day: 1))
        #expect(ISODate(dayNumber: -1) == ISODate(year: 1969, month: 12, day: 31))
        #expect(ISODate(dayNumber: -719162) == ISODate(year: 1, month: 1, day: 1))
    }

    @Test func dayNumberRoundTrip() {
        var n = -719162  // 0001-01-01
        var previous: ISODate?
        while n <= 2932896 {  // 9999-12-31
            let d = ISODate(dayNumber: n)
            #expect(d.dayNumber == n)
            #expect(ISODate(d.description) == d, "\(d) should re-parse")
            if let previous { #expect(previous < d) }
            previous = d
            n += 997
        }
    }

    @Test func dayNumberRoundTripEveryDayAroundLeapYears() {
        // Every day of 1999-2001 and 2099-2101 (2100 is not a leap year).
        for base in [ISODate(year: 1999, month: 1, day: 1).dayNumber, ISODate(year: 2099, month: 1, day: 1).dayNumber] {
            var previous = ISODate(dayNumber: base - 1)
            for n in base..<(base + 3 * 366) {
                let d = ISODate(dayNumber: n)
                #expect(d.dayNumber == n)
                #expect(previous < d)
                #expect(d.day! >= 1 && d.day! <= ISODate.daysIn(year: d.year, month: d.month!))
                previous = d
            }
        }
        #expect(ISODate(dayNumber: ISODate(year: 2100, month: 2, day: 28).dayNumber + 1) == ISODate(year: 2100, month: 3, day: 1))
        #expect(ISODate(dayNumber: ISODate(year: 2000, month: 2, day: 28).dayNumber + 1) == ISODate(year: 2000, month: 2, day: 29))
    }
}

@Suite("DateRange")
struct DateRangeTests {
    @Test func parsesDotDot() throws {
        let r = try #require(DateRange("2025-02-06..2025-02-11"))
        #expect(r.start == ISODate(year: 2025, month: 2, day: 6))
        #expect(r.end == ISODate(year: 2025, month: 2, day: 11))
        #expect(r.description == "2025-02-06..2025-02-11")
        #expect(r.dayCount == 6)
    }

    @Test func parsesSlash() throws {
        let r = try #require(DateRange("2025-02-10/2025-02-11"))
        #expect(r.dayCount == 2)
        #expect(r.description == "2025-02-10..2025-02-11")
    }

    @Test func singleDayRange() throws {
        #expect(try #require(DateRange("2025-02-10..2025-02-10")).dayCount == 1)
    }

    @Test func dayCountAcrossMonthAndLeapDay() throws {
        #expect(try #require(DateRange("2024-02-28..2024-03-01")).dayCount == 3)
        #expect(try #require(DateRange("2025-02-28..2025-03-01")).dayCount == 2)
        #expect(try #require(DateRange("2024-12-31..2025-01-01")).dayCount == 2)
    }

    @Test func dayCountOfCoarseEnds() throws {
        #expect(try #require(DateRange("2025..2025")).dayCount == 365)
        #expect(try #require(DateRange("2024/2024")).dayCount == 366)
        #expect(try #require(DateRange("2024-02..2024-03")).dayCount == 60)
        #expect(try #require(DateRange("2025-02..2025-02")).dayCount == 28)
        #expect(try #require(DateRange("2025-02-11..2025-02")).dayCount == 18)
    }

    @Test(arguments: [
        "2025-02-11..2025-02-10", "2026..2025", "2025-03..2025-02-28", "2025-02-10", "2025-02-10..", "..2025-02-10",
        "2025-02-10...2025-02-11", "2025-02-30..2025-03-01", "a..b", "2025-02-10..2025-02-11..2025-02-12", "",
    ])
    func rejects(_ text: String) {
        #expect(DateRange(text) == nil, "'\(text)' should not parse")
    }

    @Test func contains() throws {
        let r = try #require(DateRange("2025-02-06..2025-02-11"))
        #expect(r.contains(try #require(ISODate("2025-02-06"))))
        #expect(r.contains(try #require(ISODate("2025-02-11"))))
        #expect(!r.contains(try #require(ISODate("2025-02-05"))))
        #expect(!r.contains(try #require(ISODate("2025-02-12"))))
        // A month overlaps the range.
        #expect(r.contains(try #require(ISODate("2025-02"))))
        #expect(!r.contains(try #require(ISODate("2025-03"))))
    }
}

@Suite("ValueParser")
struct ValueParserTests {
    @Test(arguments: [
        ("20bn", 20e9), ("1.5m", 1.5e6), ("300k", 300e3), ("2tn", 2e12), ("5b", 5e9), ("20BN", 20e9), ("1.5M", 1.5e6),
        ("1,000", 1000), ("1_000_000", 1e6), ("-3.5", -3.5), ("+7", 7), ("700", 700), ("0", 0), ("2.5k", 2500), ("1e3", 1000),
        ("109bn", 109e9), ("3.m", 3e6),
    ] as [(String, Double)])
    func number(_ text: String, _ expected: Double) {
        #expect(ValueParser.number(text) == expected, "'\(text)'")
    }

    @Test(arguments: ["", "k", "bn", "m", "abc", "20 bn", "20x", "1.2.3", "EUR", "--", "12kk", "one", "1e", "nan", "inf", "0x10"])
    func numberRejects(_ text: String) {
        #expect(ValueParser.number(text) == nil, "'\(text)' should not parse")
    }

    @Test func moneyAmountFirst() throws {
        let m = try #require(ValueParser.money("200bn EUR"))
        #expect(m.amount == 200e9)
        #expect(m.currency == "EUR")
        #expect(m.qualifier == .exact)
        #expect(m.upperAmount == nil)
    }

    @Test func moneyCurrencyFirst() throws {
        let m = try #require(ValueParser.money("EUR 200bn"))
        #expect(m.amount == 200e9)
        #expect(m.currency == "EUR")
        let usd = try #require(ValueParser.money("USD 400m"))
        #expect(usd.amount == 400e6)
        #expect(usd.currency == "USD")
        let gbp = try #require(ValueParser.money("1,500 GBP"))
        #expect(gbp.amount == 1500)
        #expect(gbp.currency == "GBP")
    }

    @Test(arguments: ["200bn", "EUR", "eur 200bn", "200bn euro", "EUR 200bn extra", "EUR EUR", "200 300", "", "EURO 5", "E1R 5"])
    func moneyRejects(_ text: String) {
        #expect(ValueParser.money(text) == nil, "'\(text)' should not parse")
    }

    @Test func currencyCode() {
        #expect(Money.isCurrencyCode("EUR"))
        #expect(!Money.isCurrencyCode("eur"))
        #expect(!Money.isCurrencyCode("EU"))
        #expect(!Money.isCurrencyCode("EURO"))
        #expect(!Money.isCurrencyCode("ÉUR"))
    }
}

@Suite("NumberFormat")
struct NumberFormatTests {
    @Test(arguments: [
        (200e9, "200bn"), (1.5e6, "1.5m"), (300e3, "300k"), (27e6, "27m"), (27, "27"), (700, "700"), (2e12, "2tn"),
        (9999, "9999"), (10000, "10k"), (1_234_567, "1.23m"), (-2e9, "-2bn"), (0, "0"), (0.5, "0.5"), (109e9, "109bn"),
        (1e9, "1bn"), (1e6, "1m"),
    ] as [(Double, String)])
    func short(_ x: Double, _ expected: String) {
        #expect(NumberFormat.short(x) == expected)
    }

    @Test(arguments: [
        (200e9, "200,000,000,000"), (1000, "1,000"), (999, "999"), (0, "0"), (1_234.5, "1,234.5"), (-1_234_567, "-1,234,567"),
        (100_000, "100,000"), (12, "12"), (-999, "-999"),
    ] as [(Double, String)])
    func grouped(_ x: Double, _ expected: String) {
        #expect(NumberFormat.grouped(x) == expected)
    }

    @Test(arguments: [
        (200e9, "200000000000"), (1.5, "1.5"), (-3, "-3"), (0, "0"), (0.1, "0.1"), (123_456.789, "123456.789"), (27e6, "27000000"),
    ] as [(Double, String)])
    func plain(_ x: Double, _ expected: String) {
        #expect(NumberFormat.plain(x) == expected)
    }

    /// The fixed-point form as it was written first (digit strings cut and trimmed), against
    /// which the arithmetic one is checked.
    static func plainByStrings(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 9.0e18 { return String(Int64(x)) }
        guard abs(x) < 9.0e8 else { return String(x) }
        let scaled = Int64((abs(x) * 1e10).rounded())
        var digits = String(scaled)
        if digits.count <= 10 { digits = String(repeating: "0", count: 11 - digits.count) + digits }
        var intPart = String(digits.dropLast(10))
        var frac = String(digits.suffix(10))
        while frac.hasSuffix("0") { frac.removeLast() }
        if intPart.isEmpty { intPart = "0" }
        let sign = x < 0 && (scaled != 0) ? "-" : ""
        return sign + intPart + (frac.isEmpty ? "" : "." + frac)
    }

    @Test func plainFractionsAsTheyWere() {
        var rng = SplitMix(seed: 5)
        var values: [Double] = [0.5, -0.5, 1e-11, -1e-11, 1e-10, 0.0000000001, 8.99e8 + 0.25, -123.000_000_1, 5.01, 0.1 + 0.2, 1.0 / 3]
        for _ in 0..<20_000 {
            let magnitude = pow10(Int(rng.below(20)) - 11)
            let x = Double(rng.next() % 1_000_000) / 1000 * magnitude * (rng.below(2) == 0 ? 1 : -1)
            values.append(x)
            values.append((x * 100).rounded() / 100)
        }
        for x in values { #expect(NumberFormat.plain(x) == Self.plainByStrings(x), "\(x)") }
    }

    func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(n) { p *= 10 }
        return n < 0 ? 1 / p : p
    }

    @Test func plainNonFinite() {
        #expect(NumberFormat.plain(.nan) == "nan")
        #expect(NumberFormat.plain(.infinity) == "inf")
        #expect(NumberFormat.plain(-.infinity) == "-inf")
    }
}

@Suite("Qualifier")
struct QualifierTests {
    @Test(arguments: [
        ("exact", Qualifier.exact), ("about", .about), ("more-than", .moreThan), ("more than", .moreThan), ("more_than", .moreThan),
        ("More Than", .moreThan), ("MORE-THAN", .moreThan), ("+", .moreThan), ("over", .moreThan), ("~", .about),
        ("approximately", .about), ("around", .about), ("some", .about), ("circa", .about), ("at least", .atLeast),
        ("at-least", .atLeast), ("up to", .upTo), ("up_to", .upTo), ("fewer than", .fewerThan), ("nearly", .nearly), ("almost", .nearly),
    ] as [(String, Qualifier)])
    func parses(_ text: String, _ expected: Qualifier) {
        #expect(Qualifier(text: text) == expected, "'\(text)'")
    }

    @Test(arguments: ["", "bogus", "more", "less than", "-", "morethan", "at  least"])
    func rejects(_ text: String) {
        #expect(Qualifier(text: text) == nil, "'\(text)' should not parse")
    }

    @Test func rawValueRoundTrip() {
        for q in Qualifier.allCases {
            #expect(Qualifier(text: q.rawValue) == q)
        }
    }

    @Test func prefixes() {
        #expect(Qualifier.exact.prefix == "")
        #expect(Qualifier.moreThan.prefix == "more than ")
        #expect(Qualifier.upTo.prefix == "up to ")
    }
}

@Suite("Value")
struct ValueTests {
    @Test func moneyDisplay() {
        #expect(Value.money(Money(amount: 200e9, currency: "EUR")).display == "EUR 200bn")
        #expect(Value.money(Money(amount: 1.5e6, currency: "USD")).display == "USD 1.5m")
        #expect(Value.money(Money(amount: 109e9, currency: "EUR", qualifier: .about)).display == "about EUR 109bn")
        #expect(Value.money(Money(amount: 1e9, currency: "GBP", upperAmount: 2e9)).display == "GBP 1bn-2bn")
        #expect(Value.money(Money(amount: 300e3, currency: "EUR", qualifier: .upTo)).display == "up to EUR 300k")
    }

    @Test func quantityDisplay() {
        #expect(Value.quantity(Quantity(number: 700, qualifier: .moreThan)).display == "more than 700")
        #expect(Value.quantity(Quantity(number: 1500)).display == "1,500")
        #expect(Value.quantity(Quantity(number: 250, upper: 300)).display == "250-300")
        #expect(Value.quantity(Quantity(number: 1000, qualifier: .about, upper: 2000)).display == "about 1,000-2,000")
    }

    @Test func otherDisplays() throws {
        #expect(Value.null.display == "")
        #expect(Value.bool(true).display == "yes")
        #expect(Value.bool(false).display == "no")
        #expect(Value.number(1.5).display == "1.5")
        #expect(Value.number(200e9).display == "200000000000")
        #expect(Value.date(try #require(ISODate("2025-02-10"))).display == "2025-02-10")
        #expect(Value.dateRange(try #require(DateRange("2025-02-06/2025-02-11"))).display == "2025-02-06..2025-02-11")
        #expect(Value.text("hi").display == "hi")
        #expect(Value.ref("paris-2025").display == "paris-2025")
        #expect(Value.list([.text("a"), .number(2)]).display == "a, 2")
        #expect(Value.record(Record(["a": .number(1), "b": .text("x")])).display == "a: 1; b: x")
    }

    @Test func typeNames() throws {
        #expect(Value.money(Money(amount: 1, currency: "EUR")).typeName == "money")
        #expect(Value.date(try #require(ISODate("2025"))).typeName == "date")
        #expect(Value.dateRange(try #require(DateRange("2025..2026"))).typeName == "date range")
        #expect(Value.number(1).typeName == "number")
        #expect(Value.ref("x").typeName == "reference")
    }

    @Test func numericAndDates() throws {
        #expect(Value.money(Money(amount: 5, currency: "EUR")).numeric == 5)
        #expect(Value.quantity(Quantity(number: 7)).numeric == 7)
        #expect(Value.text("7").numeric == nil)
        let r = try #require(DateRange("2025-02-06..2025-02-11"))
        #expect(Value.dateRange(r).startDate == ISODate(year: 2025, month: 2, day: 6))
        #expect(Value.dateRange(r).endDate == ISODate(year: 2025, month: 2, day: 11))
        #expect(Value.text("x").startDate == nil)
    }

    @Test func recordPathLookup() throws {
        let r = Record([
            RecordField("amount", .money(Money(amount: 200e9, currency: "EUR"))),
            RecordField("dates", .dateRange(try #require(DateRange("2025-02-06..2025-02-11")))),
            RecordField("fields", .record(Record(["n": .number(3)]))),
        ])
        #expect(r.value(at: "amount.amount") == .number(200e9))
        #expect(r.value(at: "amount.currency") == .text("EUR"))
        #expect(r.value(at: "dates.start") == .date(ISODate(year: 2025, month: 2, day: 6)))
        #expect(r.value(at: "dates.to") == .date(ISODate(year: 2025, month: 2, day: 11)))
        #expect(r.value(at: "fields.n") == .number(3))
        #expect(r.value(at: "fields.missing") == .null)
        #expect(r.value(at: "nope") == .null)
        #expect(r.value(at: "amount.bogus") == .null)
    }

    @Test func recordSubscriptSetReplacesInPlace() {
        var r = Record(["a": .number(1), "b": .number(2)])
        r["a"] = .number(9)
        r["c"] = .number(3)
        #expect(r.keys == ["a", "b", "c"])
        #expect(r["a"] == .number(9))
    }
}

@Suite("TextForm.join")
struct TextJoinTests {
    @Test func joinsAsTheStandardLibraryDoes() {
        let cases: [[String]] = [[], [""], ["a"], ["a", "b"], ["", "", ""], ["Université", "—", "北京", "🇫🇷"], Array(repeating: "x", count: 100)]
        for parts in cases {
            for sep in ["", ", ", "\n", "→"] {
                #expect(TextForm.join(parts, sep) == parts.joined(separator: sep), "\(parts) with \(sep.debugDescription)")
            }
        }
    }
}
