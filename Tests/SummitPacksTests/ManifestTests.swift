import SummitKit
import Testing
@testable import SummitPacks

/// `pack.yaml`: what a manifest holds, and every mistake reported with file, line and field.
@Suite("plugin manifest")
struct ManifestTests {
    func parse(_ yaml: String) -> (PackManifest?, [String]) {
        let (m, errors) = ManifestReader.parse(yaml: yaml, file: "p/pack.yaml")
        return (m, errors.map(\.description))
    }

    @Test func aFullManifest() throws {
        let (m, errors) = parse("""
            # comment
            name: india-2026
            version: 1.0.0
            description: The AI Impact Summit
            summits: [new-delhi-2026]
            kinds:
              - name: planned-summit
                summary: a summit announced for a later year
                required: {date: [date], city: text}
            commands: [commands/a.summit, commands/b.summit]
            timeout: 2.5
            """)
        #expect(errors.isEmpty)
        let manifest = try #require(m)
        #expect(manifest.name == "india-2026")
        #expect(manifest.version == "1.0.0")
        #expect(manifest.description == "The AI Impact Summit")
        #expect(manifest.summits == ["new-delhi-2026"])
        #expect(manifest.kinds == [KindSchema(name: "planned-summit", required: ["date": ["date"], "city": ["text"]], summary: "a summit announced for a later year")])
        #expect(manifest.commandFiles == ["commands/a.summit", "commands/b.summit"])
        #expect(manifest.timeout == 2.5)
        #expect(!manifest.isExternal)
        #expect(manifest.file == "p/pack.yaml")
    }

    @Test func anExternalPlugin() throws {
        let (m, errors) = parse("name: cite\nversion: '1.0'\ndescription: Citations\nexecutable: cite.py\nprovides: [cite, source-domains]\n")
        #expect(errors.isEmpty)
        #expect(m?.executable == "cite.py")
        #expect(m?.provides == ["cite", "source-domains"])
        #expect(m?.version == "1.0")
        #expect(m?.isExternal == true)
    }

    @Test func everyMistakeWithLineAndField() {
        let (_, errors) = parse("""
            name: India 2026
            version: 1
            sumits: [x]
            summits: [Not An Id]
            kinds:
              - name: summit
                summary: again
              - name: later
                required: {date: [dat]}
            timeout: forever
            provides: [cite]
            """)
        #expect(errors == [
            "p/pack.yaml:1:7: error: field 'name': 'India 2026' is not a valid plugin name; use lowercase letters, digits and '-' (india-2026)",
            "p/pack.yaml:3:1: error: unknown field 'sumits' in the manifest; did you mean 'summits'?",
            "p/pack.yaml:4:11: error: field 'summits': 'Not An Id' is not an id",
            "p/pack.yaml:6:5: error: field 'kinds.name': 'summit' is a built-in kind already",
            "p/pack.yaml:9:22: error: field 'kinds.required.date': unknown type 'dat'; did you mean 'date'?",
            "p/pack.yaml:8:5: error: field 'kinds.summary': kind 'later' needs a one-line `summary:`",
            "p/pack.yaml:10:10: error: field 'timeout': give the seconds a call may take, a number from 0.1 to 600",
            "p/pack.yaml:1:1: error: field 'description': the manifest needs `description:`",
            "p/pack.yaml:1:1: error: field 'provides' lists commands of an external plugin, but there is no `executable:`",
        ])
    }

    @Test func notAManifestAtAll() {
        #expect(parse("").1 == ["p/pack.yaml:1:1: error: the manifest is empty; it needs name, version and description"])
        #expect(parse("- a\n- b\n").1 == ["p/pack.yaml:1:1: error: a manifest is a mapping of keys (name, version, description, ...) to values"])
        let syntax = parse("name: [unclosed\n").1
        #expect(syntax.count == 1)
        #expect(syntax.first?.hasPrefix("p/pack.yaml:2:1: error: YAML syntax") == true)
    }

    @Test func anExternalPluginListsItsCommands() {
        #expect(parse("name: x\nversion: 1\ndescription: d\nexecutable: run.sh\n").1 == [
            "p/pack.yaml:1:1: error: field 'provides': an external plugin lists the commands it provides, e.g. `provides: [cite]`, so summit can start it on first use",
        ])
        #expect(parse("name: x\nversion: 1\ndescription: d\nexecutable: run.sh\nprovides: [Cite Me]\n").1 == [
            "p/pack.yaml:5:12: error: field 'provides': 'Cite Me' is not a command name; use one to three words of lowercase letters, digits and '-'",
        ])
    }
}
