import Foundation
import SummitKit
import SummitSeeds
import Testing

/// Representative facts from each source document, read back through the public commands
/// (`show`, `find`, `export`, `conflicts`, `sources`) as a user would.
@Suite("seed facts")
struct SeedFactsTests {
    let session: ScriptedSession

    init() throws {
        session = ScriptedSession(registry: try BuiltinSeeds.registry())
    }

    /// `show ID --format json` as a dictionary.
    func record(_ id: String) throws -> [String: Any] {
        let r = session.run("show \(id) --format json")
        #expect(r.status == .ok, "show \(id): \(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    func fields(_ id: String) throws -> [String: Any] { try #require(try record(id)["fields"] as? [String: Any]) }
    func relations(_ id: String) throws -> [String: [String]] { try #require(try record(id)["relations"] as? [String: [String]]) }

    /// The claims of a contested field as (value, sources).
    func claims(_ id: String, _ field: String) throws -> [[String: Any]] {
        let f = try #require(try fields(id)[field] as? [String: Any], "\(id).\(field) is not contested")
        return try #require(f["claims"] as? [[String: Any]])
    }

    // MARK: - 000: the UK-France evening at the British Ambassador's Residence

    @Test func eveningDelegationSpeakersAndFigures() throws {
        let delegation = try relations("uk-scaleup-delegation")
        #expect(Set(delegation["members"] ?? []) == ["darktrace", "oxford-nanopore-technologies", "luminance", "quantexa"])
        #expect(try fields("uk-scaleup-delegation")["size"] as? Int == 15)
        #expect(try fields("feryal-clark")["role"] as? String == "UK Minister for AI and Digital Government")
        let find = session.run("find darktrace")
        #expect(find.out.contains("darktrace"))
        let corporates = try relations("uk-france-corporates")["members"] ?? []
        for c in ["sopra-steria", "capgemini", "bt", "sanofi", "orange"] { #expect(corporates.contains(c)) }
        #expect(try record("uk-france-ai-evening")["sources"] as? [String] == ["src-evening-2025-02"])
    }

    // MARK: - 001: techUK on the summit

    @Test func techUKWebinarTracksAndEnvoys() throws {
        let webinar = try fields("techuk-pre-summit-webinar")
        #expect(webinar["dates"] as? String == "2025-02-04")
        #expect(webinar["time"] as? String == "10:00-11:00")
        let envoys = ["track-global-ai-governance": "henri-verdier", "track-future-of-work": "sana-de-courcelles",
                      "track-trust-in-ai": "guillaume-poupard", "track-public-interest-ai": "martin-tisne",
                      "track-innovation-and-culture": "roxanne-varza"]
        for (track, envoy) in envoys { #expect(try relations(track)["envoy"] == [envoy], "\(track) envoy") }
        let week = try fields("ai-action-week")
        let dates = try #require(week["dates"] as? [String: Any])
        #expect(dates["start"] as? String == "2025-02-06" && dates["end"] as? String == "2025-02-11")
        // The two business-day readings in the same document are both kept.
        let business = try claims("ai-action-week", "business_day").compactMap { $0["value"] as? String }
        #expect(Set(business) == ["2025-02-10", "2025-02-11"])
    }

    // MARK: - 002: Entente CordIAle

    @Test func ententeCordIAleInstitutionsAreasAndLaunch() throws {
        let rel = try relations("entente-cordiale-ai-initiative")
        #expect(Set(rel["members"] ?? []) == ["university-of-oxford", "university-of-cambridge", "institut-polytechnique-de-paris", "hec-paris", "universite-paris-saclay"])
        #expect(try fields("entente-cordiale-ai-initiative")["launch_date"] as? String == "2025-07-09")
        let areas = try claims("entente-cordiale-ai-initiative", "areas")
        #expect(areas.allSatisfy { ($0["value"] as? [String])?.count == 5 })
        #expect(session.run("find universite paris-saclay").out.contains("Université Paris-Saclay"))
    }

    // MARK: - 003: Data for Policy on the outcomes

    @Test func fundingAndTheParisStatement() throws {
        let investai = try #require(try fields("funding-investai")["amount"] as? [String: Any])
        #expect(investai["amount"] as? Double == 200_000_000_000 && investai["currency"] as? String == "EUR")
        let currentAI = try #require(try fields("funding-current-ai")["amount"] as? [String: Any])
        #expect(currentAI["amount"] as? Double == 400_000_000 && currentAI["currency"] as? String == "USD")
        let france = try #require(try fields("funding-france-private-ai-investment")["amount"] as? [String: Any])
        #expect(france["amount"] as? Double == 109_000_000_000 && france["qualifier"] as? String == "about")
        let counts = try claims("paris-statement", "signatory_count")
        #expect(counts.contains { $0["value"] as? Int == 60 && ($0["sources"] as? [String]) == ["src-dfp-2025-02-14"] })
        let rel = try relations("paris-statement")
        #expect(Set(rel["non_signatories"] ?? []) == ["united-states", "united-kingdom"])
        for c in ["canada", "china", "france", "india"] { #expect(rel["signatories"]?.contains(c) == true) }
        let uk = try fields("uk-stance-paris-statement")
        #expect(uk["stance"] as? String == "declined")
        #expect((uk["reason"] as? String)?.contains("national-security") == true)
    }

    // MARK: - 004: the official presentation page

    @Test func officialPageFiguresDisagreeWithTechUK() throws {
        let participants = try claims("contact-groups", "participants")
        let bySource = Dictionary(uniqueKeysWithValues: participants.map { (($0["sources"] as? [String])?.first ?? "", $0["value"] as? [String: Any] ?? [:]) })
        #expect(bySource["src-official-2025"]?["number"] as? Int == 700)
        #expect(bySource["src-techuk-2025-01-30"]?["number"] as? Int == 800)
        #expect(bySource["src-official-2025"]?["qualifier"] as? String == "more-than")
        let size = try claims("steering-committee", "size")
        #expect(size.count == 2)
        #expect(try fields("steering-committee")["meetings"] as? Int == 5)
        #expect(try relations("paris-2025")["cochair"]?.contains("india") == true)
    }

    // MARK: - The research fact sheet: Bletchley and Seoul

    @Test func bletchleyAndSeoul() throws {
        let b = try #require(try fields("bletchley-2023")["dates"] as? [String: Any])
        #expect(b["start"] as? String == "2023-11-01" && b["end"] as? String == "2023-11-02")
        #expect(try relations("bletchley-2023")["host"] == ["united-kingdom"])
        let seoul = try relations("seoul-2024")
        #expect(Set(seoul["host"] ?? []).isSuperset(of: ["south-korea"]))
        let decl = try claims("seoul-declaration", "signatory_count").compactMap { $0["value"] as? Int }
        #expect(Set(decl) == [10, 11], "10 + EU vs 11 + EU")
    }

    // MARK: - Provenance commands

    @Test func conflictsListsTheKnownDisagreements() {
        let r = session.run("conflicts --format csv")
        #expect(r.status == .ok)
        for id in ["contact-groups,participants", "steering-committee,size", "paris-statement,signatory_count", "bletchley-declaration,signatory_count", "ai-action-week,business_day"] {
            #expect(r.out.contains(id), "conflicts should list \(id)")
        }
    }

    @Test func sourcesShowsWhereEachFactComesFrom() {
        let r = session.run("sources contact-groups --format csv")
        #expect(r.out.contains("participants (contested),"))
        #expect(r.out.contains("src-official-2025"))
        #expect(r.out.contains("src-techuk-2025-01-30"))
        let show = session.run("show contact-groups")
        #expect(show.out.contains("participants (contested)"))
    }

    @Test func exportCarriesEveryEntity() throws {
        let r = session.run("export --format json")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        #expect(all.count == (try BuiltinSeeds.registry()).count)
        #expect(all.contains { $0["id"] as? String == "grand-palais" })
    }
}
