import SummitKit
import SummitSeeds
import Testing

/// `find` gives its rows built on demand (`FoundRows`): through every stage, the same output as
/// the same rows kept in a variable (built whole).
@Suite struct FindRowsTests {
    @Test(arguments: ["find paris", "find summit --kind event", "find ai --limit 5", "find grand palais", "find nothing-like-this"])
    func findGivesWhatWholeRowsGive(_ query: String) throws {
        var settings = Settings()
        settings.width = 200
        let s = ScriptedSession(registry: try BuiltinSeeds.registry(), settings: settings)
        #expect(s.run("let whole = \(query)").status == .ok)
        for stages in ["", "| count", "| where kind == event | first 2", "| sort name desc | last 3", "| select id matched", "| where matched contains name", "| group kind", "| where nope == 1"] {
            for format in ["table", "csv", "json"] {
                let a = s.run("\(query) \(stages) --format \(format)")
                let b = s.run("$whole \(stages) --format \(format)")
                #expect(a.out == b.out, "\(query) \(stages) \(format)")
                #expect(a.err.isEmpty == b.err.isEmpty, "\(query) \(stages) \(format)")
            }
        }
        #expect(s.run("find paris | count").out != "0\n")
    }
}
