import Foundation
import Testing

/// What a script or a pack may not do without its user's say: run programs, read files outside
/// its own directory, or be changed by other users. The disabled tests are open problems, each
/// with the reason; enable them when the fix lands.
@Suite("security")
struct SecurityTests {
    // MARK: - Fixtures

    /// A plugin directory `name` in `dir` with a manifest and the given files (path: text).
    @discardableResult
    static func plugin(_ dir: String, _ name: String, manifest extra: String = "", files: [String: String] = [:]) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try SummitProcess.write("name: \(name)\nversion: 0.1.0\ndescription: test plugin \(name)\n" + extra, to: path + "/pack.yaml")
        for (file, text) in files {
            let full = path + "/" + file
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try SummitProcess.write(text, to: full)
        }
        return path
    }

    static func data(_ pack: String, id: String) -> String {
        "pack: \(pack)\nsources:\n  - {id: src-\(id), title: A source}\nentities:\n  - {id: \(id), kind: person, name: Person \(id), sources: [src-\(id)]}\n"
    }

    /// An external plugin `name` whose program leaves a file `RAN` in its directory when it
    /// starts, then answers the protocol properly.
    @discardableResult
    static func externalPlugin(_ dir: String, _ name: String) throws -> String {
        let hello = #"{"protocol": 1, "name": "\#(name)", "version": "0.1.0", "commands": [{"name": "\#(name)", "summary": "test"}]}"#
        let path = try plugin(dir, name, manifest: "executable: run.sh\nprovides: [\(name)]\n", files: ["run.sh": """
            #!/bin/sh
            touch "$SUMMIT_PLUGIN_DIR/RAN"
            while IFS= read -r line; do
              case "$line" in
                *'"type":"hello"'*) printf '%s\\n' '\(hello)' ;;
                *) id=$(printf '%s' "$line" | sed 's/^{"type":"call","id":\\([0-9]*\\).*/\\1/'); printf '{"id": %s, "text": "ran"}\\n' "$id" ;;
              esac
            done

            """])
        chmod(path + "/run.sh", 0o755)
        return path
    }

    static func ran(_ plugin: String) -> Bool { FileManager.default.fileExists(atPath: plugin + "/RAN") }

    // MARK: - Programs

    /// The only code that starts processes is the plugin host's ChildProcess (external plugins
    /// and the pack reader). A new `system`, `popen`, `Process` or `posix_spawn` elsewhere
    /// would be a way for scripts to run programs: this test makes it a conscious decision.
    @Test func onlyThePluginHostStartsPrograms() throws {
        let root = SummitProcess.repoRoot
        let allowed: Set<String> = ["Sources/PluginHost/ChildProcess.swift"]
        let patterns = ["posix_spawn", "popen(", "system(", "execv", "execl", "fork()", "vfork", "Process()", "NSTask", "dlopen("]
        var offenders: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root + "/Sources")
        while let file = enumerator?.nextObject() as? String {
            guard file.hasSuffix(".swift") || file.hasSuffix(".h") || file.hasSuffix(".c") else { continue }
            let relative = "Sources/" + file
            guard !allowed.contains(relative) else { continue }
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for p in patterns where line.contains(p) { offenders.append("\(relative): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        #expect(offenders.isEmpty, "code outside ChildProcess.swift starts programs:\n\(offenders.joined(separator: "\n"))")
    }

    @Test func aScriptCannotRunShellCommands() throws {
        let dir = SummitProcess.tempDir()
        let marker = dir + "/pwned"
        let attempts = [
            "sh -c 'touch \(marker)'",
            "touch \(marker)",
            "echo $(touch \(marker))",
            "echo `touch \(marker)`",
            "echo \"$(touch \(marker))\"",
            "source /bin/sh",
            "let x = $(sh -c 'touch \(marker)')",
            "plugin load /bin",
            "plugin load \(dir)",
            "set format $(touch \(marker))",
            "!touch \(marker)",
        ]
        // Each on its own line (-c), so a parse error in one does not hide the others.
        let r = try SummitProcess.run(["--no-init", "--keep-going"] + attempts.flatMap { ["-c", $0] })
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: marker), "a script ran a program")
        for i in attempts.indices where !attempts[i].hasPrefix("echo `") {
            #expect(r.err.contains("<command-line \(i + 1)>:"), "'\(attempts[i])' is an error: \(r.err)")
        }
        // And the same lines as a script file.
        let script = dir + "/attempts.summit"
        try SummitProcess.write(attempts.joined(separator: "\n") + "\n", to: script)
        let f = try SummitProcess.run(["--no-init", "--keep-going", script])
        #expect(f.status == 1)
        #expect(!FileManager.default.fileExists(atPath: marker), "a script ran a program")
    }

    /// An external plugin in the working directory or beside a script is never started: only
    /// one named (--plugin, SUMMIT_PLUGIN_PATH, plugin load) or in the plugin directory.
    @Test func anExternalPluginRunsOnlyWhenNamedOrInThePluginDirectory() throws {
        let dir = SummitProcess.tempDir()
        let ext = try Self.externalPlugin(dir, "sneaky")
        try SummitProcess.write("sneaky\n", to: ext + "/use.summit")
        // From its own directory, by a script beside it, by name: nothing runs.
        let here = try SummitProcess.run(["-c", "cd '\(ext)' && exec \"$0\" --no-init --keep-going -c sneaky use.summit", SummitProcess.binary], executable: "/bin/sh")
        #expect(here.status == 1)
        #expect(here.err.contains("unknown command 'sneaky'"), "\(here.err)")
        #expect(!Self.ran(ext), "started without being named")
        // Named with --plugin: it runs.
        let named = try SummitProcess.run(["--no-init", "--plugin", ext, "-c", "sneaky"])
        #expect(named.status == 0, "\(named.err)")
        #expect(named.out == "ran\n")
        #expect(Self.ran(ext))
    }

    /// A pack is data and `def`s: a `def` that runs `plugin load` on an external plugin and
    /// calls it must not start the program (the user never named it).
    @Test
    func aPackCannotStartAProgram() throws {
        let dir = SummitProcess.tempDir()
        let ext = try Self.externalPlugin(dir, "payload")
        let pack = try Self.plugin(dir, "innocent", files: ["commands/boot.summit": "def innocent-report { plugin load \(ext); payload }\n"])
        let r = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", pack, "-c", "innocent-report"])
        #expect(!Self.ran(ext), "the pack started \(ext)/run.sh: \(r.out) \(r.err)")
    }

    // MARK: - Files a pack refers to

    @Test func manifestPathsAndSymlinkedProgramsCannotLeaveThePack() throws {
        let dir = SummitProcess.tempDir()
        let ext = try Self.externalPlugin(dir, "elsewhere")
        try SummitProcess.write("def leak { echo leaked }\n", to: dir + "/outside.summit")
        let escaping = try Self.plugin(dir, "escaping", manifest: "commands: [../outside.summit]\nexecutable: ../elsewhere/run.sh\nprovides: [escaping]\n")
        let r = try SummitProcess.run(["--no-init", "--plugin", escaping, "-c", "list summit | count"])
        #expect(r.status == 1)
        #expect(r.err.contains("field 'commands': '../outside.summit' leads outside the plugin directory"), "\(r.err)")
        #expect(r.err.contains("field 'executable': '../elsewhere/run.sh' leads outside the plugin directory"), "\(r.err)")
        let linked = try Self.plugin(dir, "linked", manifest: "executable: run.sh\nprovides: [linked]\n")
        try FileManager.default.createSymbolicLink(atPath: linked + "/run.sh", withDestinationPath: ext + "/run.sh")
        let l = try SummitProcess.run(["--no-init", "--plugin", linked, "-c", "linked"])
        #expect(l.status == 1)
        #expect(l.err.contains("field 'executable': 'run.sh' leads outside the plugin directory"), "\(l.err)")
        #expect(!Self.ran(ext))
    }

    /// Data files are every `*.yaml` of the directory: a symbolic link to a file elsewhere
    /// would bring in any YAML file the user can read.
    @Test
    func aDataFileLinkedFromOutsideThePackIsRefused() throws {
        let dir = SummitProcess.tempDir()
        try SummitProcess.write(Self.data("linky", id: "outside-secret"), to: dir + "/secret.yaml")
        let pack = try Self.plugin(dir, "linky")
        try FileManager.default.createSymbolicLink(atPath: pack + "/data.yaml", withDestinationPath: dir + "/secret.yaml")
        let r = try SummitProcess.run(["--no-init", "--plugin", pack, "-c", "show outside-secret"])
        #expect(r.status == 1)
        #expect(r.err.contains("leads outside the plugin directory"), "\(r.err)")
        #expect(!r.out.contains("outside-secret"))
    }

    /// The default command files (`commands/*.summit`) are checked like the listed ones.
    @Test
    func aCommandFileLinkedFromOutsideThePackIsRefused() throws {
        let dir = SummitProcess.tempDir()
        try SummitProcess.write("def leak { echo leaked }\n", to: dir + "/outside.summit")
        let pack = try Self.plugin(dir, "linkcmd", files: ["data.yaml": Self.data("linkcmd", id: "linkcmd-person")])
        try FileManager.default.createDirectory(atPath: pack + "/commands", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: pack + "/commands/x.summit", withDestinationPath: dir + "/outside.summit")
        let r = try SummitProcess.run(["--no-init", "--plugin", pack, "-c", "leak"])
        #expect(r.out != "leaked\n", "\(r.err)")
        #expect(r.err.contains("leads outside the plugin directory"), "\(r.err)")
    }

    /// A pack's `def` may `source` files inside the pack only (`../../x.summit`, an absolute
    /// path or a link out are refused), at load time and when the def runs.
    @Test
    func aPackDefCannotSourceFilesOutsideThePack() throws {
        let dir = SummitProcess.tempDir()
        try SummitProcess.write("echo sourced-from-outside\n", to: dir + "/outside.summit")
        let pack = try Self.plugin(dir, "sourcer", files: [
            "commands/s.summit": "def up { source ../../outside.summit }\ndef abs { source \(dir)/outside.summit }\ndef fine { source ../lib/inside.summit }\n",
            "lib/inside.summit": "echo sourced-from-inside\n",
        ])
        let r = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", pack, "-c", "up", "-c", "abs", "-c", "fine"])
        #expect(!r.out.contains("sourced-from-outside"), "\(r.out)")
        #expect(r.out.contains("sourced-from-inside"), "\(r.err)")
        #expect(r.status == 1)
        #expect(r.err.contains("a command of plugin 'sourcer' may source only files inside the plugin's directory"), "\(r.err)")
    }

    // MARK: - Plugins other users could change

    /// A plugin in the plugin directory that every user may write to is skipped, as is one
    /// that belongs to another user and that its group may write to.
    @Test func pluginsOtherUsersCanChangeAreRefused() throws {
        let home = SummitProcess.tempDir()
        let plugins = home + "/.local/share/summit/plugins"
        let open = try Self.plugin(plugins, "open", files: ["data.yaml": Self.data("open", id: "open-person")])
        chmod(open, 0o777)
        let fine = try Self.plugin(plugins, "fine", files: ["data.yaml": Self.data("fine", id: "fine-person")])
        let env = SummitProcess.isolatedEnvironment(["HOME": home, "XDG_DATA_HOME": home + "/.local/share"])
        let r = try SummitProcess.run(["--no-init", "--keep-going", "-c", "show open-person", "-c", "show fine-person"], environment: env)
        #expect(r.err.contains("summit: warning: plugin \(open) skipped: it is writable by every user"), "\(r.err)")
        #expect(r.err.contains("no entity with id 'open-person'"))
        #expect(r.out.contains("Person fine-person"), "the other plugin still loads: \(r.err)")
        _ = fine

        // Owned by another user and group-writable (root can give it away; others cannot).
        guard getuid() == 0 else { return }
        chmod(open, 0o775)
        chown(open, 65534, 65534)
        let g = try SummitProcess.run(["--no-init", "-c", "show open-person"], environment: env)
        #expect(g.err.contains("summit: warning: plugin \(open) skipped: it belongs to another user (uid 65534) and its group may write to it (mode 775)"), "\(g.err)")
        #expect(g.status == 1)
    }

    /// The ssh-like check covers the files inside a plugin too: a world-writable `commands/`
    /// folder or command file would let any user add `def`s to the user's session.
    @Test
    func aWorldWritableCommandFileIsRefused() throws {
        let home = SummitProcess.tempDir()
        let plugins = home + "/.local/share/summit/plugins"
        let p = try Self.plugin(plugins, "shared", files: ["data.yaml": Self.data("shared", id: "shared-person"),
                                                           "commands/c.summit": "def injected { echo injected }\n"])
        chmod(p + "/commands", 0o777)
        chmod(p + "/commands/c.summit", 0o666)
        let env = SummitProcess.isolatedEnvironment(["HOME": home, "XDG_DATA_HOME": home + "/.local/share"])
        let r = try SummitProcess.run(["--no-init", "-c", "injected"], environment: env)
        #expect(r.out != "injected\n")
        #expect(r.err.contains("writable by every user"), "\(r.err)")
    }
}
