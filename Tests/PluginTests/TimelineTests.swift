import Testing
import SummitKit
import SummitSeeds
import Timeline

@Suite struct TimelineTests {
    @Test func scratch() throws {
        let s = ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [TimelinePlugin()])
        s.context.settings.width = 120
        for line in ["timeline", "timeline paris-2025", "timeline series", "timeline --around 2025-07-09", "timeline seris", "timeline pariss-2025", "timeline --from 2025-13"] {
            let r = s.run(line)
            print("=== \(line) [\(r.status)]\n\(r.out)\(r.err)")
        }
    }
}
