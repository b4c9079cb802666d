@testable import Funding
import SummitKit
import SummitSeeds
import Testing

/// A session on the built-in seeds with the funding plugin.
private func session(width: Int = 100) throws -> ScriptedSession {
    var settings = Settings()
    settings.width = width
    return ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [FundingPlugin()], settings: settings)
}

/// Runs a command given as words (no quoting needed) and returns its typed result.
private func run(_ s: ScriptedSession, _ words: [String]) throws -> CommandResult {
    let (command, used) = try #require(s.context.resolveCommand(words))
    let args = try Arguments.parse(Array(words[used...]), for: command)
    return try command.run(args, in: s.context)
}

private func run(_ s: ScriptedSession, _ line: String) throws -> CommandResult {
    try run(s, line.split(separator: " ").map(String.init))
}

private func row(_ r: CommandResult, id: String) -> Record? {
    r.records.first { $0["id"].textValue == id }
}

private func eur(_ x: Double, _ q: Qualifier = .exact) -> Value { .money(Money(amount: x, currency: "EUR", qualifier: q)) }
private func usd(_ x: Double, _ q: Qualifier = .exact) -> Value { .money(Money(amount: x, currency: "USD", qualifier: q)) }

@Suite struct FundingListTests {
    @Test func rowsAreBuiltOnDemandAndEachFieldIsTheRecordsOwn() throws {
        let s = try session()
        guard case .lazyRecords(let rows) = try run(s, "funding list --sort date") else {
            Issue.record("funding list should give rows built on demand")
            return
        }
        #expect(rows.count == Pledge.all(in: s.context.registry).count)
        #expect(rows.columns == Pledge.columns)
        for row in rows.order {
            let record = rows.source.record(row)
            #expect(record.keys == rows.source.keys)
            for key in rows.source.keys { #expect(rows.source.field(key, row: row) == record[key], "\(key) of row \(row)") }
        }
        // A pipeline over them gives what the same rows built whole give.
        let whole = CommandResult.records(rows.records, columns: rows.columns)
        s.interpreter.environment.assign("whole", whole)
        for stages in ["| where amount > 1bn | sort amount desc | first 3", "| where funder contains france | select id for", "| sort date | last 2", "| where amount > 1bn EUR | count | select value"] {
            let a = s.run("funding list --sort date \(stages) --format json"), b = s.run("$whole \(stages) --format json")
            #expect(a.out == b.out, "\(stages)")
            #expect(a.out.count > 3, "\(stages)")
        }
    }

    @Test func listsThePledgesWithTypedMoney() throws {
        let s = try session()
        let r = try run(s, "funding list")
        let investai = try #require(row(r, id: "funding-investai"))
        #expect(investai["amount"] == eur(200e9))
        #expect(investai["funder"] == .text("European Union"))
        #expect(investai["summit"] == .ref("paris-2025"))
        #expect(investai["for"] == .text("InvestAI"))
        let current = try #require(row(r, id: "funding-current-ai"))
        #expect(current["amount"] == usd(400e6))
        #expect(current["funder"] == .text("France"))
        #expect(current["country"] == .text("France"))
        // Qualifiers are kept and shown.
        let france = try #require(row(r, id: "funding-france-private-ai-investment"))
        #expect(france["amount"] == eur(109e9, .about))
        #expect(france["date"] == .date(ISODate("2025-02-09")!))
        #expect(france["date_from"] == .text("announced"))
        #expect(try session(width: 250).run("funding list").out.contains("about EUR 109bn"))
        // Nesting is visible in the record.
        #expect(row(r, id: "funding-investai-gigafactories")?["part_of"] == .ref("funding-investai"))
    }

    @Test func jsonGivesMoneyAsAmountAndCurrency() throws {
        let s = try session()
        let out = s.run("funding list --currency EUR --format json")
        #expect(out.status == .ok)
        #expect(out.out.contains("\"amount\": {\"amount\": 200000000000, \"currency\": \"EUR\"}"))
        #expect(out.out.contains("{\"amount\": 109000000000, \"currency\": \"EUR\", \"qualifier\": \"about\"}"))
        #expect(!out.out.contains("\"USD\""))
    }

    @Test func defaultOrderIsByCurrencyThenLargestFirst() throws {
        let s = try session()
        let amounts = try run(s, "funding list").records.compactMap { r -> Money? in
            if case .money(let m) = r["amount"] { return m } else { return nil }
        }
        #expect(amounts.map(\.currency) == amounts.map(\.currency).sorted())
        for (a, b) in zip(amounts, amounts.dropFirst()) where a.currency == b.currency { #expect(a.amount >= b.amount) }
        let asc = try run(s, "funding list --currency USD --asc").records.compactMap { $0["id"].textValue }
        #expect(asc.first == "funding-roost")
        let byDate = try run(s, "funding list --sort date").records.compactMap { $0["id"].textValue }
        #expect(byDate.first == "funding-france-private-ai-investment")
        let byName = try run(s, "funding list --sort name --desc").records.compactMap { $0["name"].textValue }
        #expect(byName == byName.sorted(by: >))
    }

    /// With many pledges, amounts and pledges are read on every core, and come back as one
    /// thread reads them: the same pledges, in load order.
    @Test func manyPledgesReadOnEveryCoreAsOneThreadReadsThem() throws {
        let seeds = try BuiltinSeeds.registry()
        let n = 2 * Pledge.pledgesPerRead + 17
        var extra: [Entity] = []
        for i in 0..<n {
            let currency = i % 3 == 0 ? "USD" : "EUR"
            let amount = Field("amount", [Claim(.money(Money(amount: Double(i % 97) * 1e6, currency: currency)))])
            extra.append(Entity(id: "p\(i)", kind: "funding", name: "Pledge \(i)", fields: i % 5 == 0 ? [] : [amount],
                                relations: [Relation("funder", ["france"]), Relation("summit", ["paris-2025"])], sources: ["src"], pack: "many"))
        }
        let reg = Registry(trusted: seeds.entities + extra)
        let cells = reg.moneyCells("amount")
        let positions = Pledge.positions(in: reg, cells: cells)
        let funding = reg.indices(ofKind: "funding")
        #expect(Array(positions) == funding.filter { Pledge.amount(of: reg.entities[$0]) != nil })
        #expect(positions.map { cells.cell($0)!.amount } == positions.map { Pledge.amount(of: reg.entities[$0])!.amount })
        #expect(positions.map { cells.cell($0)!.currency } == positions.map { Pledge.amount(of: reg.entities[$0])!.currency })
        #expect(funding.count > 2 * Pledge.pledgesPerRead, "enough for two cores")
        let all = Pledge.all(in: reg)
        let one = funding.compactMap { Pledge(reg.entities[$0], registry: reg) }
        #expect(all.map { $0.id } == one.map { $0.id })
        #expect(all.map { $0.funderCountries } == one.map { $0.funderCountries })
    }

    /// The order by amount (keys read once, names only for ties) is the plain stable sort by
    /// currency, amount and name, in both directions, with many ties.
    @Test func orderByAmountIsTheStableSortByCurrencyAmountName() {
        var g = SystemRandomNumberGenerator()
        // The last size is sorted a part a core, then merged.
        for round in 0..<21 {
            let n = round == 20 ? 2 * LazyRows.sortedPerCore + 11 : [0, 1, 2, 50, 400][round % 5]
            let money: [Money?] = (0..<n).map { _ in
                Int.random(in: 0..<10, using: &g) == 0 ? nil : Money(amount: Double(Int.random(in: 0..<6, using: &g)) * 1e6, currency: ["EUR", "USD", "GBP"].randomElement(using: &g)!)
            }
            let names = (0..<n).map { _ in ["a", "b", "B", "é", ""].randomElement(using: &g)! }
            for desc in [true, false] {
                var o = PledgeOrder()
                o.descending = desc
                let got = o.order(n, money: { money[$0] }, name: { names[$0] }, date: { _ in nil })
                let want = (0..<n).sorted { i, j in
                    let (ci, cj) = (money[i]?.currency ?? "", money[j]?.currency ?? "")
                    if ci != cj { return ci < cj }
                    let (ai, aj) = (money[i]?.amount ?? 0, money[j]?.amount ?? 0)
                    if ai != aj { return desc ? ai > aj : ai < aj }
                    return names[i] < names[j]
                }
                #expect(got == want, "\(n) pledges, descending \(desc)")
            }
        }
    }

    @Test func minComparesInEachPledgesOwnCurrency() throws {
        let s = try session()
        let over100m = try run(s, "funding list --min 100m").records.compactMap { $0["id"].textValue }
        #expect(over100m.contains("funding-current-ai"))  // USD 400m
        #expect(over100m.contains("funding-investai"))  // EUR 200bn
        #expect(!over100m.contains("funding-roost"))  // USD 27m
        let over10bn = try run(s, "funding list --min 10bn").records
        #expect(over10bn.allSatisfy { ($0["amount"].numeric ?? 0) >= 10e9 })
        #expect(over10bn.contains { $0["id"].textValue == "funding-france-brookfield" })
        // With a currency in the amount, only that currency is compared.
        let eur50 = try run(s, ["funding", "list", "--min", "50bn EUR"]).records.compactMap { $0["id"].textValue }
        #expect(Set(eur50) == ["funding-investai", "funding-france-private-ai-investment", "funding-france-uae"])
        let usd1bn = try run(s, "funding list --min 1bn --currency usd").records.compactMap { $0["id"].textValue }
        #expect(usd1bn == ["us-ai-infrastructure-500bn"])
    }

    @Test func filtersBySummitFunderAndCountry() throws {
        let s = try session()
        let paris = try run(s, "funding list --summit paris-2025").records.compactMap { $0["id"].textValue }
        #expect(paris.contains("funding-investai"))
        #expect(!paris.contains("us-ai-infrastructure-500bn"))  // background, no summit
        #expect(try run(s, "funding list --summit seoul-2024").records.isEmpty)
        let uae = try run(s, "funding list --funder united-arab-emirates").records.compactMap { $0["id"].textValue }
        #expect(Set(uae) == ["funding-france-private-ai-investment", "funding-france-uae"])
        let france = try run(s, "funding list --country france").records.compactMap { $0["id"].textValue }
        #expect(france.contains("funding-current-ai"))  // the funder is France
        #expect(france.contains("funding-france-brookfield"))  // the pledge is for France
        #expect(!france.contains("funding-investai"))
    }

    @Test func badInputFailsWithAUsefulMessage() throws {
        let s = try session()
        let unknownSummit = s.run("funding list --summit paris-2052")
        #expect(unknownSummit.status == .failed)
        #expect(unknownSummit.err.contains("did you mean 'paris-2025'"))
        let notInData = s.run("funding list --currency GBP")
        #expect(notInData.status == .failed)
        #expect(notInData.err.contains("EUR, USD"))
        #expect(s.run("funding list --currency euro").status == .failed)
        #expect(s.run("funding list --min lots").status == .failed)
        #expect(s.run("funding list --sort size").err.contains("amount, date, name"))
        #expect(s.run("funding list --asc --desc").status == .failed)
        #expect(s.run("funding list --funder paris-2025").err.contains("summit"))
        #expect(s.run("funding list --min '1bn EUR' --currency USD").status == .failed)
        // The error points at the option.
        #expect(throws: CommandError.self) { try run(s, "funding list --summit nowhere") }
        do {
            _ = try run(s, "funding list --summit nowhere")
        } catch let e as CommandError {
            #expect(e.kind == .notFound)
            #expect(e.argumentIndex == 1)  // the value after --summit
        }
    }
}

@Suite struct FundingTotalTests {
    @Test func totalsPerCurrencyNeverMixAndNeverDoubleCount() throws {
        let s = try session()
        let rows = try run(s, "funding total").records
        #expect(rows.compactMap { $0["currency"].textValue } == ["EUR", "USD"])
        for r in rows {
            guard case .money(let m) = r["total"] else { Issue.record("total is not money"); continue }
            #expect(m.currency == r["currency"].textValue)
        }
        let eurRow = try #require(rows.first { $0["currency"] == .text("EUR") })
        // InvestAI 200bn + France about 109bn; the 20bn gigafactory fund and the Brookfield and
        // UAE shares are inside them.
        #expect(eurRow["total"] == eur(309e9, .about))
        #expect(eurRow["count"] == .number(2))
        let excluded = eurRow["excluded"].textValue ?? ""
        #expect(excluded.contains("funding-investai-gigafactories (part of funding-investai"))
        #expect(excluded.contains("funding-france-uae"))
        // USD: Current AI 400m + ROOST 27m; the US 500bn announcement is background.
        let usdRow = try #require(rows.first { $0["currency"] == .text("USD") })
        #expect(usdRow["total"] == usd(427e6))
        #expect(usdRow["excluded"].textValue?.contains("us-ai-infrastructure-500bn") == true)
        let all = try run(s, "funding total --all").records.first { $0["currency"] == .text("USD") }
        #expect(all?["total"] == usd(500_427e6))
    }

    @Test func byFunderCountsEachFundersOwnShare() throws {
        let s = try session()
        let rows = try run(s, "funding total --by funder").records
        func total(_ group: String) -> Value? { rows.first { $0["group"] == .text(group) }?["total"] }
        #expect(total("European Union") == eur(200e9))
        #expect(total("Brookfield") == eur(20e9))
        #expect(total("United Arab Emirates") == eur(50e9))
        #expect(total("France") == usd(400e6))
        #expect(!rows.contains { $0["group"] == .text("(none)") })  // only the background announcement
        let brookfield = try run(s, "funding total --funder brookfield").records
        #expect(brookfield.count == 1)
        #expect(brookfield.first?["total"] == eur(20e9))
        let bySummit = try run(s, "funding total --by summit").records
        #expect(bySummit.allSatisfy { $0["group"] == .text("AI Action Summit") })
    }

    @Test func inUSDNamesTheRateItUses() throws {
        let s = try session()
        let rows = try run(s, "funding total --in USD").records
        let eurRow = try #require(rows.first { $0["currency"] == .text("EUR") })
        #expect(eurRow["rate_id"] == .text("rate-eur-usd-2025-02-10"))
        #expect(eurRow["rate"] == .number(1.032))
        #expect(eurRow["rate_date"] == .date(ISODate("2025-02-10")!))
        #expect(eurRow["rate_source"].textValue?.contains("src-ecb-reference-rates") == true)
        guard case .money(let converted) = eurRow["converted"] else { Issue.record("converted is not money"); return }
        #expect(converted.currency == "USD")
        #expect(abs(converted.amount - 309e9 * 1.032) < 1)
        #expect(converted.qualifier == .about)
        let usdRow = try #require(rows.first { $0["currency"] == .text("USD") })
        #expect(usdRow["converted"] == usd(427e6))
        #expect(usdRow["rate_id"] == .text("(same currency)"))
        let sum = try #require(rows.first { $0["currency"] == .text("all") })
        guard case .money(let total) = sum["total"] else { Issue.record("sum is not money"); return }
        #expect(total.currency == "USD")
        #expect(abs(total.amount - (309e9 * 1.032 + 427e6)) < 1)
        // The table names the rate too, and JSON carries the source's URL.
        let table = try session(width: 250).run("funding total --in USD")
        #expect(table.out.contains("rate-eur-usd-2025-02-10"))
        #expect(s.run("funding total --in USD --format json").out.contains("https://www.ecb.europa.eu/"))
    }

    @Test func conversionChainsThroughTheTableOnly() throws {
        let s = try session()
        let rows = try run(s, "funding total --in gbp").records
        let usdRow = try #require(rows.first { $0["currency"] == .text("USD") })
        #expect(usdRow["rate_id"] == .text("rate-eur-usd-2025-02-10 (inverse) × rate-eur-gbp-2025-02-05"))
        let missing = s.run("funding total --in JPY")
        #expect(missing.status == .failed)
        #expect(missing.err.contains("no rate to convert EUR to JPY"))
        #expect(s.run("funding total --in dollars").status == .failed)
        #expect(s.run("funding total --by region").status == .failed)
    }

    @Test func unverifiedRatesAreFlagged() throws {
        let src = Entity(id: "src-test", kind: "source", name: "Test source", fields: [Field("title", [Claim(.text("Test source"))])])
        let pledge = Entity(
            id: "p1", kind: "funding", name: "A pledge",
            fields: [Field("amount", [Claim(.money(Money(amount: 100, currency: "GBP")))])], sources: ["src-test"])
        let rate = Entity(
            id: "rate-gbp-usd", kind: "rate", name: "GBP to USD",
            fields: [
                Field("from", [Claim(.text("GBP"))]), Field("to", [Claim(.text("USD"))]), Field("rate", [Claim(.number(1.25))]),
                Field("date", [Claim(.date(ISODate("2025-02-10")!))]), Field("verified", [Claim(.bool(false))]),
                Field("note", [Claim(.text("not checked against a published rate"))]),
            ],
            sources: ["src-test"])
        let s = ScriptedSession(registry: try Registry(entities: [src, pledge, rate]), plugins: [FundingPlugin()])
        let r = try run(s, "funding total --in USD")
        let gbp = try #require(r.records.first { $0["currency"] == .text("GBP") })
        #expect(gbp["converted"] == usd(125))
        #expect(gbp["rate_note"].textValue?.hasPrefix("UNVERIFIED") == true)
        #expect(r.records.count == 2)
        if case .records(_, let columns) = r { #expect(columns.contains("rate_note")) }
        #expect(s.run("funding total --in USD").out.contains("UNVERIFIED"))
    }

    @Test func rateTableListsItsSources() throws {
        let s = try session()
        let rates = try run(s, "funding rates").records
        let eurusd = try #require(row(.records(rates, columns: []), id: "rate-eur-usd-2025-02-10"))
        #expect(eurusd["from"] == .text("EUR"))
        #expect(eurusd["to"] == .text("USD"))
        #expect(eurusd["rate"] == .number(1.032))
        #expect(eurusd["verified"] == .bool(true))
        #expect(eurusd["source"].textValue?.contains("src-dpa-afx-2025-02-10-fx") == true)
    }
}

@Suite struct FundingCompletionTests {
    @Test func completesFundersCurrenciesAndSummits() throws {
        let s = try session()
        let list = try #require(s.context.commands["funding list"])
        #expect(list.complete(CompletionRequest(previous: ["--funder"], prefix: "b"), in: s.context) == ["brookfield"])
        #expect(list.complete(CompletionRequest(previous: ["--currency"], prefix: ""), in: s.context) == ["EUR", "USD"])
        #expect(list.complete(CompletionRequest(previous: ["--summit"], prefix: "par"), in: s.context) == ["paris-2025"])
        #expect(list.complete(CompletionRequest(previous: ["--sort"], prefix: "d"), in: s.context) == ["date"])
        let total = try #require(s.context.commands["funding total"])
        #expect(total.complete(CompletionRequest(previous: ["--in"], prefix: "G"), in: s.context) == ["GBP"])
        #expect(total.complete(CompletionRequest(previous: ["--by"], prefix: ""), in: s.context) == ["funder", "country", "summit"])
        #expect(total.complete(CompletionRequest(previous: [], prefix: "--i"), in: s.context) == ["--in"])
    }
}

@Suite struct FundingChartTests {
    @Test func chartFitsTheWidthAndKeepsRecords() throws {
        for width in [50, 80, 120] {
            let s = try session(width: width)
            let r = try run(s, "funding chart")
            guard case .chart(let text, let records, _) = r else { Issue.record("not a chart"); continue }
            for line in text.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= width, "\(line)") }
            #expect(records.count == (try run(s, "funding list")).records.count)
            #expect(text.contains("EUR 200bn"))
            #expect(text.contains("about EUR 109bn"))
            #expect(text.contains("USD 400m"))
        }
    }

    @Test func aPipedChartLeavesTheDrawingOut() throws {
        let s = try session(width: 100)
        #expect(s.run("let kept = funding chart").status == .ok)
        for stages in ["| count", "| first 2", "| where amount > 10bn | select id amount"] {
            let piped = s.run("funding chart \(stages)"), kept = s.run("$kept \(stages)")
            #expect(piped.out == kept.out, "\(stages)")
        }
        guard case .chart = try run(s, "funding chart") else { Issue.record("alone, it is a chart"); return }
    }

    @Test func chartGroupsByCurrencyAndNestsParts() throws {
        let s = try session()
        guard case .chart(let text, let records, _) = try run(s, "funding chart --summit paris-2025") else { Issue.record("not a chart"); return }
        let lines = text.split(separator: "\n").map(String.init)
        let eurHeader = try #require(lines.firstIndex { $0.hasPrefix("EUR") })
        let usdHeader = try #require(lines.firstIndex { $0.hasPrefix("USD") })
        #expect(eurHeader < usdHeader)
        let investai = try #require(lines.firstIndex { $0.hasPrefix("InvestAI") })
        #expect(lines[investai + 1].hasPrefix("↳ European AI gigafactories fund "))
        #expect(!lines[investai].hasPrefix("InvestAI (EUR"))  // the amount follows the bar instead
        let ids = records.compactMap { $0["id"].textValue }
        #expect(ids.firstIndex(of: "funding-investai")! + 1 == ids.firstIndex(of: "funding-investai-gigafactories")!)
        // Machine formats get the records, not the drawing.
        let json = s.run("funding chart --format json").out
        #expect(json.contains("\"currency\": \"EUR\""))
        #expect(!json.contains("█"))
    }
}

/// `funding list`'s planned order and the money column's `where`, `sort` and `first` give what
/// the same pipeline gives over rows built whole (a `select` first makes them so), on decoded
/// entities and on a pack's mapped image with its money column.
@Suite struct PlannedFundingQueryTests {
    /// The seeds and `n` pledges in three currencies with many equal amounts and names.
    static func registries(_ n: Int) throws -> [Registry] {
        var g = SystemRandomNumberGenerator()
        var extra: [Entity] = []
        for i in 0..<n {
            let currency = ["EUR", "USD", "GBP"].randomElement(using: &g)!
            let amount = Double(Int.random(in: 0..<40, using: &g)) * 1e5
            let q: Qualifier = i % 7 == 0 ? .about : .exact
            extra.append(Entity(id: "p\(i)", kind: "funding", name: "Pledge \(Int.random(in: 0..<50, using: &g))",
                                fields: [Field("amount", [Claim(.money(Money(amount: amount, currency: currency, qualifier: q)))])],
                                relations: [Relation("funder", ["france"]), Relation("summit", ["paris-2025"])], sources: ["src-ecb-reference-rates"], pack: "many"))
        }
        let seeds = try BuiltinSeeds.registry()
        let decoded = Registry(trusted: Array(seeds.entities) + extra)
        let bytes = try #require(PackImage.encode(PackContents(directory: "many", manifest: nil, entities: extra), kinds: KindSchema.builtIn))
        let image = try #require(PackImage.load(bytes))
        #expect(image.moneyColumn("amount") != nil)
        var mapped = seeds
        try mapped.add(image: image, mappedFrom: 0)
        return [decoded, mapped]
    }

    @Test func theSameRowsAsOverRowsBuiltWhole() throws {
        let queries = [
            "funding list | where amount > 2m | sort amount desc | first 10",
            "funding list | where amount >= 3m | sort amount | first 7",
            "funding list | where amount < 1m | first 5",
            "funding list | first 12",
            "funding list --asc | first 9",
            "funding list --asc | last 4",
            "funding list | where amount == 2m | count",
            "funding list | where amount != 2m | sort amount desc | first 3",
            "funding list | where amount > 1m EUR | first 5",
            "funding list | where amount > 1m GBP | sort amount | first 5",
            "funding list --asc | where amount <= 2m USD | count",
            "funding list | sort name | where amount > 1m EUR | first 3",
            "funding list --sort name | where amount > 1m USD | first 5",
            "funding list --sort date | where amount <= 500k | sort amount desc | first 6",
            "funding list | sort amount | first 2000 | last 3",
            "funding list | where amount > 2m | sort amount desc | last 3",
            "funding list --currency USD | sort amount desc | first 4",
            "funding list | where amount > 2m | where amount < 3m | sort amount | first 8",
            "funding list | where amount > 'lots' | first 1",
        ]
        for reg in try Self.registries(1_200) {
            let s = ScriptedSession(registry: reg, plugins: [FundingPlugin()])
            for q in queries {
                // The same pipeline after a `select` of every column: rows built whole.
                let head = q.split(separator: "|", maxSplits: 1)
                let whole = head[0] + "| select id name amount funder country summit for date |" + head[1]
                let a = s.run(q + " --format csv"), b = s.run(whole + " --format csv")
                // (The `select` moves the later stages along the line: messages compare without the column.)
                func message(_ err: String) -> [String] { err.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 3).dropFirst(3).joined() } }
                #expect(a.out == b.out && message(a.err) == message(b.err) && a.status == b.status, "\(q)\n\(a.err)\n\(b.err)")
                #expect(!a.out.isEmpty || !a.err.isEmpty, "\(q) gave something")
            }
        }
    }
}
