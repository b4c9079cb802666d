import Foundation
import Testing
@testable import SummitKit

/// A small hand-built registry: two sources, a summit with a contested field, an organisation and a funding pledge.
enum SampleData {
    static func registry() throws -> Registry {
        let elysee = Entity(id: "src-elysee", kind: "source", name: "Élysée press kit", fields: [
            Field("title", [Claim(.text("Élysée press kit"))]),
            Field("publisher", [Claim(.text("Élysée"))]),
        ])
        let reuters = Entity(id: "src-reuters", kind: "source", name: "Reuters report", fields: [Field("title", [Claim(.text("Reuters report"))])])
        let summit = Entity(
            id: "paris-2025", kind: "summit", name: "AI Action Summit", aliases: ["Paris summit"],
            fields: [
                Field("dates", [Claim(.dateRange(DateRange(start: ISODate(year: 2025, month: 2, day: 10), end: ISODate(year: 2025, month: 2, day: 11))))]),
                Field("participants", [
                    Claim(.quantity(Quantity(number: 1000, qualifier: .moreThan)), sources: ["src-elysee"]),
                    Claim(.quantity(Quantity(number: 800, qualifier: .moreThan)), sources: ["src-reuters"], note: "press count"),
                ]),
                Field("city", [Claim(.text("Paris"))]),
            ],
            sources: ["src-elysee", "src-reuters"])
        let saclay = Entity(
            id: "saclay", kind: "organisation", name: "Université Paris-Saclay",
            relations: [Relation("attended", ["paris-2025"])], sources: ["src-elysee"])
        let investai = Entity(
            id: "investai", kind: "funding", name: "InvestAI",
            fields: [Field("amount", [Claim(.money(Money(amount: 200e9, currency: "EUR")))])],
            relations: [Relation("announced-at", ["paris-2025"])], sources: ["src-elysee"])
        return try Registry(entities: [elysee, reuters, summit, saclay, investai])
    }

    static func session() throws -> ScriptedSession {
        ScriptedSession(registry: try registry())
    }
}

/// A unique scratch directory under /tmp, removed by `remove()`.
struct ScratchDirectory {
    let path: String
    init() throws {
        path = "/tmp/summitkit-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension ScriptedSession.Output {
    var errLines: [String] { err.split(separator: "\n").map(String.init) }
}

@Suite("Interpreter")
struct InterpreterTests {
    // MARK: help and unknown commands

    @Test func helpListsCommands() throws {
        let r = try SampleData.session().run("help")
        #expect(r.status == .ok)
        #expect(r.err.isEmpty)
        #expect(r.out.contains("Commands (type `help COMMAND` for details):"))
        for name in ["conflicts", "export", "find", "help", "history", "list", "plugins", "set", "show", "source", "sources", "exit", "quit"] {
            #expect(r.out.contains("    \(name) "), "help should list '\(name)'")
        }
        #expect(r.out.contains("Show one entity"))
    }

    @Test func helpForOneCommand() throws {
        let r = try SampleData.session().run("help show")
        #expect(r.status == .ok)
        #expect(r.out.hasPrefix("usage: show ID"))
        #expect(r.out.contains("Examples:"))
        #expect(r.out.contains("show paris-2025"))
        #expect(r.out.contains("Arguments:"))
        #expect(!r.out.contains("Commands (type"))
    }

    @Test func helpForAMisspelledCommand() throws {
        let r = try SampleData.session().run("help shwo")
        #expect(r.status == .failed)
        #expect(r.err == "<test>:1:6: error: no command 'shwo'; did you mean 'show'?\n")
    }

    @Test func unknownCommandSuggestsTheClosest() throws {
        let r = try SampleData.session().run("shwo paris-2025")
        #expect(r.status == .failed)
        #expect(r.out.isEmpty)
        #expect(r.err == "<test>:1:1: error: unknown command 'shwo'; did you mean 'show'?\n")
    }

    @Test func unknownCommandSuggestionsForOtherTypos() throws {
        let s = try SampleData.session()
        #expect(s.run("expotr").err.contains("did you mean 'export'?"))
        #expect(s.run("conflcts").err.contains("did you mean 'conflicts'?"))
        #expect(s.run("exti").err.contains("did you mean 'exit'?"))
    }

    @Test func unknownCommandFarFromEverything() throws {
        let r = try SampleData.session().run("xyzzyplugh")
        #expect(r.err.contains("unknown command 'xyzzyplugh'; type `help` to list commands"))
        #expect(!r.err.contains("did you mean"))
    }

    // MARK: error locations

    @Test func errorFormatHasFileLineAndColumnOfTheArgument() throws {
        let r = try SampleData.session().run("help\n\nshow   paris-2052", file: "tour.summit")
        #expect(r.status == .failed)
        #expect(r.err == "tour.summit:3:8: error: no entity with id 'paris-2052'; did you mean 'paris-2025'?\n")
    }

    @Test func errorColumnOfUnknownCommandIsWhereItStarts() throws {
        let r = try SampleData.session().run("help\n    shwo")
        #expect(r.errLines == ["<test>:2:5: error: unknown command 'shwo'; did you mean 'show'?"])
    }

    @Test func errorColumnOfAQuotedArgument() throws {
        let r = try SampleData.session().run(#"show "no such thing""#)
        #expect(r.err.hasPrefix("<test>:1:6: error: no entity with id 'no such thing'"))
    }

    @Test func errorColumnAfterAContinuation() throws {
        let r = try SampleData.session().run("show \\\n   nosuch")
        #expect(r.err.hasPrefix("<test>:2:4: error: no entity with id 'nosuch'"))
    }

    @Test func errorColumnOfAnUnknownOption() throws {
        let r = try SampleData.session().run("find paris --kidn summit")
        #expect(r.err.hasPrefix("<test>:1:12: error: find has no option '--kidn'; did you mean '--kind'?"))
    }

    @Test func errorColumnOfABadOptionValue() throws {
        let r = try SampleData.session().run("find paris --kind summitt")
        #expect(r.err.hasPrefix("<test>:1:19: error: unknown kind 'summitt'; did you mean 'summit'?"))
    }

    @Test func errorColumnOfAnExtraArgumentCountsPastARemovedFormatOption() throws {
        let r = try SampleData.session().run("show --format json investai extra")
        #expect(r.err.hasPrefix("<test>:1:29: error: unexpected argument 'extra' for show"))
    }

    @Test func missingArgumentPointsAtTheCommand() throws {
        let r = try SampleData.session().run("  show")
        #expect(r.err.hasPrefix("<test>:1:3: error: show needs ID"))
    }

    @Test func syntaxErrorIsReportedWithItsPosition() throws {
        let r = try SampleData.session().run("help\nfind \"grand palais\nhelp")
        #expect(r.status == .failed)
        #expect(r.out.isEmpty, "a script with a syntax error runs nothing")
        #expect(r.errLines == ["<test>:2:6: error: unclosed double quote; add a closing \""])
    }

    // MARK: stopping, keep-going, exit

    @Test func scriptStopsAtTheFirstError() throws {
        let s = try SampleData.session()
        let r = s.run("show investai\nshow nosuch\nhelp\nshow nosuch-2")
        #expect(r.status == .failed)
        #expect(r.out.contains("InvestAI"))
        #expect(!r.out.contains("Commands (type"), "help after the error must not run")
        #expect(r.errLines.count == 1)
        #expect(r.err.hasPrefix("<test>:2:6: error:"))
        #expect(s.interpreter.errorCount == 1)
    }

    @Test func keepGoingContinuesAfterErrors() throws {
        let s = try SampleData.session()
        let r = s.run("set keep-going on\nshow nosuch\nshow investai\nshow nosuch-2\nhelp")
        #expect(r.status == .failed, "errors were reported, so the script still failed")
        #expect(r.out.contains("InvestAI"))
        #expect(r.out.contains("Commands (type"))
        #expect(r.errLines.count == 2)
        #expect(r.errLines[0].hasPrefix("<test>:2:6: error:"))
        #expect(r.errLines[1].hasPrefix("<test>:4:6: error:"))
        #expect(s.context.settings.keepGoing)
    }

    @Test func keepGoingOffAgain() throws {
        let s = try SampleData.session()
        let r = s.run("set keep-going on\nshow nosuch\nset keep-going off\nshow nosuch-2\nhelp")
        #expect(r.errLines.count == 2)
        #expect(!r.out.contains("Commands (type"))
    }

    @Test func exitWithStatus() throws {
        let r = try SampleData.session().run("show investai\nexit 3\nhelp")
        #expect(r.status == .exit(3))
        #expect(r.out.contains("InvestAI"))
        #expect(!r.out.contains("Commands (type"), "nothing after exit runs")
        #expect(r.err.isEmpty)
    }

    @Test func exitAndQuitWithoutStatus() throws {
        let s = try SampleData.session()
        #expect(s.run("exit").status == .exit(0))
        #expect(s.run("quit").status == .exit(0))
        #expect(s.run("quit 255").status == .exit(255))
    }

    @Test func exitStatusMustBeValid() throws {
        let s = try SampleData.session()
        let big = s.run("exit 256")
        #expect(big.status == .failed)
        #expect(big.err.hasPrefix("<test>:1:6: error: exit status must be a number from 0 to 255, not '256'"))
        #expect(s.run("exit -1").status == .failed)
        #expect(s.run("exit three").status == .failed)
        let two = s.run("exit 1 2")
        #expect(two.status == .failed)
        #expect(two.err.hasPrefix("<test>:1:8: error:"))
    }

    @Test func exitInsideKeepGoingStillExits() throws {
        let r = try SampleData.session().run("set keep-going on\nshow nosuch\nexit 4\nhelp")
        #expect(r.status == .exit(4))
        #expect(!r.out.contains("Commands (type"))
    }

    @Test func commentsAndBlankLinesDoNothing() throws {
        let r = try SampleData.session().run("#!/usr/bin/env summit\n# a comment\n\n   \n")
        #expect(r.status == .ok)
        #expect(r.out.isEmpty)
        #expect(r.err.isEmpty)
    }

    // MARK: formats

    @Test func setFormatJSONThenShow() throws {
        let s = try SampleData.session()
        let r = s.run("set format json\nshow investai")
        #expect(r.status == .ok)
        #expect(r.out.hasSuffix("\n"))
        let obj = try #require(try parseJSON(r.out) as? [String: Any])
        #expect(obj["id"] as? String == "investai")
        #expect(obj["kind"] as? String == "funding")
        #expect(obj["name"] as? String == "InvestAI")
        let fields = try #require(obj["fields"] as? [String: Any])
        let amount = try #require(fields["amount"] as? [String: Any])
        #expect((amount["amount"] as? NSNumber)?.int64Value == 200_000_000_000)
        #expect(amount["currency"] as? String == "EUR")
        #expect(r.out.contains(#""amount": {"amount": 200000000000, "currency": "EUR"}"#))
        #expect(s.context.settings.format == .json)
        // The setting lasts for the session.
        let again = s.run("show saclay")
        #expect((try parseJSON(again.out) as? [String: Any])?["id"] as? String == "saclay")
    }

    @Test func showJSONOfAContestedFieldKeepsEveryClaim() throws {
        let r = try SampleData.session().run("show paris-2025 --format json")
        let obj = try #require(try parseJSON(r.out) as? [String: Any])
        let fields = try #require(obj["fields"] as? [String: Any])
        let participants = try #require(fields["participants"] as? [String: Any])
        let claims = try #require(participants["claims"] as? [[String: Any]])
        #expect(claims.count == 2)
        #expect(claims[0]["sources"] as? [String] == ["src-elysee"])
        #expect(claims[1]["sources"] as? [String] == ["src-reuters"])
        #expect(claims[1]["note"] as? String == "press count")
        let dates = try #require(fields["dates"] as? [String: Any])
        #expect(dates["start"] as? String == "2025-02-10")
        #expect(dates["end"] as? String == "2025-02-11")
    }

    @Test func formatOptionAppliesToThatLineOnly() throws {
        let s = try SampleData.session()
        let r = s.run("show investai --format csv\nshow investai")
        #expect(r.status == .ok)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "id,kind,name,fields,relations,sources")
        #expect(lines.count > 1 && lines[1].hasPrefix("investai,funding,InvestAI,"))
        #expect(r.out.contains("InvestAI  (funding investai)"), "the second line is a table again")
        #expect(s.context.settings.format == .table)
    }

    @Test func formatOptionWithEqualsAndAfterAnError() throws {
        let s = try SampleData.session()
        #expect(s.run("list --format=json").out.hasPrefix("[\n"))
        #expect(s.context.settings.format == .table)
        // A failing command does not leave its --format behind.
        _ = s.run("show nosuch --format json")
        #expect(s.context.settings.format == .table)
    }

    @Test func formatOptionOverridesTheSessionFormatForOneLine() throws {
        let s = try SampleData.session()
        let r = s.run("set format json\nshow investai --format table\nshow investai")
        let outputs = r.out.components(separatedBy: "\n")
        #expect(r.out.contains("InvestAI  (funding investai)"))
        #expect(outputs.last(where: { !$0.isEmpty })?.hasPrefix("{\"id\": \"investai\"") == true)
        #expect(s.context.settings.format == .json)
    }

    @Test func badFormatValues() throws {
        let s = try SampleData.session()
        let bad = s.run("show investai --format xml")
        #expect(bad.status == .failed)
        #expect(bad.err.hasPrefix("<test>:1:24: error: unknown format 'xml'"))
        let missing = s.run("show investai --format")
        #expect(missing.status == .failed)
        #expect(missing.err.hasPrefix("<test>:1:15: error: --format needs a value"))
        let set = s.run("set format jsno")
        #expect(set.err.hasPrefix("<test>:1:12: error: unknown format 'jsno'"))
    }

    @Test func setWithoutArgumentsListsSettings() throws {
        let r = try SampleData.session().run("set width 120\nset --format json")
        let rows = try #require(try parseJSON(r.out) as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["setting"] as? String ?? "", $0["value"]) })
        #expect((byName["width"] as? NSNumber)?.intValue == 120)
        #expect(byName["keep-going"] as? String == "off")
    }

    @Test func unknownSettingSuggests() throws {
        let r = try SampleData.session().run("set widht 80")
        #expect(r.err.hasPrefix("<test>:1:5: error: unknown setting 'widht'; did you mean 'width'?"))
    }

    // MARK: find, show, conflicts, sources

    @Test func findIsAccentInsensitive() throws {
        let s = try SampleData.session()
        let r = s.run("find universite --format json")
        #expect(r.status == .ok)
        let rows = try #require(try parseJSON(r.out) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["saclay"])
        #expect(rows.first?["name"] as? String == "Université Paris-Saclay")
        #expect(s.run("find UNIVERSITÉ saclay").out.contains("Université Paris-Saclay"))
        #expect(s.run("find élysée --kind source").out.contains("src-elysee"))
    }

    @Test func findRanksNameMatchesFirstAndSearchesFields() throws {
        let s = try SampleData.session()
        let rows = try #require(try parseJSON(s.run("find paris --format json").out) as? [[String: Any]])
        let ids = rows.compactMap { $0["id"] as? String }
        #expect(ids.first == "paris-2025")
        #expect(ids.contains("saclay"))
        let byField = try #require(try parseJSON(s.run("find 200bn --format json").out) as? [[String: Any]])
        #expect(byField.map { $0["id"] as? String } == ["investai"])
        #expect((byField.first?["matched"] as? String)?.hasPrefix("amount:") == true)
    }

    @Test func findRanksNameThenAliasThenFieldAndHonoursLimit() throws {
        let src = Entity(id: "src", kind: "source", name: "A source", fields: [Field("title", [Claim(.text("A source"))])])
        let reg = try Registry(entities: [
            src,
            Entity(id: "venue-note", kind: "organisation", name: "Venue note", fields: [Field("venue", [Claim(.text("held at the Grand Palais"))])], sources: ["src"]),
            Entity(id: "expo", kind: "organisation", name: "AI Expo", aliases: ["Grand Palais show"], sources: ["src"]),
            Entity(id: "palais", kind: "organisation", name: "Grand Palais", sources: ["src"]),
            Entity(id: "tour", kind: "organisation", name: "Tour", relations: [Relation("venue", ["palais"])], sources: ["src"]),
            // The first value holding any of the words is the one named, claims included.
            Entity(id: "split", kind: "organisation", name: "Split", fields: [
                Field("size", [Claim(.number(3))]), Field("note", [Claim(.text("the palais"))]), Field("venue", [Claim(.text("grand hall"))]),
            ], sources: ["src"]),
            Entity(id: "claims", kind: "organisation", name: "Claims", fields: [
                Field("city", [Claim(.text("Lyon"), sources: ["src"]), Claim(.text("Grand Palais quarter"), sources: ["src"])]),
            ], sources: ["src"]),
        ])
        let s = ScriptedSession(registry: reg)
        let r = s.run("find grand palais --format csv")
        #expect(r.out == """
            id,kind,name,matched
            palais,organisation,Grand Palais,name
            expo,organisation,AI Expo,alias: Grand Palais show
            venue-note,organisation,Venue note,venue: held at the Grand Palais
            split,organisation,Split,note: the palais
            claims,organisation,Claims,city: Grand Palais quarter

            """)
        #expect(s.run("find grand palais --limit 2 --format csv").out.split(separator: "\n").count == 3)
        #expect(s.run("find palais --format csv").out.contains("\ntour,organisation,Tour,relations: palais\n"))
    }

    /// The corpus is every entity's text end to end: a word that only exists across the join of
    /// two entities' texts is found in neither.
    @Test func findDoesNotMatchAcrossTwoEntities() throws {
        let src = Entity(id: "src", kind: "source", name: "A source", fields: [Field("title", [Claim(.text("A source"))])])
        let reg = try Registry(entities: [
            src,
            Entity(id: "a1", kind: "organisation", name: "Alpha", aliases: ["zzcom"], sources: ["src"]),
            Entity(id: "b1", kind: "organisation", name: "mons", sources: ["src"]),
        ])
        let s = ScriptedSession(registry: reg)
        #expect(s.run("find commons").out == "(no results)\n")
        #expect(s.run("find zzcom --format csv").out.contains("a1,organisation,Alpha,alias: zzcom"))
        #expect(s.run("find mons --format csv").out.contains("b1,organisation,mons,name"))
    }

    /// After a few searches `find` takes its candidates from a trigram index: the index and the
    /// scan give the same entities and ranks, for words in names, aliases, fields and relations,
    /// short terms, several terms, accented text, words across two entities' texts, `--kind`
    /// pools, and words found nowhere.
    @Test func theTrigramIndexFindsWhatTheScanFinds() throws {
        var rng = SplitMix(seed: 7)
        let syllables = ["com", "mons", "ai", "safe", "ty", "gov", "er", "nance", "é", "ü", "x", "q", "data", "pa", "ris"]
        func word() -> String { (0..<(1 + rng.below(3))).map { _ in syllables[rng.below(syllables.count)] }.joined() }
        var entities = [Entity(id: "src", kind: "source", name: "A source", fields: [Field("title", [Claim(.text("A source"))])])]
        for i in 0..<300 {
            let kind = ["organisation", "person", "country"][rng.below(3)]
            entities.append(Entity(id: "e\(i)", kind: kind, name: (0..<(1 + rng.below(3))).map { _ in word() }.joined(separator: " "),
                                   aliases: rng.below(4) == 0 ? [word()] : [],
                                   fields: [Field("note", [Claim(.text((0..<rng.below(6)).map { _ in word() }.joined(separator: " ")))])],
                                   relations: i > 0 && rng.below(3) == 0 ? [Relation("related", ["e\(rng.below(i))"])] : [],
                                   sources: ["src"]))
        }
        let reg = try Registry(entities: entities)
        let corpus = reg.searchCorpus
        let kinds = ["organisation", "person", "country"].map { Array(reg.indices(ofKind: $0)) }
        var queries: [[String]] = [["commons"], ["co"], ["x"], ["é"], ["safe", "ty"], ["nancepa"], ["zzz"], ["e1"], ["ris", "gov", "ai"]]
        for _ in 0..<200 { queries.append((0..<(1 + rng.below(2))).map { _ in String(word().prefix(1 + rng.below(6))) }) }
        for q in queries {
            let terms = SearchTerms(q.map { Array(TextFold.fold($0).utf8) })
            for pool in [nil] + kinds.map(Optional.some) {
                let scanned = corpus.entities(matchingAll: terms, among: pool, indexed: false)
                let indexed = corpus.entities(matchingAll: terms, among: pool, indexed: true)
                #expect(indexed.map(\.index) == scanned.map(\.index) && indexed.map(\.rank) == scanned.map(\.rank), "\(q), pool of \(pool?.count ?? -1)")
            }
        }
        // Through `find`: the first searches scan, the later ones use the index; same output.
        let s = ScriptedSession(registry: reg)
        let first = (0..<(SearchCorpus.scansBeforeIndex + 2)).map { _ in s.run("find mons --format csv").out }
        #expect(Set(first).count == 1 && first[0].contains("\n"))
    }

    /// A corpus of many entities is built on several cores, a range each, then joined: it is
    /// the corpus built on one thread, offset for offset.
    @Test func aCorpusBuiltOnSeveralCoresIsTheOneBuiltOnOne() throws {
        var rng = SplitMix(seed: 11)
        let n = SearchCorpus.entitiesPerBuild * 3 + 7
        var entities: [Entity] = []
        for i in 0..<n {
            let claims = (0..<rng.below(3)).map { k in k == 1 ? Claim(.money(Money(amount: Double(i) * 1.5e6, currency: "EUR"))) : Claim(.text("Claim \(k) of Entité \(i)")) }
            let name = ["Name \(i)", "Université \(i) ÉCOLE", "Straße \(i)", "Mixed CASE \(i)"][rng.below(4)]
            let aliases = [[], ["Alias \(i)"], ["Œuvre \(i)", "Second ALIAS"]][rng.below(3)]
            entities.append(Entity(id: "e\(i)", kind: "organisation", name: name, aliases: aliases,
                                   fields: claims.isEmpty ? [] : [Field("note", claims)], relations: rng.below(2) == 0 ? [Relation("r", ["e\(rng.below(n))"])] : []))
        }
        let built = SearchCorpus(entities)
        let one = Self.corpusByParts(entities)
        #expect(built.bytes == one.bytes)
        #expect(built.ends == one.ends)
        #expect(built.nameEnds == one.nameEnds)
        #expect(built.aliasEnds == one.aliasEnds)
        #expect(built.claimEnds == one.claimEnds)
        #expect(built.firstClaim == one.firstClaim)
        let hits = built.entities(matchingAll: SearchTerms([Array("e45001".utf8)]), among: nil, indexed: false)
        #expect(hits.contains { $0.index == 45001 && $0.rank == 0 }, "its id is in its name-and-id part")
    }

    /// The corpus as it was first built: each entity's text folded from joined strings, then
    /// copied in (the reference for the corpus written in place).
    static func corpusByParts(_ entities: [Entity]) -> (bytes: [UInt8], ends: [Int], nameEnds: [Int], aliasEnds: [Int], claimEnds: [Int], firstClaim: [Int]) {
        // Folded through TextFold itself, not through the corpus's own fast path.
        func fold(_ s: String) -> [UInt8] { Array(TextFold.fold(s).utf8) }
        var bytes: [UInt8] = [], ends: [Int] = [], nameEnds: [Int] = [], aliasEnds: [Int] = [], claimEnds: [Int] = [], firstClaim: [Int] = []
        for e in entities {
            var all = fold(e.name + " " + e.id)
            let nameEnd = all.count
            all.append(32)
            all += fold(e.aliases.joined(separator: " "))
            let aliasEnd = all.count
            var claims: [Int] = []
            for f in e.fields {
                for c in f.claims {
                    all.append(32)
                    all += fold(c.value.display)
                    claims.append(all.count)
                }
            }
            for r in e.relations { for t in r.targets { all.append(32); all += fold(t) } }
            nameEnds.append(bytes.count + nameEnd)
            aliasEnds.append(bytes.count + aliasEnd)
            firstClaim.append(claimEnds.count)
            for c in claims { claimEnds.append(bytes.count + c) }
            bytes += all
            ends.append(bytes.count)
        }
        firstClaim.append(claimEnds.count)
        return (bytes, ends, nameEnds, aliasEnds, claimEnds, firstClaim)
    }

    @Test func aKeptShowResultShowsAsATableLater() throws {
        let s = try SampleData.session()
        s.context.settings.format = .csv
        #expect(s.run("show investai").out.hasPrefix("id,kind,name,fields"))
        #expect(s.run("let x = show investai").status == .ok)
        s.context.settings.format = .table
        let r = s.run("$x")
        #expect(r.out.contains("InvestAI  (funding investai)"))
        #expect(r.out.contains("EUR 200bn"), "the view, built although the session was in CSV when it ran")
    }

    @Test func findWithNothingFound() throws {
        let r = try SampleData.session().run("find zanzibar")
        #expect(r.status == .ok)
        #expect(r.out == "(no results)\n")
    }

    @Test func findNeedsText() throws {
        let r = try SampleData.session().run("find")
        #expect(r.status == .failed)
        #expect(r.err.contains("find needs"))
    }

    @Test func showMarksContestedFields() throws {
        let r = try SampleData.session().run("show paris-2025")
        #expect(r.status == .ok)
        #expect(r.out.hasPrefix("AI Action Summit  (summit paris-2025)"))
        #expect(r.out.contains("participants (contested)"))
        #expect(r.out.contains("• more than 1,000  [src-elysee]"))
        #expect(r.out.contains("• more than 800  [src-reuters] (press count)"))
        #expect(r.out.contains("2025-02-10..2025-02-11"))
        #expect(!r.out.contains("city (contested)"))
        #expect(r.out.contains("← referenced by"))
        #expect(r.out.contains("saclay (attended)"))
        #expect(r.out.contains("investai (announced-at)"))
        #expect(r.out.contains("src-elysee: Élysée press kit"))
    }

    @Test func showByNameOrAlias() throws {
        let s = try SampleData.session()
        #expect(s.run("show \"AI Action Summit\"").out.hasPrefix("AI Action Summit  (summit paris-2025)"))
        #expect(s.run("show 'paris summit'").out.hasPrefix("AI Action Summit  (summit paris-2025)"))
    }

    @Test func showRelations() throws {
        let r = try SampleData.session().run("show investai")
        #expect(r.out.contains("→ announced-at"))
        #expect(r.out.contains("AI Action Summit (paris-2025)"))
        #expect(r.out.contains("EUR 200bn"))
    }

    @Test func conflictsListsBothClaimsWithSources() throws {
        let s = try SampleData.session()
        let rows = try #require(try parseJSON(s.run("conflicts --format json").out) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["id"] as? String == "paris-2025" && $0["field"] as? String == "participants" })
        #expect(rows.map { $0["source"] as? String } == ["src-elysee", "src-reuters"])
        #expect(rows[1]["note"] as? String == "press count")
        #expect(rows[0]["note"] is NSNull)
        let first = try #require(rows[0]["value"] as? [String: Any])
        #expect((first["number"] as? NSNumber)?.intValue == 1000)
        #expect(first["qualifier"] as? String == "more-than")

        let table = s.run("conflicts").out
        #expect(table.contains("more than 1,000"))
        #expect(table.contains("more than 800"))
        #expect(table.contains("src-elysee"))
        #expect(table.contains("src-reuters"))
        #expect(!table.contains("city"))
    }

    @Test func conflictsForOneEntity() throws {
        let s = try SampleData.session()
        #expect(s.run("conflicts investai").out == "(no results)\n")
        #expect(s.run("conflicts paris-2025").out.contains("src-reuters"))
        #expect(s.run("conflicts nosuch").status == .failed)
    }

    @Test func sourcesOfAnEntity() throws {
        let r = try SampleData.session().run("sources investai --format json")
        let rows = try #require(try parseJSON(r.out) as? [[String: Any]])
        let facts = rows.map { "\($0["fact"] as? String ?? "?")|\($0["source"] as? String ?? "?")|\($0["title"] as? String ?? "?")" }
        #expect(facts == [
            "(entity)|src-elysee|Élysée press kit",
            "amount|src-elysee|Élysée press kit",
            "→ announced-at|src-elysee|Élysée press kit",
        ])
    }

    @Test func sourcesOfAContestedField() throws {
        let r = try SampleData.session().run("sources paris-2025 --format csv")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "fact,value,source,title")
        #expect(lines.contains { $0.hasPrefix("participants (contested),") && $0.hasSuffix(",src-elysee,Élysée press kit") })
        #expect(lines.contains { $0.hasPrefix("participants (contested),") && $0.hasSuffix(",src-reuters,Reuters report") })
    }

    @Test func sourcesWithoutIDListsEverySourceWithCitations() throws {
        let rows = try #require(try parseJSON(try SampleData.session().run("sources --format json").out) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["src-elysee", "src-reuters"])
        #expect((rows[0]["cited"] as? NSNumber)?.intValue == 4)
        #expect((rows[1]["cited"] as? NSNumber)?.intValue == 2)
        #expect(rows[0]["publisher"] as? String == "Élysée")
        #expect(rows[1]["publisher"] is NSNull)
    }

    // MARK: export and list

    @Test func exportJSONRecordShape() throws {
        let s = try SampleData.session()
        let r = s.run("export --format json")
        #expect(r.status == .ok)
        let rows = try #require(try parseJSON(r.out) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["src-elysee", "src-reuters", "paris-2025", "saclay", "investai"])
        for row in rows {
            for key in ["id", "kind", "name", "fields", "relations", "sources"] {
                #expect(row[key] != nil, "record \(row["id"] ?? "?") lacks '\(key)'")
            }
            #expect(row["fields"] is [String: Any])
            #expect(row["relations"] is [String: Any])
            #expect(row["sources"] is [String])
        }
        let investai = try #require(rows.first { $0["id"] as? String == "investai" })
        #expect(investai["kind"] as? String == "funding")
        let amount = try #require((investai["fields"] as? [String: Any])?["amount"] as? [String: Any])
        #expect((amount["amount"] as? NSNumber)?.int64Value == 200_000_000_000)
        #expect(amount["currency"] as? String == "EUR")
        #expect((investai["relations"] as? [String: Any])?["announced-at"] as? [String] == ["paris-2025"])
        #expect(investai["sources"] as? [String] == ["src-elysee"])
        let paris = try #require(rows.first { $0["id"] as? String == "paris-2025" })
        #expect(paris["aliases"] as? [String] == ["Paris summit"])
        #expect(s.context.settings.format == .table)
        // One record per line inside the array.
        #expect(r.out.split(separator: "\n").count == rows.count + 2)
    }

    @Test func exportOneKind() throws {
        let s = try SampleData.session()
        let rows = try #require(try parseJSON(s.run("export --kind funding --format json").out) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["investai"])
        let csv = s.run("export --kind funding --format csv").out
        #expect(csv.contains("200000000000 EUR"))
        #expect(s.run("export --kind fundng").err.contains("did you mean 'funding'?"))
    }

    @Test func exportTable() throws {
        let r = try SampleData.session().run("export")
        #expect(r.out.hasPrefix("id"))
        #expect(r.out.contains("investai"))
        #expect(r.out.contains("src-elysee src-reuters"))
    }

    @Test func listKindsWithCounts() throws {
        let s = try SampleData.session()
        let rows = try #require(try parseJSON(s.run("list --format json").out) as? [[String: Any]])
        var counts: [String: Int] = [:]
        for row in rows { counts[row["kind"] as? String ?? ""] = (row["count"] as? NSNumber)?.intValue }
        #expect(counts["summit"] == 1)
        #expect(counts["source"] == 2)
        #expect(counts["funding"] == 1)
        #expect(counts["organisation"] == 1)
        #expect(counts["person"] == 0)
        #expect(rows.count == KindSchema.builtIn.count)
        let kinds = rows.compactMap { $0["kind"] as? String }
        #expect(kinds == kinds.sorted())
        let table = s.run("list").out
        #expect(table.contains("a summit in the series"))
    }

    @Test func listOneKind() throws {
        let s = try SampleData.session()
        let r = s.run("list funding")
        #expect(r.status == .ok)
        #expect(r.out.contains("investai"))
        #expect(r.out.contains("EUR 200bn"))
        #expect(!r.out.contains("saclay"))
        let bad = s.run("list summitt")
        #expect(bad.status == .failed)
        #expect(bad.err.hasPrefix("<test>:1:6: error: unknown kind 'summitt'; did you mean 'summit'?"))
    }

    @Test func pluginsListsCore() throws {
        let r = try SampleData.session().run("plugins")
        #expect(r.out.contains("core"))
        #expect(r.out.contains("built-in"))
    }

    // MARK: source

    @Test func sourceIsRelativeToTheIncludingFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("main.summit", "source sub/inc.summit\nshow saclay\n")
        try dir.write("sub/inc.summit", "# included\nsource other.summit\n")
        try dir.write("sub/other.summit", "show investai\n")
        let r = try SampleData.session().run("source \(dir.path)/main.summit")
        #expect(r.status == .ok, "\(r.err)")
        #expect(r.err.isEmpty)
        #expect(r.out.contains("InvestAI  (funding investai)"))
        #expect(r.out.contains("Université Paris-Saclay  (organisation saclay)"))
        // investai (from the nested file) runs before saclay (the line after `source`).
        let a = try #require(r.out.range(of: "InvestAI"))
        let b = try #require(r.out.range(of: "Université"))
        #expect(a.lowerBound < b.lowerBound)
    }

    @Test func errorsInsideASourcedFileNameThatFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("inc.summit", "help\n\n  show nosuch\nhelp\n")
        let r = try SampleData.session().run("# top\nsource \(dir.path)/inc.summit\nhelp")
        #expect(r.status == .failed)
        #expect(r.errLines.count == 1)
        #expect(r.errLines.first?.hasPrefix("\(dir.path)/inc.summit:3:8: error: no entity with id 'nosuch'") == true)
    }

    @Test func exitInsideASourcedFileExitsTheScript() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("inc.summit", "exit 7\n")
        let r = try SampleData.session().run("source \(dir.path)/inc.summit\nhelp")
        #expect(r.status == .exit(7))
        #expect(r.out.isEmpty)
    }

    @Test func sourceCycleIsAnErrorNamingTheChain() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("a.summit", "source b.summit\n")
        try dir.write("b.summit", "help\nsource a.summit\n")
        let s = try SampleData.session()
        let r = s.run("source \(dir.path)/a.summit")
        #expect(r.status == .failed)
        #expect(r.errLines.count == 1, "\(r.err)")
        let line = try #require(r.errLines.first)
        #expect(line.hasPrefix("\(dir.path)/b.summit:2:8: error: source cycle: a.summit -> b.summit -> a.summit"))
        // The session is usable afterwards (the source stack was unwound).
        let again = s.run("source \(dir.path)/b.summit")
        #expect(again.errLines.count == 1)
        #expect(again.err.contains("source cycle: b.summit -> a.summit -> b.summit"))
    }

    @Test func fileThatSourcesItself() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("self.summit", "source ./self.summit\n")
        let r = try SampleData.session().run("source \(dir.path)/self.summit")
        #expect(r.status == .failed)
        #expect(r.err.contains("source cycle: self.summit -> self.summit"))
    }

    @Test func sourcingTheSameFileTwiceIsNotACycle() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("common.summit", "show investai\n")
        try dir.write("main.summit", "source common.summit\nsource common.summit\n")
        let r = try SampleData.session().run("source \(dir.path)/main.summit")
        #expect(r.status == .ok, "\(r.err)")
        #expect(r.out.components(separatedBy: "InvestAI  (funding investai)").count == 3)
    }

    @Test func sourceMissingFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let r = try SampleData.session().run("source  \(dir.path)/missing.summit")
        #expect(r.status == .failed)
        #expect(r.err.hasPrefix("<test>:1:9: error: cannot source '\(dir.path)/missing.summit': no such file"))
    }

    @Test func sourceUsage() throws {
        let s = try SampleData.session()
        #expect(s.run("source").err.contains("usage: source FILE"))
        let two = s.run("source a b")
        #expect(two.err.hasPrefix("<test>:1:10: error: usage: source FILE"))
    }

    @Test func sourceADirectoryIsAnError() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let r = try SampleData.session().run("source \(dir.path)")
        #expect(r.status == .failed)
        #expect(r.err.contains("is a directory"))
    }
}

@Suite("Suggest")
struct SuggestTests {
    @Test func transpositionIsOneEdit() {
        #expect(Suggest.distance(Array("shwo"), Array("show")) == 1)
        #expect(Suggest.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggest.distance(Array(""), Array("abc")) == 3)
        #expect(Suggest.distance(Array("abc"), Array("")) == 3)
        #expect(Suggest.distance(Array("same"), Array("same")) == 0)
    }

    @Test func closestTypo() {
        #expect(Suggest.closest(to: "shwo", in: ["show", "set", "sources"]) == "show")
        #expect(Suggest.closest(to: "SHOW", in: ["show", "set"]) == "show")
        #expect(Suggest.closest(to: "paris-2052", in: ["paris-2025", "seoul-2024"]) == "paris-2025")
    }

    @Test func prefixSuggests() {
        #expect(Suggest.closest(to: "conf", in: ["conflicts", "export"]) == "conflicts")
        #expect(Suggest.closest(to: "--ki", in: ["--kind", "--limit"]) == "--kind")
        #expect(Suggest.closest(to: "sour", in: ["sources", "source"]) == "source", "the shortest completion wins")
    }

    @Test func nothingCloseEnough() {
        #expect(Suggest.closest(to: "xyzzy", in: ["show", "help"]) == nil)
        #expect(Suggest.closest(to: "ab", in: ["xy"]) == nil)
        #expect(Suggest.closest(to: "show", in: [String]()) == nil)
    }
}

/// A plugin with a command group, to check groups, plugin help and one-line --format on plugin commands.
struct GroupPlugin: SummitPlugin {
    struct ListCmd: Command {
        let name = "pledge list"
        let summary = "List pledges"
        var options: [OptionSpec] { [OptionSpec("currency", value: "CODE", help: "only this currency", completion: .values(["EUR", "USD"]))] }
        func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
            let rows = context.registry.entities(ofKind: "funding").map { Record(["id": .text($0.id), "amount": $0[field: "amount"]]) }
            return .records(rows, columns: ["id", "amount"])
        }
    }
    struct TotalCmd: Command {
        let name = "pledge total"
        let summary = "Total of pledges"
        var arguments: [ArgumentSpec] { [ArgumentSpec("id", help: "a funding id", optional: true, completion: .entities(kind: "funding"))] }
        func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
            if !args.positional.isEmpty { _ = try args.entity(at: 0, kind: "funding", in: context) }
            return .value(.money(Money(amount: 200e9, currency: "EUR")))
        }
    }
    let name = "pledges"
    let summary = "Pledge commands"
    let version = "9.9"
    var commands: [any Command] { [ListCmd(), TotalCmd()] }
}

@Suite("Interpreter with a plugin")
struct PluginInterpreterTests {
    func session() throws -> ScriptedSession { ScriptedSession(registry: try SampleData.registry(), plugins: [GroupPlugin()]) }

    @Test func twoWordCommands() throws {
        let s = try session()
        let r = s.run("pledge total --format json")
        #expect(r.status == .ok)
        #expect(r.out == "{\"amount\": 200000000000, \"currency\": \"EUR\"}\n")
        #expect(s.run("pledge list --currency EUR --format csv").out == "id,amount\ninvestai,200000000000 EUR\n")
    }

    @Test func groupAloneListsSubcommands() throws {
        let r = try session().run("pledge")
        #expect(r.status == .ok)
        #expect(r.out.contains("pledge: subcommands"))
        #expect(r.out.contains("pledge list"))
        #expect(r.out.contains("pledge total"))
    }

    @Test func unknownSubcommandSuggests() throws {
        let r = try session().run("pledge lsit")
        #expect(r.status == .failed)
        #expect(r.err == "<test>:1:8: error: 'pledge' has no subcommand 'lsit'; did you mean 'pledge list'?\n")
        let far = try session().run("pledge zzzzzz")
        #expect(far.err.contains("try one of: list, total"))
    }

    @Test func wrongKindOfEntity() throws {
        let r = try session().run("pledge total  paris-2025")
        #expect(r.err.hasPrefix("<test>:1:15: error: 'paris-2025' is a summit, not a funding"))
    }

    @Test func helpGroupsPluginCommands() throws {
        let s = try session()
        let help = s.run("help").out
        let core = try #require(help.range(of: "  core\n"))
        let plugin = try #require(help.range(of: "  pledges plugin\n"))
        #expect(core.lowerBound < plugin.lowerBound)
        #expect(help.contains("pledge total"))
        #expect(s.run("help pledge").out.contains("pledge: subcommands"))
        #expect(s.run("help pledge total").out.hasPrefix("usage: pledge total [ID]"))
        #expect(s.run("plugins").out.contains("pledges"))
    }

    @Test func completion() throws {
        let s = try session()
        let ctx = s.context
        let total = try #require(ctx.commands["pledge total"])
        #expect(total.complete(CompletionRequest(previous: [], prefix: "inv"), in: ctx) == ["investai"])
        #expect(total.complete(CompletionRequest(previous: [], prefix: "par"), in: ctx).isEmpty, "only funding ids")
        let list = try #require(ctx.commands["pledge list"])
        #expect(list.complete(CompletionRequest(previous: ["--currency"], prefix: "U"), in: ctx) == ["USD"])
        #expect(list.complete(CompletionRequest(previous: [], prefix: "--c"), in: ctx) == ["--currency"])
        let show = try #require(ctx.commands["show"])
        #expect(show.complete(CompletionRequest(previous: [], prefix: "src-"), in: ctx) == ["src-elysee", "src-reuters"])
        let help = try #require(ctx.commands["help"])
        #expect(help.complete(CompletionRequest(previous: [], prefix: "pl"), in: ctx) == ["plugins", "pledge"])
        #expect(help.complete(CompletionRequest(previous: ["pledge"], prefix: "t"), in: ctx) == ["total"])
        let set = try #require(ctx.commands["set"])
        #expect(set.complete(CompletionRequest(previous: ["format"], prefix: "j"), in: ctx) == ["json"])
    }

    @Test func resolveCommandPrefersTheLongestName() throws {
        let ctx = try session().context
        let (cmd, used) = try #require(ctx.resolveCommand(["pledge", "total", "investai"]))
        #expect(cmd.name == "pledge total")
        #expect(used == 2)
        #expect(ctx.resolveCommand(["pledge"]) == nil)
        #expect(ctx.resolveCommand(["show", "x"])?.1 == 1)
        #expect(ctx.topLevelWords.contains("pledge"))
        #expect(!ctx.topLevelWords.contains("pledge list"))
    }
}

@Suite("TextFold and FileIO")
struct TextFoldAndFileTests {
    @Test func fold() {
        #expect(TextFold.fold("Université Paris-Saclay") == "universite paris-saclay")
        #expect(TextFold.fold("Œuvre Straße ÆON") == "oeuvre strasse aeon")
        #expect(TextFold.fold("Ça Ü Ñ") == "ca u n")
        #expect(TextFold.fold("e\u{301}") == "e", "combining accents are dropped")
        #expect(TextFold.fold("“quoted” – it’s") == "\"quoted\" - it's")
    }

    @Test func containsIsFoldThenContains() {
        #expect(TextFold.contains("AI Action Summit", "action"))
        #expect(TextFold.contains("Université Paris-Saclay", "PARIS-SACLAY universite".split(separator: " ").last.map(String.init)!))
        #expect(!TextFold.contains("a\r\nb", "\r"), "CR LF is one character, as String.contains has it")
        #expect(TextFold.contains("abc", "") && TextFold.foldContains("abc", "") && TextFold.foldContains("é", ""), "an empty term is in everything")
        #expect(!TextFold.contains("ab", "abc"))
        // Random texts over a small alphabet (ASCII, upper case, CR, LF, accents) against the fold.
        let alphabet: [String] = ["a", "B", "c", "A", "b", " ", "\r", "\n", "é", "É", "ß", "z", "Z"]
        var rng = SplitMix(seed: 7)
        for _ in 0..<3000 {
            let text = (0..<rng.below(12)).map { _ in alphabet[rng.below(alphabet.count)] }.joined()
            let term = (0..<rng.below(4)).map { _ in alphabet[rng.below(alphabet.count)] }.joined()
            #expect(TextFold.contains(text, term) == TextFold.foldContains(text, term), "\(text.debugDescription) \(term.debugDescription)")
        }
    }

    @Test func pathHelpers() {
        #expect(FileIO.directory(of: "/a/b/c.summit") == "/a/b")
        #expect(FileIO.directory(of: "c.summit") == ".")
        #expect(FileIO.directory(of: "/c.summit") == "/")
        #expect(FileIO.resolve("x.summit", relativeTo: "/a/b") == "/a/b/x.summit")
        #expect(FileIO.resolve("x.summit", relativeTo: "/a/b/") == "/a/b/x.summit")
        #expect(FileIO.resolve("/abs/x.summit", relativeTo: "/a/b") == "/abs/x.summit")
        #expect(FileIO.lastComponent("/a/b/c.summit") == "c.summit")
    }

    @Test func readTextErrors() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("ok.summit", "héllo\n")
        #expect(try FileIO.readText(dir.path + "/ok.summit") == "héllo\n")
        try Data("line one\nline two\n\0\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/bin.summit"))
        #expect(throws: FileIO.Failure.self) { try FileIO.readText(dir.path + "/bin.summit") }
        do {
            _ = try FileIO.readText(dir.path + "/bin.summit")
        } catch {
            #expect(error.message.contains("binary file (NUL byte on line 3)"))
        }
        try Data([0x61, 0x0A, 0x62, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: dir.path + "/latin.summit"))
        do {
            _ = try FileIO.readText(dir.path + "/latin.summit")
            Issue.record("invalid UTF-8 must be rejected")
        } catch {
            #expect(error.message.contains("not valid UTF-8 (line 3)"))
        }
        do {
            _ = try FileIO.readText(dir.path)
            Issue.record("a directory must be rejected")
        } catch {
            #expect(error.message.contains("is a directory"))
        }
        do {
            _ = try FileIO.readText(dir.path + "/missing")
            Issue.record("a missing file must be rejected")
        } catch {
            #expect(error.message.hasPrefix("cannot open '\(dir.path)/missing'"))
        }
        #expect(FileIO.isDirectory(dir.path))
        #expect(!FileIO.isDirectory(dir.path + "/ok.summit"))
        #expect(FileIO.exists(dir.path + "/ok.summit"))
        #expect(FileIO.list(dir.path) == ["bin.summit", "latin.summit", "ok.summit"])
    }
}

extension SplitMix {
    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A plan's money key orders rows as `sort` orders their values (nulls last, currencies A to Z
/// either way, amounts in the direction asked, stable), and `first` picks what sorting gives.
@Suite struct LazyRowsPlanTests {
    struct Rows: RowSource {
        let cells: [(amount: Double, currency: String)?]
        var count: Int { cells.count }
        var keys: [String] { ["amount"] }
        func field(_ key: String, row: Int) -> Value? { cells[row].map { .money(Money(amount: $0.amount, currency: $0.currency)) } ?? .null }
        func record(_ row: Int) -> Record { Record([RecordField("amount", field("amount", row: row)!)]) }
        func money(_ key: String) -> RowMoney? { let c = cells; return RowMoney(key: key) { c[$0] } }
    }

    @Test func moneyKeysOrderAsSortDoesAndFirstPicksTheSame() {
        var g = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 30, 500, 2 * LazyRows.sortedPerCore + 3] {
            let cells: [(amount: Double, currency: String)?] = (0..<n).map { _ in
                Int.random(in: 0..<8, using: &g) == 0 ? nil : (Double(Int.random(in: 0..<9, using: &g)), ["EUR", "USD"].randomElement(using: &g)!)
            }
            let source = Rows(cells: cells)
            let values = (0..<n).map { source.field("amount", row: $0)! }
            for desc in [true, false] {
                let plan = LazyRows(source, ordering: [.money(source.money("amount")!, descending: desc)], columns: ["amount"])
                let want = Stages.sortOrder(values, descending: desc)
                #expect(plan.order == want, "\(n) rows, descending \(desc)")
                for k in [0, 1, 5, 40] { #expect(plan.first(k).order == Array(want.prefix(k)), "first \(k) of \(n)") }
                // A second key breaks the first's ties, the rows' order the rest.
                let parity = RowKey.rows { a, b in (a % 2) - (b % 2) }
                let two = LazyRows(source, ordering: [.money(source.money("amount")!, descending: desc), parity], columns: ["amount"])
                let want2 = want.indices.sorted { i, j in
                    let (a, b) = (want[i], want[j])
                    if LazyRows.moneyOrder(cells[a], cells[b], descending: desc) != 0 { return i < j }
                    return a % 2 != b % 2 ? a % 2 < b % 2 : i < j
                }.map { want[$0] }
                #expect(two.order == want2 && two.first(7).order == Array(want2.prefix(7)), "two keys, \(n) rows")
                // `where` narrows the set and keeps the keys.
                let narrowed = plan.narrowed { cells[$0] != nil }
                #expect(narrowed.count == cells.count { $0 != nil } && narrowed.order == want.filter { cells[$0] != nil })
            }
        }
    }
}
