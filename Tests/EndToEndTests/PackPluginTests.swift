import Foundation
import Testing

/// Plugin directories for end-to-end tests: copies of the examples, or packs written here.
enum PluginFixtures {
    static var examples: String { SummitProcess.repoRoot + "/examples/plugins" }
    static var india: String { examples + "/india-2026" }
    static var cite: String { examples + "/cite" }

    /// Copies a directory (recursively), keeping modes.
    static func copy(_ from: String, to: String) throws {
        try FileManager.default.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// A pack with one summit, named `name`, whose ids start with `prefix`.
    static func tinyPack(in dir: String, name: String, prefix: String = "tiny", extra: String = "") throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try SummitProcess.write("name: \(name)\nversion: 0.1.0\ndescription: A tiny pack\nsummits: [\(prefix)-2030]\n", to: path + "/pack.yaml")
        try SummitProcess.write("""
            pack: \(name)
            sources:
              - id: src-\(prefix)
                title: A tiny source
            entities:
              - id: \(prefix)-2030
                kind: summit
                name: Summit \(prefix)
                sources: [src-\(prefix)]
                fields:
                  dates: 2030-01-01..2030-01-02
            \(extra)
            """, to: path + "/data.yaml")
        return path
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }
}

/// Packs at run time, through the built binary: --plugin, SUMMIT_PLUGIN_PATH, the plugin
/// directory, `plugin load/check`, broken and duplicate packs, and the worked example.
@Suite("packs at run time")
struct PackPluginTests {
    @Test func theWorkedExampleReachesEveryCommand() throws {
        let r = try SummitProcess.run(["--no-init", "--plugin", PluginFixtures.india, "--format", "json",
                                       "-c", "timeline series", "-c", "governance compare paris-2025 new-delhi-2026"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        // Two JSON documents: split at the boundary "]\n[".
        let parts = r.out.components(separatedBy: "]\n[")
        #expect(parts.count == 2)
        let series = try PluginFixtures.json(parts[0] + "]")
        #expect(series.map { $0["summit"] as? String } == ["bletchley-2023", "seoul-2024", "paris-2025", "new-delhi-2026"])
        let delhi = try #require(series.last)
        #expect(delhi["venue"] as? String == "Bharat Mandapam")
        #expect((delhi["declarations"] as? [String]) == ["New Delhi Declaration on AI Impact"])
        let compare = try PluginFixtures.json("[" + parts[1])
        let declarations = try #require(compare.first { $0["attribute"] as? String == "declarations" })
        #expect((declarations["paris-2025"] as? String)?.contains("Statement on Inclusive and Sustainable Artificial Intelligence") == true)
        #expect(declarations["new-delhi-2026"] as? String == "New Delhi Declaration on AI Impact")
        let counts = try #require(compare.first { $0["attribute"] as? String == "signatory counts" })
        #expect((counts["new-delhi-2026"] as? String)?.contains("88") == true)
        #expect((counts["new-delhi-2026"] as? String)?.contains("86") == true)

        let funding = try SummitProcess.run(["--no-init", "--plugin", PluginFixtures.india, "--format", "json", "-c", "funding list"])
        let pledge = try #require(try PluginFixtures.json(funding.out).first { $0["id"] as? String == "funding-india-ai-infrastructure" })
        let amount = try #require(pledge["amount"] as? [String: Any])
        #expect(amount["amount"] as? Double == 250_000_000_000)
        #expect(amount["currency"] as? String == "USD")
        #expect(amount["qualifier"] as? String == "more-than")
        #expect(pledge["summit"] as? String == "new-delhi-2026")
    }

    @Test func theExampleScriptRuns() throws {
        let r = try SummitProcess.run(["--no-init", "--no-color", SummitProcess.repoRoot + "/examples/india-2026.summit"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("new-delhi-2026"))
        #expect(r.out.contains("Human Capital"))
    }

    @Test func pluginsShowsKindVersionOriginAndWhatItAdded() throws {
        let r = try SummitProcess.run(["--no-init", "--plugin", PluginFixtures.india, "--format", "json", "-c", "plugins"])
        let rows = try PluginFixtures.json(r.out)
        let india = try #require(rows.first { $0["name"] as? String == "india-2026" })
        #expect(india["kind"] as? String == "pack")
        #expect(india["version"] as? String == "1.0.0")
        #expect(india["origin"] as? String == PluginFixtures.india)
        let added = try #require(india["added"] as? String)
        #expect(added.contains("1 summit"))
        #expect(added.contains("kinds: planned-summit"))
        #expect(added.contains("commands: delhi-chakras, delhi-pledges, delhi-vs"))
        #expect(rows.first { $0["name"] as? String == "funding" }?["kind"] as? String == "built-in")
        #expect(rows.first { $0["name"] as? String == "seeds" }?["origin"] as? String == "compiled in (seeds/)")
    }

    @Test func theDefCommandsOfThePack() throws {
        let r = try SummitProcess.run(["--no-init", "--plugin", PluginFixtures.india, "-c", "help", "-c", "delhi-chakras --format json", "-c", "delhi-vs seoul-2024 --format csv"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("  india-2026 plugin\n    delhi-chakras"))
        #expect(r.out.contains("Safe & Trusted AI"))
        #expect(r.out.contains("attribute,seoul-2024,new-delhi-2026"))
    }

    @Test func foundThroughTheEnvironmentAndThePluginDirectory() throws {
        let home = SummitProcess.tempDir()
        // SUMMIT_PLUGIN_PATH: a directory of plugins.
        let env = SummitProcess.isolatedEnvironment(["SUMMIT_PLUGIN_PATH": PluginFixtures.examples, "HOME": home])
        let r = try SummitProcess.run(["--no-init", "-c", "list summit"], environment: env)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("new-delhi-2026"))
        // The plugin directory, default ~/.local/share/summit/plugins.
        let dir = home + "/.local/share/summit/plugins"
        try PluginFixtures.copy(PluginFixtures.india, to: dir + "/india-2026")
        let d = try SummitProcess.run(["--no-init", "-c", "show new-delhi-2026"], environment: SummitProcess.isolatedEnvironment(["HOME": home]))
        #expect(d.status == 0, "\(d.err)")
        #expect(d.out.contains("AI Impact Summit"))
        // $XDG_DATA_HOME wins over ~/.local/share.
        let xdg = SummitProcess.tempDir()
        _ = try PluginFixtures.tinyPack(in: xdg + "/summit/plugins", name: "tiny")
        let x = try SummitProcess.run(["--no-init", "-c", "list summit"], environment: SummitProcess.isolatedEnvironment(["HOME": home, "XDG_DATA_HOME": xdg]))
        #expect(x.out.contains("tiny-2030"))
        #expect(!x.out.contains("new-delhi-2026"))
    }

    @Test func aBrokenPackInThePluginDirectoryIsReportedAndSkipped() throws {
        let home = SummitProcess.tempDir()
        let dir = home + "/.local/share/summit/plugins"
        try PluginFixtures.copy(PluginFixtures.india, to: dir + "/india-2026")
        let broken = try PluginFixtures.tinyPack(in: dir, name: "broken", extra: "    relations:\n      host: atlantis\n")
        let r = try SummitProcess.run(["--no-init", "-c", "list summit"], environment: SummitProcess.isolatedEnvironment(["HOME": home]))
        #expect(r.status == 0, "a broken pack in the plugin directory is not fatal")
        #expect(r.err.contains("summit: warning: plugin \(broken) not loaded (in the plugin directory; skipped): 1 problem:"))
        #expect(r.err.contains("\(broken)/data.yaml:13:13: error: 'tiny-2030' field 'host' refers to 'atlantis', which is not an entity"))
        #expect(r.out.contains("new-delhi-2026"), "the good pack still loads")
        #expect(!r.out.contains("tiny-2030"))
    }

    @Test func aBrokenPluginNamedOnTheCommandLineFailsTheRun() throws {
        let dir = SummitProcess.tempDir()
        let broken = try PluginFixtures.tinyPack(in: dir, name: "broken", extra: "    relations:\n      host: atlantis\n")
        let r = try SummitProcess.run(["--no-init", "--plugin", broken, "-c", "list summit"])
        #expect(r.status == 1)
        #expect(r.err.contains("summit: error: plugin \(broken) not loaded: 1 problem:"))
        #expect(r.out.contains("paris-2025"), "the rest still runs")
        let missing = try SummitProcess.run(["--no-init", "--plugin", dir + "/nowhere", "-c", "list summit"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("no plugin directory '\(dir)/nowhere'"))
    }

    @Test func pluginCheckExitStatus() throws {
        let ok = try SummitProcess.run(["--no-init", "-c", "plugin check \(PluginFixtures.india)", "-c", "plugin check \(PluginFixtures.india) --format json"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("no problems"))
        #expect(ok.out.contains("commands: delhi-chakras, delhi-vs, delhi-pledges"))
        #expect(ok.out.contains(#""status": "ok""#))
        let dir = SummitProcess.tempDir()
        let bad = try PluginFixtures.tinyPack(in: dir, name: "bad")
        try SummitProcess.write("name: bad\nversion: 1\ndescription: d\nsumits: [x]\n", to: bad + "/pack.yaml")
        try SummitProcess.write("pack: bad\nentities:\n  - id: b\n    kind: summit\n    name: B\n    sources: [s]\n    fields:\n      dates: 2025-02-30\n", to: bad + "/data.yaml")
        let r = try SummitProcess.run(["--no-init", "-c", "plugin check \(bad)"])
        #expect(r.status == 1)
        #expect(r.err.contains("<command-line 1>:1:1: error: plugin \(bad): 2 problems:"))
        #expect(r.err.contains("\(bad)/pack.yaml:4:1: error: unknown field 'sumits' in the manifest; did you mean 'summits'?"))
        #expect(r.err.contains("\(bad)/data.yaml:8:14: error: field 'dates': '2025-02-30' is not a real date"))
    }

    /// The pack cache keeps each pack as a mapped image, and a later start links it without
    /// checking it again, unless what it was checked against changed: here a pack whose summit
    /// refers to another pack's, and that other pack then renames its summit. The start then
    /// gives what a start without the cache gives, the error included.
    @Test func aCachedPackIsCheckedAgainWhenWhatItReferredToChanged() throws {
        let dir = SummitProcess.tempDir()
        let base = try PluginFixtures.tinyPack(in: dir, name: "base", prefix: "base")
        let later = try PluginFixtures.tinyPack(in: dir, name: "later", prefix: "later", extra: "    relations:\n      previous: base-2030\n")
        let env = SummitProcess.isolatedEnvironment()
        var plain = env
        plain["SUMMIT_NO_PACK_CACHE"] = "1"
        let args = ["--no-init", "--plugin", base, "--plugin", later, "--format", "csv", "-c", "show later-2030", "-c", "list summit | count"]
        let first = try SummitProcess.run(args, environment: env)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("base-2030"))
        let cache = env["HOME"]! + "/.cache/summit/packs"
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".pack") }
        #expect(entries.count == 2)
        for e in entries {
            let head = try #require(FileManager.default.contents(atPath: cache + "/" + e)).prefix(8)
            #expect(String(decoding: head, as: UTF8.self) == "SUMMITIM", "\(e) is a mapped image")
        }
        let cached = try SummitProcess.run(args, environment: env)
        #expect(cached.status == 0 && cached.out == first.out && cached.err == first.err)
        // The base pack renames its summit; the later pack's files, and so its cache entry, stay.
        let data = base + "/data.yaml"
        try SummitProcess.write(try String(contentsOfFile: data, encoding: .utf8).replacingOccurrences(of: "base-2030", with: "base-2031"), to: data)
        let after = try SummitProcess.run(args, environment: env)
        let fresh = try SummitProcess.run(args, environment: plain)
        #expect(after.status == 1 && fresh.status == 1)
        #expect(after.err == fresh.err && after.out == fresh.out)
        #expect(after.err.contains("refers to 'base-2030', which is not an entity"), "\(after.err)")
    }

    @Test func duplicateIdsBetweenPacksNameBothPacks() throws {
        let dir = SummitProcess.tempDir()
        let a = try PluginFixtures.tinyPack(in: dir, name: "first")
        let b = try PluginFixtures.tinyPack(in: dir, name: "second")
        let r = try SummitProcess.run(["--no-init", "--plugin", a, "--plugin", b, "-c", "list summit"])
        #expect(r.status == 1)
        #expect(r.err.contains("\(b)/data.yaml:6:5: error: duplicate id 'tiny-2030': pack 'second' defines it, but pack 'first' already does (at \(a)/data.yaml:6:5)"))
        // Against the built-in data too.
        let c = try PluginFixtures.tinyPack(in: dir, name: "third", prefix: "x")
        try SummitProcess.write(try String(contentsOfFile: c + "/data.yaml", encoding: .utf8).replacingOccurrences(of: "id: x-2030", with: "id: paris-2025"), to: c + "/data.yaml")
        let p = try SummitProcess.run(["--no-init", "--plugin", c, "-c", "help"])
        #expect(p.err.contains("duplicate id 'paris-2025': pack 'third' defines it, but pack 'paris-2025' already does (at seeds/paris-2025.yaml"))
    }

    @Test func pluginLoadIsRelativeToTheScript() throws {
        let dir = SummitProcess.tempDir()
        _ = try PluginFixtures.tinyPack(in: dir + "/scripts/packs", name: "tiny")
        try SummitProcess.write("plugin load packs/tiny\nshow tiny-2030\n", to: dir + "/scripts/run.summit")
        // Run from another directory: the path is the script's, not the working directory's.
        let r = try SummitProcess.run(["--no-init", dir + "/scripts/run.summit"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Summit tiny"))
    }

    @Test func aWorldWritablePluginDirectoryIsRefused() throws {
        let home = SummitProcess.tempDir()
        let dir = home + "/.local/share/summit/plugins"
        _ = try PluginFixtures.tinyPack(in: dir, name: "tiny")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir)
        let r = try SummitProcess.run(["--no-init", "-c", "list summit"], environment: SummitProcess.isolatedEnvironment(["HOME": home]))
        #expect(r.status == 0)
        #expect(r.err.contains("summit: warning: plugin directory \(dir) skipped: it is writable by every user"))
        #expect(!r.out.contains("tiny-2030"))
    }
}
