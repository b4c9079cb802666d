import Testing
@testable import PluginHost
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The loader behind `plugin load/reload/check`, with the real `summit-pack` helper (built
/// next to the test bundle): all-or-nothing loads, reloads that pick up edits, def commands
/// owned by their pack, external plugins started on first use.
@Suite("plugin manager", .serialized)
struct PluginManagerTests {
    static let data = """
        pack: tiny
        sources:
          - id: src-tiny
            title: A tiny source
        entities:
          - id: tiny-2030
            kind: summit
            name: Tiny Summit
            sources: [src-tiny]
            fields:
              dates: 2030-01-01..2030-01-02
        """

    func session() throws -> (ScriptedSession, PluginManager) {
        let src = Entity(id: "src-seed", kind: "source", name: "Seed", fields: [Field("title", [Claim(.text("Seed"))])], pack: "seeds")
        let s = ScriptedSession(registry: try Registry(entities: [src]))
        let m = PluginManager(interpreter: s.interpreter, cache: nil)
        s.context.pluginLoader = m
        for c in PluginCommands.all { s.context.register(c) }
        return (s, m)
    }

    func tinyPack() -> ScriptDirectory {
        let d = ScriptDirectory()
        d.file("pack.yaml", "name: tiny\nversion: 0.1.0\ndescription: A tiny pack\nsummits: [tiny-2030]\n")
        d.file("data.yaml", Self.data)
        mkdir(d.path + "/commands", 0o755)
        d.file("commands/tiny.summit", "def tiny-show \"Show the tiny summit\" {\n  show tiny-2030\n}\n")
        return d
    }

    @Test func loadReloadAndCheck() throws {
        let (s, _) = try session()
        let d = tinyPack()
        let load = s.run("plugin load \(d.path)")
        #expect(load.status == .ok, "\(load.err)")
        #expect(s.run("tiny-show").out.contains("Tiny Summit"))
        #expect(s.context.commandOwner["tiny-show"] == "tiny")
        #expect(s.run("plugins --format json").out.contains("commands: tiny-show"))

        // Loading it twice is an error that says what to do.
        #expect(s.run("plugin load \(d.path)").err.contains("a plugin named 'tiny' is already loaded"))

        // Edit, reload: the new name and the renamed def; the old def is gone.
        d.file("data.yaml", Self.data.replacingOccurrences("name: Tiny Summit", with: "name: Tiny Summit, revised"))
        d.file("commands/tiny.summit", "def tiny-card {\n  show tiny-2030\n}\n")
        let reload = s.run("plugin reload tiny")
        #expect(reload.status == .ok, "\(reload.err)")
        #expect(s.context.registry.entity("tiny-2030")?.name == "Tiny Summit, revised")
        #expect(s.context.commands["tiny-show"] == nil)
        #expect(s.context.commands["tiny-card"] != nil)

        // A broken edit: the reload fails with every problem, and the loaded version stays.
        d.file("data.yaml", Self.data.replacingOccurrences("2030-01-01..2030-01-02", with: "2030-13-01") + "\n    relations:\n      host: atlantis\n")
        let broken = s.run("plugin reload tiny")
        #expect(broken.status == .failed)
        #expect(broken.err.contains("\(d.path)/data.yaml:11:14: error: field 'dates': '2030-13-01' is not a real date"))
        #expect(s.context.registry.entity("tiny-2030")?.name == "Tiny Summit, revised")
        #expect(s.context.commands["tiny-card"] != nil)

        // plugin check reports the same, without loading.
        let check = s.run("plugin check \(d.path)")
        #expect(check.status == .failed)
        #expect(check.err.contains("2 problems:"))
        #expect(s.run("plugin reload nope").err.contains("no plugin named 'nope' is loaded"))
    }

    @Test func aPackThatFailsLeavesNothingBehind() throws {
        let (s, _) = try session()
        let d = tinyPack()
        d.file("commands/tiny.summit", "def tiny-show {\n  show tiny-2030\n}\nshow tiny-2030\n")
        let r = s.run("plugin load \(d.path)")
        #expect(r.status == .failed)
        #expect(r.err.contains("\(d.path)/commands/tiny.summit:4:1: error: a pack's command file holds only `def`s"))
        #expect(!s.context.registry.contains("tiny-2030"))
        #expect(s.context.commands["tiny-show"] == nil)
        #expect(s.context.plugin(named: "tiny") == nil)
    }

    @Test func aDefMayNotTakeAnotherPluginsName() throws {
        let (s, _) = try session()
        let d = tinyPack()
        d.file("commands/tiny.summit", "def plugins {\n  show tiny-2030\n}\n")
        let r = s.run("plugin load \(d.path)")
        #expect(r.status == .failed)
        #expect(r.err.contains("'plugins' is already a command (built in)"), "\(r.err)")
    }

    @Test func externalPluginsStartOnFirstUse() throws {
        let (s, m) = try session()
        let d = ScriptDirectory()
        d.file("pack.yaml", "name: greet\nversion: 1.0.0\ndescription: Greets\nexecutable: greet.sh\nprovides: [greet]\n")
        d.script("greet.sh", """
            while IFS= read -r line; do
              case "$line" in
                *'"type":"hello"'*) echo '{"protocol": 1, "name": "greet", "version": "1.0.0", "commands": [{"name": "greet", "summary": "Greet a summit", "arguments": [{"name": "summit", "entity": "summit"}]}]}' ;;
                *'"type":"call"'*) id=$(printf '%s' "$line" | sed 's/^{"type":"call","id":\\([0-9]*\\).*/\\1/'); n=$(printf '%s' "$line" | grep -o '"kind":"summit","name":"[^"]*"' | sed 's/.*"name":"//; s/"$//'); printf '{"id": %s, "text": "Hello, %s"}\\n' "$id" "$n" ;;
              esac
            done

            """)
        let tiny = tinyPack()
        #expect(s.run("plugin load \(tiny.path)").status == .ok)
        let r = s.run("plugin load \(d.path)")
        #expect(r.status == .ok, "\(r.err)")
        let ext = try #require(m.external(named: "greet"))
        #expect(!ext.isRunning, "not started by loading")
        #expect(s.context.commands["greet"]?.summary.contains("starts it") == true)
        // The argument is resolved by summit (with a suggestion when wrong) and the entity sent along.
        let greeted = s.run("greet tiny-2030")
        #expect(greeted.out == "Hello, Tiny Summit\n", "\(greeted.err)")
        #expect(ext.isRunning)
        #expect(s.run("greet tiny-2031").err.contains("did you mean 'tiny-2030'?"))
        #expect(s.run("plugins").out.contains("external"))
        // A reload stops it; the next use starts it again.
        #expect(s.run("plugin reload greet").status == .ok)
        #expect(m.external(named: "greet")?.isRunning == false)
        #expect(s.run("greet tiny-2030").out == "Hello, Tiny Summit\n")
        m.shutdown()
        #expect(m.external(named: "greet")?.isRunning == false)
    }

    @Test func aWorldWritableExternalPluginIsRefused() throws {
        let (s, _) = try session()
        let d = ScriptDirectory()
        d.file("pack.yaml", "name: open\nversion: 1\ndescription: d\nexecutable: run.sh\nprovides: [open]\n")
        d.script("run.sh", "exit 0\n")
        chmod(d.path + "/run.sh", 0o777)
        let r = s.run("plugin load \(d.path)")
        #expect(r.status == .failed)
        #expect(r.err.contains("refusing to run \(d.path)/run.sh: it is writable by every user"))
    }

    @Test func pathsAreRelativeToTheRunningScript() throws {
        let (s, _) = try session()
        let d = tinyPack()
        let scripts = ScriptDirectory()
        let parent = FileIO.directory(of: d.path)
        scripts.file("load.summit", "plugin load ../\(FileIO.lastComponent(d.path))\n")
        // The script is in another directory: the path is relative to it, not to the working directory.
        let scriptDir = FileIO.resolve("sub", relativeTo: parent + "/" + FileIO.lastComponent(scripts.path))
        mkdir(scriptDir, 0o755)
        _ = StandardStream.writeFile(scriptDir + "/load.summit", "plugin load ../../\(FileIO.lastComponent(d.path))\n")
        s.interpreter.enterFile(scriptDir + "/load.summit")
        let r = s.run(try FileIO.readText(scriptDir + "/load.summit"), file: scriptDir + "/load.summit")
        s.interpreter.leaveFile()
        #expect(r.status == .ok, "\(r.err)")
        #expect(s.context.registry.contains("tiny-2030"))
    }

    @Test func unchangedPluginsComeFromTheCache() throws {
        let (s, m) = try session()
        let cacheDir = ScriptDirectory().path + "/cache"
        m.cache = PackCache(directory: cacheDir)
        let d = tinyPack()
        let helper = try #require(m.helper.path)
        #expect(m.cache?.lookup(d.path, helper: helper) == nil)
        #expect(s.run("plugin load \(d.path)").status == .ok)
        let cached = try #require(m.cache?.lookup(d.path, helper: helper), "stored after reading")
        #expect(cached.entities.map(\.id) == ["src-tiny", "tiny-2030"])
        #expect(cached.manifest?.name == "tiny")
        // Any change to the plugin's files makes the entry stale.
        d.file("data.yaml", Self.data + "\n")
        #expect(m.cache?.lookup(d.path, helper: helper) == nil)
        m.cache?.store(PackContents(directory: d.path, manifest: cached.manifest, entities: cached.entities), helper: helper)
        #expect(m.cache?.lookup(d.path, helper: helper) != nil)
        d.file("more.yaml", "pack: tiny\n")
        #expect(m.cache?.lookup(d.path, helper: helper) == nil, "a new data file")
        m.cache?.store(cached, helper: helper)
        #expect(m.cache?.lookup(d.path, helper: helper + "-other") == nil, "another helper")
    }

    @Test func aPluginsDefsMayNotLoadPlugins() throws {
        let (s, _) = try session()
        let other = tinyPack()
        let d = ScriptDirectory()
        d.file("pack.yaml", "name: sneaky\nversion: 1\ndescription: d\n")
        mkdir(d.path + "/commands", 0o755)
        d.file("commands/s.summit", "def sneak {\n  plugin load \(other.path)\n}\ndef peek {\n  plugin check \(other.path)\n}\n")
        #expect(s.run("plugin load \(d.path)").status == .ok)
        for command in ["sneak", "peek"] {
            let r = s.run(command)
            #expect(r.status == .failed)
            #expect(r.err.contains("may not run inside a command of plugin 'sneaky'"), "\(r.err)")
        }
        #expect(!s.context.registry.contains("tiny-2030"))
        // A def of the user's own may.
        #expect(s.run("def mine { plugin load \(other.path) }\nmine").status == .ok)
        #expect(s.context.registry.contains("tiny-2030"))
    }

    @Test func filesOthersMayWriteAreRefused() throws {
        let (s, _) = try session()
        let d = tinyPack()
        chmod(d.path + "/data.yaml", 0o666)
        let r = s.run("plugin load \(d.path)")
        #expect(r.status == .failed)
        #expect(r.err.contains("refusing \(d.path)/data.yaml: it is writable by every user (mode 666)"), "\(r.err)")
        chmod(d.path + "/data.yaml", 0o644)
        chmod(d.path + "/commands", 0o777)
        #expect(s.run("plugin load \(d.path)").err.contains("refusing \(d.path)/commands: it is writable by every user"))
        chmod(d.path + "/commands", 0o755)
        #expect(s.run("plugin load \(d.path)").status == .ok)
    }
}
