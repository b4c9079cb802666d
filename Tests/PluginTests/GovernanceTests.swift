import Governance
import SummitKit
import SummitSeeds
import Testing

/// A session on the built-in seeds with the governance plugin.
private func session(width: Int = 100) throws -> ScriptedSession {
    var settings = Settings()
    settings.width = width
    return ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [GovernancePlugin()], settings: settings)
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

/// The machine record of a one-entity result.
private func data(_ r: CommandResult) -> Record? {
    if case .entity(_, _, let d) = r { return d }
    return nil
}

@Suite struct GovernanceTracksTests {
    @Test func fiveParisTracksWithTheirEnvoys() throws {
        let s = try session()
        let rows = try run(s, "governance tracks --summit paris-2025").records
        #expect(rows.count == 5)
        let envoys = Set(rows.compactMap { $0["envoy"].textValue })
        #expect(envoys == ["Henri Verdier", "Sana de Courcelles", "Guillaume Poupard", "Martin Tisné", "Roxanne Varza"])
        let trust = try #require(rows.first { $0["id"].textValue == "track-trust-in-ai" })
        #expect(trust["official_name"] == .text("Trust in AI"))
        #expect(trust["reported_name"] == .text("Security & Safety"))
        #expect(trust["envoy"] == .text("Guillaume Poupard"))
        #expect(trust["focus"].textValue?.contains("Bletchley") == true)
        // Same name in both sources: the reported name is not repeated.
        let work = try #require(rows.first { $0["id"].textValue == "track-future-of-work" })
        #expect(work["reported_name"] == .null)
        // Every name any source gives, with its source.
        guard case .list(let names) = try #require(rows.first { $0["id"].textValue == "track-global-ai-governance" })["names"] else {
            Issue.record("no names list"); return
        }
        #expect(names.count == 3)
        #expect(try run(s, "governance tracks --summit seoul-2024").records.isEmpty)
        #expect(s.run("governance tracks --summit paris").status == .failed)
    }
}

@Suite struct GovernanceDeclarationTests {
    @Test func theUKAndUSDidNotSignTheParisStatement() throws {
        let s = try session()
        let d = try #require(data(try run(s, "governance declaration paris-statement")))
        guard case .list(let non) = d["non_signatories"] else { Issue.record("no non-signatories"); return }
        let byID = Dictionary(uniqueKeysWithValues: non.compactMap { v -> (String, Record)? in
            if case .record(let r) = v, let id = r["id"].textValue { return (id, r) }
            return nil
        })
        #expect(Set(byID.keys) == ["united-kingdom", "united-states"])
        #expect(byID["united-kingdom"]?["stance"] == .text("declined"))
        #expect(byID["united-kingdom"]?["reason"].textValue?.contains("national-security") == true)
        #expect(byID["united-kingdom"]?["sources"] == .list([.ref("src-dfp-2025-02-14")]))
        let text = s.run("governance declaration paris-statement").out
        #expect(text.contains("United Kingdom: declined. Reason:"))
    }

    @Test func signatoryCountsAsEachSourceReportsThem() throws {
        let s = try session()
        let d = try #require(data(try run(s, "governance declaration paris-statement")))
        guard case .list(let claims) = d["signatory_counts"] else { Issue.record("no counts"); return }
        let pairs = claims.compactMap { v -> (Double, [Value])? in
            guard case .record(let r) = v, let n = r["count"].numeric, case .list(let src) = r["sources"] else { return nil }
            return (n, src)
        }
        #expect(pairs.map(\.0) == [60, 53, 58, 61, 64])
        #expect(pairs[0].1 == [.ref("src-dfp-2025-02-14")])
        #expect(pairs.dropFirst().allSatisfy { $0.1 == [.ref("src-research-2026-11-23")] })
        let rows = try run(s, "governance declarations").records
        let bletchley = try #require(rows.first { $0["id"].textValue == "bletchley-declaration" })
        #expect(bletchley["signatory_count"] == .text("28 [src-r-export-org-uk, src-r-aibusiness]; 29 [src-research-2026-11-23]; 30 [src-research-2026-11-23]"))
        let ministerial = try #require(rows.first { $0["id"].textValue == "seoul-ministerial-statement" })
        #expect(ministerial["non_signatories"] == .text("China"))
        let seoul = try run(s, "governance declarations --summit seoul-2024").records
        #expect(seoul.allSatisfy { $0["summit"] == .ref("seoul-2024") })
        #expect(seoul.count == 5)
    }

    @Test func unknownOrWrongIdsFail() throws {
        let s = try session()
        let typo = s.run("governance declaration paris-statment")
        #expect(typo.status == .failed)
        #expect(typo.err.contains("did you mean 'paris-statement'"))
        let wrongKind = s.run("governance declaration investai")
        #expect(wrongKind.status == .failed)
        #expect(wrongKind.err.contains("not a declaration"))
    }
}

@Suite struct GovernanceCountryTests {
    @Test func didTheUKSignTheParisStatement() throws {
        let s = try session()
        let uk = try #require(data(try run(s, "governance signed united-kingdom paris-statement")))
        #expect(uk["answer"] == .text("no"))
        #expect(uk["stance"] == .text("declined"))
        #expect(uk["reason"].textValue?.contains("practical clarity on global governance") == true)
        #expect(uk["source_ids"] == .list([.ref("src-dfp-2025-02-14")]))
        // Names and aliases work, in either order, under either command name.
        let us = try #require(data(try run(s, ["governance", "did-sign", "Paris statement", "US"])))
        #expect(us["answer"] == .text("no"))
        #expect(us["country_id"] == .ref("united-states"))
        #expect(data(try run(s, "governance signed france paris-statement"))?["answer"] == .text("yes"))
        #expect(data(try run(s, "governance signed united-kingdom seoul-declaration"))?["answer"] == .text("yes"))
        let bletchley = try #require(data(try run(s, "governance signed united-kingdom bletchley-declaration")))
        #expect(bletchley["answer"] == .text("not recorded"))
        #expect(bletchley["note"].textValue?.contains("Partial list") == true)
        let out = s.run("governance signed UK paris-statement")
        #expect(out.status == .ok)
        #expect(out.out.hasPrefix("No: United Kingdom did not sign"))
        #expect(out.out.contains("src-dfp-2025-02-14"))
    }

    @Test func aCountrysRecordAcrossTheSeries() throws {
        let s = try session()
        let uk = try run(s, "governance country united-kingdom").records
        func status(_ id: String) -> Value? { uk.first { $0["id"].textValue == id }?["status"] }
        #expect(status("seoul-declaration") == .text("signed"))
        #expect(status("paris-statement") == .text("declined"))
        #expect(status("bletchley-declaration") == .text("not recorded"))
        #expect(status("frontier-ai-safety-commitments") == nil)  // a company pledge
        let paris = try #require(uk.first { $0["id"].textValue == "paris-statement" })
        #expect(paris["reason"].textValue?.contains("Keir Starmer") == true)
        #expect(paris["source"] == .text("src-dfp-2025-02-14"))
        let recorded = try run(s, "governance country china --recorded").records
        #expect(recorded.allSatisfy { $0["status"] != .text("not recorded") })
        #expect(recorded.contains { $0["id"].textValue == "seoul-ministerial-statement" && $0["status"] == .text("declined") })
        #expect(recorded.contains { $0["id"].textValue == "paris-statement" && $0["status"] == .text("signed") })
        #expect(s.run("governance country european-union --recorded").status == .ok)
        let unknown = s.run("governance country narnia")
        #expect(unknown.status == .failed)
        #expect(s.run("governance signed paris-2025 united-kingdom").status == .failed)
    }
}

@Suite struct GovernanceCompareTests {
    @Test func comparesTheThreeSummitsSideBySide() throws {
        let s = try session()
        let r = try run(s, "governance compare bletchley-2023 seoul-2024 paris-2025")
        guard case .records(let rows, let columns) = r else { Issue.record("not records"); return }
        #expect(columns == ["attribute", "bletchley-2023", "seoul-2024", "paris-2025"])
        func cell(_ attribute: String, _ summit: String) -> String? {
            rows.first { $0["attribute"] == .text(attribute) }?[summit].textValue
        }
        #expect(cell("name", "bletchley-2023") == "AI Safety Summit")
        #expect(cell("dates", "seoul-2024") == "2024-05-21..2024-05-22")
        #expect(cell("host", "paris-2025") == "France")
        #expect(cell("co-chair", "paris-2025") == "France, India")
        #expect(cell("host", "seoul-2024") == "South Korea, United Kingdom")
        // Participants: every claim, with its sources.
        let countries = try #require(cell("participants (countries)", "paris-2025"))
        #expect(countries.contains("nearly 100 [src-techuk-2025-01-30, src-official-2025]"))
        #expect(countries.contains("more than 100 [src-dfp-2025-02-14]"))
        #expect(cell("declarations", "bletchley-2023") == "The Bletchley Declaration")
        #expect(cell("signatory counts", "paris-2025")?.contains("60 [src-dfp-2025-02-14]") == true)
        #expect(cell("pledged", "paris-2025") == "about EUR 309bn\nUSD 427m")
        #expect(cell("pledged", "seoul-2024") == nil)
        #expect(cell("tracks", "paris-2025")?.hasPrefix("5:") == true)
        let table = s.run("governance compare bletchley-2023 seoul-2024 paris-2025")
        #expect(table.status == .ok)
        #expect(table.out.contains("AI Seoul Summit"))
    }

    @Test func compareNeedsTwoDistinctSummits() throws {
        let s = try session()
        #expect(s.run("governance compare paris-2025").status == .failed)
        #expect(s.run("governance compare paris-2025 paris-2025").err.contains("twice"))
        #expect(s.run("governance compare paris-2025 investai").err.contains("not a summit"))
        #expect(s.run("governance compare paris-2025 seoul-2042").err.contains("did you mean 'seoul-2024'"))
    }
}
