import Testing
@testable import SummitKit
import SummitSeeds
import Timeline

/// A session on the built-in seeds with the timeline plugin.
private func session(width: Int = 100) throws -> ScriptedSession {
    var settings = Settings()
    settings.width = width
    return ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [TimelinePlugin()], settings: settings)
}

/// Runs `line` through the session's command lookup and returns the typed result.
private func result(_ s: ScriptedSession, _ line: String) throws -> CommandResult {
    let words = line.split(separator: " ").map(String.init)
    let (command, used) = try #require(s.context.resolveCommand(words))
    let args = try Arguments.parse(Array(words[used...]), for: command)
    return try command.run(args, in: s.context)
}

/// The ids of a result's rows, in order.
private func ids(_ r: CommandResult, column: String = "id") -> [String] {
    r.records.compactMap { $0[column].textValue }
}

@Suite struct TimelineTests {
    @Test func parisWeekDaysAreInDateOrder() throws {
        let s = try session()
        let order = ids(try result(s, "timeline --summit paris-2025"))
        let week = ["paris-pre-engagements", "paris-culture-days", "paris-main-summit-day", "paris-2025", "government-officials-day"]
        let positions = try week.map { try #require(order.firstIndex(of: $0), "\($0) missing") }
        #expect(positions == positions.sorted())
        let records = try result(s, "timeline paris-2025").records
        let week6 = try #require(records.first { $0["id"].textValue == "ai-action-week" })
        #expect(week6["days"] == .number(6))
        #expect(week6["date"] == .dateRange(DateRange("2025-02-06..2025-02-11")!))
        #expect(records.first { $0["id"].textValue == "paris-main-summit-day" }?["where"] == .text("Grand Palais"))
    }

    @Test func monthPrecisionSortsByItsFirstDayAndShowsAsWritten() throws {
        let s = try session()
        let records = try result(s, "timeline --from 2025-02-01 --to 2025-02-05").records
        let order = records.compactMap { $0["id"].textValue }
        let evening = try #require(order.firstIndex(of: "uk-france-ai-evening"))
        let webinar = try #require(order.firstIndex(of: "techuk-pre-summit-webinar"))
        #expect(evening < webinar)
        let row = try #require(records.first { $0["id"].textValue == "uk-france-ai-evening" })
        #expect(row["date"] == .date(ISODate("2025-02")!))
        #expect(row["days"] == .null)
    }

    @Test func summitFilterKeepsOnlyThatSummit() throws {
        let s = try session()
        let seoul = ids(try result(s, "timeline --summit seoul-2024"))
        #expect(seoul.contains("seoul-2024"))
        #expect(seoul.contains("seoul-leaders-session"))
        #expect(seoul.contains("seoul-declaration"))
        #expect(!seoul.contains("paris-2025"))
        #expect(!seoul.contains("bletchley-2023"))
        #expect(ids(try result(s, "timeline seoul-2024")) == seoul)
    }

    @Test func summitFilterFollowsParentChains() throws {
        let src = Entity(id: "src", kind: "source", name: "Source", fields: [Field("title", [Claim(.text("A source"))])])
        func event(_ id: String, _ dates: String, _ relations: [Relation]) -> Entity {
            Entity(id: id, kind: "event", name: id, fields: [Field("dates", [Claim(.dateRange(DateRange(dates)!))])], relations: relations, sources: ["src"])
        }
        let summit = Entity(id: "s", kind: "summit", name: "S", fields: [Field("dates", [Claim(.dateRange(DateRange("2030-01-02..2030-01-03")!))])], sources: ["src"])
        let registry = try Registry(entities: [
            src, summit,
            event("week", "2030-01-01..2030-01-04", [Relation("summit", ["s"])]),
            event("day", "2030-01-02..2030-01-02", [Relation("parent", ["week"])]),
            event("session", "2030-01-02..2030-01-02", [Relation("parent", ["day"])]),
            event("elsewhere", "2030-01-02..2030-01-02", []),
        ])
        let s = ScriptedSession(registry: registry, plugins: [TimelinePlugin()])
        let order = ids(try result(s, "timeline --summit s"))
        #expect(Set(order) == ["s", "week", "day", "session"])
        #expect(order.first == "week")
    }

    @Test func fromAndToKeepWhatOverlaps() throws {
        let s = try session()
        let july = ids(try result(s, "timeline --from 2025-07-01 --to 2025-07-31"))
        #expect(july.contains("macron-uk-state-visit-2025"))
        #expect(july.contains("entente-cordiale-launch"))
        #expect(july.contains("uk-france-summit-2025"))
        #expect(!july.contains("paris-2025"))
        // A range counts when any of its days is inside.
        let lastDay = ids(try result(s, "timeline --from 2025-02-11 --to 2025-02-11"))
        #expect(lastDay.contains("ai-action-week"))
        #expect(lastDay.contains("paris-2025"))
        #expect(lastDay.contains("government-officials-day"))
        #expect(!lastDay.contains("paris-pre-engagements"))
        #expect(!lastDay.contains("paris-main-summit-day"))
        let before = ids(try result(s, "timeline --to 2023-12-31"))
        #expect(before.contains("bletchley-2023"))
        #expect(!before.contains("seoul-2024"))
    }

    @Test func aroundTakesDaysEitherSide() throws {
        let s = try session()
        let july = ids(try result(s, "timeline --around 2025-07-09"))
        #expect(july.contains("entente-cordiale-launch"))
        #expect(july.contains("uk-france-summit-2025"))
        #expect(!july.contains("paris-2025"))
        let exact = ids(try result(s, "timeline --around 2025-02-10 --days 0"))
        #expect(exact.contains("paris-main-summit-day"))
        #expect(exact.contains("paris-2025"))
        #expect(!exact.contains("government-officials-day"))
        #expect(!exact.contains("paris-culture-days"))
        let wider = ids(try result(s, "timeline --around 2025-02-10 --days 1"))
        #expect(wider.contains("government-officials-day"))
        #expect(wider.contains("paris-culture-days"))
    }

    @Test func kindFilterAndDefaultKinds() throws {
        let s = try session()
        let declarations = try result(s, "timeline --kind declaration").records
        #expect(!declarations.isEmpty)
        #expect(declarations.allSatisfy { $0["kind"] == .text("declaration") })
        #expect(ids(.records(declarations, columns: [])).first == "bletchley-declaration")
        let both = Set(try result(s, "timeline --kind summit --kind declaration").records.compactMap { $0["kind"].textValue })
        #expect(both == ["summit", "declaration"])
        #expect(!(try result(s, "timeline").records.contains { $0["kind"] == .text("source") }))
        #expect(try result(s, "timeline --kind source").records.contains { $0["kind"] == .text("source") })
    }

    @Test func jsonHasISODatesAndNoChart() throws {
        let s = try session()
        let out = s.run("timeline --summit paris-2025 --format json")
        #expect(out.status == .ok)
        #expect(out.out.hasPrefix("["))
        #expect(out.out.contains(#""date": {"start": "2025-02-06", "end": "2025-02-11"}"#))
        #expect(out.out.contains(#""date": "2025-02-10""#))
        #expect(out.out.contains(#""date": "2025-02", "days": null"#))
        #expect(out.out.contains(#""id": "ai-action-week""#))
        #expect(!out.out.contains("█"))
        #expect(!out.out.contains("Multi-day events"))
    }

    @Test func tableShowsAChartOfMultiDayEvents() throws {
        for width in [60, 100, 140] {
            let s = try session(width: width)
            let out = s.run("timeline paris-2025")
            #expect(out.status == .ok)
            let lines = out.out.split(separator: "\n").map(String.init)
            let start = try #require(lines.firstIndex { $0.hasPrefix("Multi-day events") })
            let chart = Array(lines[start...])
            #expect(chart.contains { $0.hasPrefix("AI Action Week ") && $0.contains("█") && $0.hasSuffix("02-06..02-11") })
            #expect(chart.contains { $0.contains("├") && $0.hasSuffix("┤") })
            #expect(chart.last?.hasSuffix("2025-02-11") == true)
            #expect(chart.allSatisfy { DisplayWidth.of($0) <= width }, "chart wider than \(width)")
            // Single-day events get no bar.
            #expect(!chart.contains { $0.hasPrefix("Government Officials Day") })
        }
        let s = try session()
        #expect(!s.run("timeline paris-2025 --no-chart").out.contains("Multi-day events"))
        #expect(!s.run("timeline --around 2025-07-09").out.contains("Multi-day events"), "no multi-day events, no chart")
    }

    @Test func longSpansCompressTheAxis() throws {
        let s = try session(width: 100)
        let out = s.run("timeline").out
        let header = try #require(out.split(separator: "\n").first { $0.hasPrefix("Multi-day events") })
        #expect(header.contains("days)"), "years of dates need several days per column: \(header)")
        #expect(out.contains("2023-11-01..2023-11-02"))
    }

    @Test func seriesListsTheSummitsInOrderWithHosts() throws {
        let s = try session()
        let rows = try result(s, "timeline series").records
        #expect(ids(.records(rows, columns: []), column: "summit").prefix(3) == ["bletchley-2023", "seoul-2024", "paris-2025"])
        #expect(rows[0]["hosts"] == .list([.text("United Kingdom")]))
        #expect(rows[1]["hosts"] == .list([.text("South Korea"), .text("United Kingdom")]))
        #expect(rows[2]["hosts"] == .list([.text("France")]))
        #expect(rows[0]["dates"] == .dateRange(DateRange("2023-11-01..2023-11-02")!))
        #expect(rows[0]["venue"] == .text("Bletchley Park"))
        #expect(rows[0]["declarations"] == .list([.text("The Bletchley Declaration")]))
        if case .list(let seoul) = rows[1]["declarations"] { #expect(seoul.contains(.text("Seoul Declaration"))) } else { Issue.record("no list") }
        #expect(rows.allSatisfy { !$0["headline"].isNull })

        let table = s.run("timeline series").out
        let b = try #require(table.firstRange(of: "bletchley-2023"))
        let p = try #require(table.firstRange(of: "paris-2025"))
        #expect(b.lowerBound < p.lowerBound)
        #expect(table.contains("Declarations: The Bletchley Declaration"))
        let json = s.run("timeline series --format json").out
        #expect(json.contains(#""hosts": ["South Korea", "United Kingdom"]"#))
    }

    @Test func badInputFailsWithAHelpfulMessage() throws {
        let s = try session()
        let unknown = s.run("timeline --summit pariss-2025")
        #expect(unknown.status == .failed)
        #expect(unknown.err.contains("did you mean 'paris-2025'?"))
        let positional = s.run("timeline seol-2024")
        #expect(positional.status == .failed)
        #expect(positional.err.contains("did you mean 'seoul-2024'?"))
        let typo = s.run("timeline seris")
        #expect(typo.status == .failed)
        #expect(typo.err.contains("did you mean `timeline series`?"))
        let notSummit = s.run("timeline --summit ai-action-week")
        #expect(notSummit.status == .failed)
        #expect(notSummit.err.contains("not a summit"))
        let badDate = s.run("timeline --from 2025-02-30")
        #expect(badDate.status == .failed)
        #expect(badDate.err.contains("ISO date like 2025-02-10"))
        #expect(badDate.err.contains("<test>:1:17:"), "points at the bad value: \(badDate.err)")
        #expect(s.run("timeline --from 2025-03-01 --to 2025-02-01").err.contains("swap them"))
        #expect(s.run("timeline --days 2").err.contains("goes with --around"))
        #expect(s.run("timeline --around 2025-02-10 --days soon").status == .failed)
        let kind = s.run("timeline --kind evnt")
        #expect(kind.status == .failed)
        #expect(kind.err.contains("did you mean 'event'?"))
    }

    /// At the head of a pipeline the chart is not drawn (the stages read the records); the
    /// output is what the kept chart result gives through the same stages.
    @Test func aPipedTimelineLeavesTheChartOut() throws {
        let s = try session()
        #expect(s.run("let kept = timeline paris-2025").status == .ok)
        #expect(s.run("$kept").out.contains("█"), "a kept timeline has its chart")
        for stages in ["| count", "| first 3", "| where kind == event | sort name", "| select id date"] {
            let piped = s.run("timeline paris-2025 \(stages)"), kept = s.run("$kept \(stages)")
            #expect(piped.out == kept.out, "\(stages)")
            #expect(!piped.out.contains("█"))
        }
        #expect(s.run("timeline paris-2025").out.contains("█"), "shown alone, it has its chart")
        #expect(s.context.resultIsPiped == false, "set back after the pipeline")
        s.context.resultIsPiped = true
        guard case .records = try result(s, "timeline paris-2025") else { Issue.record("piped, the chart should be left out"); return }
        s.context.resultIsPiped = false
        guard case .chart = try result(s, "timeline paris-2025") else { Issue.record("alone, it is a chart"); return }
    }

    @Test func everyCommandHasHelpEndingInAnExample() {
        for c in TimelinePlugin().commands {
            #expect(c.help.contains("Example"), "\(c.name)")
            #expect(c.help.split(separator: "\n").last?.drop(while: { $0 == " " }).hasPrefix(c.name.split(separator: " ")[0]) == true, "\(c.name)")
        }
    }
}
