import Testing
import SummitKit
import SummitSeeds
import Partnership

/// A session on the built-in seeds with the partnership plugin.
private func session() throws -> ScriptedSession {
    ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [PartnershipPlugin()])
}

/// Runs `line` through the session's command lookup and returns the typed result.
private func result(_ s: ScriptedSession, _ line: String) throws -> CommandResult {
    let words = line.split(separator: " ").map(String.init)
    let (command, used) = try #require(s.context.resolveCommand(words))
    let args = try Arguments.parse(Array(words[used...]), for: command)
    return try command.run(args, in: s.context)
}

/// The rows of one section.
private func section(_ rows: [Record], _ name: String) -> [Record] {
    rows.filter { $0["section"] == .text(name) }
}

@Suite struct PartnershipTests {
    @Test func showsTheEntenteCordialeByDefault() throws {
        let s = try session()
        let rows = try result(s, "partnership").records
        #expect(section(rows, "overview").first?["id"] == .ref("entente-cordiale-ai-initiative"))

        let members = section(rows, "member").compactMap { $0["id"].textValue }
        #expect(members == ["university-of-oxford", "university-of-cambridge", "institut-polytechnique-de-paris", "hec-paris", "universite-paris-saclay"])
        #expect(section(rows, "member").first?["detail"] == .text("university, United Kingdom"))

        let areas = section(rows, "area").compactMap { $0["name"].textValue }
        #expect(areas.count == 5)
        #expect(areas.first == "academic mobility")
        #expect(areas.contains("engagement with industry"))
        // Sources word two areas differently: both wordings are kept, with their sources.
        #expect(section(rows, "area").contains { $0["detail"].display.contains("collaborative research projects [src-ip-paris-entente") })

        let launch = try #require(section(rows, "launch").first)
        #expect(launch["date"] == .date(ISODate("2025-07-09")!))
        #expect(launch["detail"].display.contains("state visit"))
        #expect(section(rows, "occasion").first?["id"] == .ref("macron-uk-state-visit-2025"))

        #expect(section(rows, "partnership").contains { $0["id"] == .ref("inria-ucl-joint-centre") && $0["detail"].display.contains("letter of intent 2024-02-28..2024-02-29") })
        #expect(section(rows, "centre").contains { $0["id"] == .ref("leverhulme-cfi") })
        let people = Set(section(rows, "person").compactMap { $0["id"].textValue })
        #expect(people.isSuperset(of: ["irene-tracey", "geraint-rees", "marina-jirotka", "benjamin-guedj"]))

        #expect(try result(s, "partnership show").records == rows)
        #expect(try result(s, "partnership show entente-cordiale-ai-initiative").records == rows)
        let json = s.run("partnership --format json")
        #expect(json.status == .ok)
        #expect(json.out.contains(#""section": "launch", "name": "Launch of the Entente CordIAle AI Initiative", "date": "2025-07-09""#))
    }

    @Test func showsAnotherPartnership() throws {
        let s = try session()
        let rows = try result(s, "partnership show inria-ucl-joint-centre").records
        #expect(section(rows, "member").compactMap { $0["id"].textValue } == ["inria", "ucl"])
        #expect(section(rows, "person").contains { $0["id"] == .ref("geraint-rees") })
    }

    @Test func listsPartnerships() throws {
        let s = try session()
        let rows = try result(s, "partnership list").records
        let entente = try #require(rows.first { $0["id"] == .ref("entente-cordiale-ai-initiative") })
        #expect(entente["launched"] == .date(ISODate("2025-07-09")!))
        #expect(entente["uk_france"] == .bool(true))
        if case .list(let members) = entente["members"] { #expect(members.count == 5) } else { Issue.record("members is not a list") }
        #expect(rows.first { $0["id"] == .ref("inria-ucl-joint-centre") }?["launched"] == .date(ISODate("2025-07")!))
        #expect(rows.first { $0["id"] == .ref("uk-france-compute-partnership") }?["uk_france"] == .bool(true))
        #expect(rows.first { $0["id"] == .ref("mistral-helsing-partnership") }?["uk_france"] == .bool(false))
    }

    @Test func eveningListsWorkshopsDelegationCorporatesSpeakersAndFigures() throws {
        let s = try session()
        let rows = try result(s, "partnership evening").records
        #expect(section(rows, "event").first?["id"] == .ref("uk-france-ai-evening"))
        #expect(section(rows, "workshop").compactMap { $0["name"].textValue }
            == ["AI foundations", "sustainable AI", "AI in finance", "AI in telecoms", "AI in life sciences"])
        #expect(section(rows, "scale-up").compactMap { $0["name"].textValue } == ["Darktrace", "Oxford Nanopore Technologies", "Luminance", "Quantexa"])
        #expect(section(rows, "corporate").compactMap { $0["name"].textValue } == ["Sopra Steria", "Capgemini", "BT", "Sanofi", "Orange"])
        #expect(section(rows, "session").compactMap { $0["name"].textValue } == ["reception", "panel"])
        let clark = try #require(section(rows, "speaker").first { $0["name"] == .text("Feryal Clark") })
        #expect(clark["detail"].display.hasPrefix("UK Minister for AI and Digital Government"))
        #expect(clark["detail"].display.contains("(reception)"))
        #expect(section(rows, "speaker").contains { $0["name"] == .text("Menna Rawlings") && $0["detail"].display.contains("British Ambassador to France") })
        let figures = section(rows, "figure")
        #expect(figures.contains { $0["id"] == .ref("uk-scaleup-delegation") && $0["figure"] == .number(15) })
        #expect(figures.contains { $0["figure"] == .quantity(Quantity(number: 200, qualifier: .moreThan)) })
        #expect(figures.contains { $0["name"] == .text("thematic workshops") && $0["figure"] == .number(5) })

        let table = s.run("partnership evening").out
        #expect(table.contains("Darktrace"))
        #expect(table.contains("more than 200"))
        let json = s.run("partnership evening --format json").out
        #expect(json.contains(#""figure": {"number": 200, "qualifier": "more-than"}"#))
    }

    @Test func timelineTellsTheUKFranceStoryInOrder() throws {
        let s = try session()
        let rows = try result(s, "partnership timeline").records
        let order = rows.compactMap { $0["id"].textValue }
        let story = ["inria-ucl-joint-centre", "uk-france-ai-evening", "paris-2025", "macron-uk-state-visit-2025", "entente-cordiale-launch", "uk-france-summit-2025"]
        let positions = try story.map { try #require(order.firstIndex(of: $0), "\($0) missing") }
        #expect(positions == positions.sorted())
        #expect(order.contains("uk-france-compute-partnership"))
        #expect(!order.contains("seoul-declaration"))
        #expect(!order.contains("bletchley-2023"))
        // The partnership's launch date is the launch event's: listed once.
        #expect(!order.contains("entente-cordiale-ai-initiative"))
        // Sub-events with their parent's dates are folded, unless --all.
        #expect(!order.contains("workshop-ai-foundations"))
        #expect(rows.first { $0["id"] == .ref("uk-france-ai-evening") }?["what"].display.contains("+7 parts") == true)
        #expect(try result(s, "partnership timeline --all").records.contains { $0["id"] == .ref("workshop-ai-foundations") })
        let loi = try #require(rows.first { $0["id"] == .ref("inria-ucl-joint-centre") })
        #expect(loi["what"].display == "letter of intent")
        #expect(loi["date"] == .dateRange(DateRange(start: ISODate("2024-02-28")!, end: ISODate("2024-02-29")!)), "the two days the fact sheet gives")
        #expect(rows.first { $0["id"] == .ref("uk-france-compute-partnership") }?["date"] == .date(ISODate("2025")!))
        #expect(rows.first { $0["id"] == .ref("macron-uk-state-visit-2025") }?["where"] == .text("United Kingdom"))
        #expect(rows.first { $0["id"] == .ref("uk-france-summit-2025") }?["where"] == .text("Downing Street"))
        #expect(s.run("partnership timeline --format json").out.contains(#""date": "2025-07-10""#))
    }

    @Test func badInputFailsWithAHelpfulMessage() throws {
        let s = try session()
        let typo = s.run("partnership show entente-cordial-ai-initiative")
        #expect(typo.status == .failed)
        #expect(typo.err.contains("did you mean 'entente-cordiale-ai-initiative'?"))
        let wrongKind = s.run("partnership show paris-2025")
        #expect(wrongKind.status == .failed)
        #expect(wrongKind.err.contains("is a summit, not a partnership"))
        let sub = s.run("partnership lst")
        #expect(sub.status == .failed)
        #expect(sub.err.contains("did you mean `partnership list`?"))
        #expect(s.run("partnership timeline --al").err.contains("did you mean '--all'?"))
    }

    @Test func everyCommandHasHelpEndingInAnExample() {
        for c in PartnershipPlugin().commands {
            #expect(c.help.contains("Example"), "\(c.name)")
            #expect(c.help.split(separator: "\n").last?.drop(while: { $0 == " " }).hasPrefix("partnership") == true, "\(c.name)")
        }
    }
}
