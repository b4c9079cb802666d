import Testing
@testable import SummitKit

/// Plugins coming and going in a session: `plugins`, `plugin load/reload/check` through a
/// `PluginLoader`, unloading, and putting the session back after a failed load.
@Suite("plugins in a session")
struct PluginSessionTests {
    /// A loader that "reads" packs from memory: path → entities.
    final class MemoryLoader: PluginLoader {
        var packs: [String: [Entity]] = [:]
        func install(_ path: String, _ context: CommandContext, replacing: Bool) throws(CommandError) -> PluginReport {
            guard let entities = packs[path] else { throw CommandError(.notFound, "no plugin at \(path)") }
            let name = FileIO.lastComponent(path)
            do throws(RegistryErrors) {
                if replacing {
                    context.registry = try context.registry.replacingPack(name, with: entities)
                } else {
                    try context.registry.add(entities)
                }
            } catch {
                throw CommandError(.failed, error.description)
            }
            if replacing { context.forget(plugin: name) }
            let p = LoadedPlugin(Pack(name: name), origin: .pack(path: path), entityPacks: [name])
            context.load(p)
            return PluginReport(name: name, kind: "pack", version: "1", origin: path, added: context.addedSummary(p))
        }
        func load(path: String, in context: CommandContext) throws(CommandError) -> PluginReport { try install(path, context, replacing: false) }
        func reload(name: String, in context: CommandContext) throws(CommandError) -> PluginReport { try install("packs/" + name, context, replacing: true) }
        func check(path: String, in context: CommandContext) throws(CommandError) -> PluginReport {
            PluginReport(name: FileIO.lastComponent(path), kind: "pack", version: "1", origin: path, added: "")
        }
    }

    struct Pack: SummitPlugin {
        var name: String
        var summary: String { "test pack" }
        var version: String { "1" }
        var commands: [any Command] { [] }
    }

    func session() throws -> (ScriptedSession, MemoryLoader) {
        var seed = Fixture.source("src")
        seed.pack = "seeds"
        let s = ScriptedSession(registry: try Registry(entities: [seed]))
        for c in PluginCommands.all { s.context.register(c) }
        let loader = MemoryLoader()
        s.context.pluginLoader = loader
        var summit = Fixture.summit("delhi-2026")
        summit.pack = "india"
        loader.packs["packs/india"] = [summit]
        return (s, loader)
    }

    @Test func loadShowsInPluginsAndEveryCommandSeesIt() throws {
        let (s, _) = try session()
        let r = s.run("plugin load packs/india")
        #expect(r.status == .ok, "\(r.err)")
        #expect(r.out.contains("loaded"))
        #expect(r.out.contains("1 entities (1 summit)"))
        #expect(s.run("show delhi-2026").out.contains("Summit delhi-2026"))
        let list = s.run("plugins --format json").out
        #expect(list.contains(#""name": "india", "kind": "pack", "version": "1", "origin": "packs/india", "added": "1 entities (1 summit)""#), "\(list)")
        #expect(list.contains(#""name": "seeds", "kind": "built-in""#))
        #expect(s.run("plugin list").out == s.run("plugins").out)
    }

    @Test func reloadReplacesAndUnloadRemoves() throws {
        let (s, loader) = try session()
        _ = s.run("plugin load packs/india")
        var other = Fixture.org("meity")
        other.pack = "india"
        loader.packs["packs/india"] = [other]
        let r = s.run("plugin reload india")
        #expect(r.status == .ok, "\(r.err)")
        #expect(s.context.registry.contains("meity"))
        #expect(!s.context.registry.contains("delhi-2026"))
        #expect(s.context.plugins.filter { $0.plugin.name == "india" }.count == 1)
        try s.context.unload(plugin: "india")
        #expect(!s.context.registry.contains("meity"))
        #expect(s.context.plugin(named: "india") == nil)
    }

    @Test func failedLoadIsReportedAndChangesNothing() throws {
        let (s, loader) = try session()
        var bad = Fixture.summit("broken", sources: ["no-such-source"])
        bad.pack = "bad"
        loader.packs["packs/bad"] = [bad]
        let before = s.context.registry.count
        let r = s.run("plugin load packs/bad")
        #expect(r.status == .failed)
        #expect(r.err.contains("refers to 'no-such-source'"))
        #expect(s.context.registry.count == before)
        #expect(s.run("plugin load packs/nowhere").err.contains("no plugin at packs/nowhere"))
    }

    @Test func stateCanBePutBack() throws {
        let (s, _) = try session()
        let state = s.context.pluginState()
        _ = s.run("plugin load packs/india")
        #expect(s.context.plugin(named: "india") != nil)
        s.context.restore(state)
        #expect(s.context.plugin(named: "india") == nil)
        #expect(!s.context.registry.contains("delhi-2026"))
    }

    @Test func withoutALoaderTheCommandsSaySo() throws {
        let s = ScriptedSession(registry: try Registry(entities: [Fixture.source("src")]))
        for c in PluginCommands.all { s.context.register(c) }
        #expect(s.run("plugin load x").err.contains("this session cannot load plugins"))
    }
}
