import Foundation
import Testing

/// External plugins through the built binary: the Python example (`cite`), and small shell
/// plugins that crash, hang, write garbage or speak another protocol version. Each failure is
/// an error naming the plugin; summit carries on, and leaves no zombie process behind.
@Suite("external plugins, end to end")
struct ExternalPluginProcessTests {
    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

    /// A shell plugin named `name` providing `name`: answers the hello with `handshake` (or the
    /// usual one), and each call by running `reply` with `$id` set.
    static func shellPlugin(in dir: String, name: String, handshake: String? = nil, reply: String, timeout: Double? = nil) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var manifest = "name: \(name)\nversion: 0.1.0\ndescription: test plugin \(name)\nexecutable: run.sh\nprovides: [\(name)]\n"
        if let timeout { manifest += "timeout: \(timeout)\n" }
        try SummitProcess.write(manifest, to: path + "/pack.yaml")
        let hello = handshake ?? #"{"protocol": 1, "name": "\#(name)", "version": "0.1.0", "commands": [{"name": "\#(name)", "summary": "test command"}]}"#
        try SummitProcess.write("""
            #!/bin/sh
            echo $$ > pid
            while IFS= read -r line; do
              case "$line" in
                *'"type":"hello"'*) printf '%s\\n' '\(hello)' ;;
                *'"type":"call"'*) id=$(printf '%s' "$line" | sed 's/^{"type":"call","id":\\([0-9]*\\).*/\\1/'); \(reply) ;;
              esac
            done

            """, to: path + "/run.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/run.sh")
        return path
    }

    @Test(.enabled(if: hasPython, "needs /usr/bin/python3")) func citeFormatsCitations() throws {
        let r = try SummitProcess.run(["--no-init", "--plugin", PluginFixtures.cite, "--plugin", PluginFixtures.india,
                                       "-c", "cite new-delhi-declaration --format json", "-c", "cite 'Paris statement' --style chicago --format csv", "-c", "plugins --format json"])
        #expect(r.status == 0, "\(r.err)")
        let docs = r.out.components(separatedBy: "]\n")
        let rows = try PluginFixtures.json(docs[0] + "]")
        #expect(rows.map { $0["source"] as? String } == ["src-in-wionews", "src-in-livemint", "src-in-government-statement", "src-research-2026-11-23", "src-in-businessconnectindia"])
        #expect(rows.first?["backs"] as? String == "(entity), signatory_count (claim)")
        #expect(rows.first?["citation"] as? String == "wionews.com. (n.d.). Report on the New Delhi Declaration on AI Impact and its signatories.")
        #expect(r.out.contains("src-research-2026-11-23,\"(entity), signatory_count (claim), official_count_note\",\"summit project research. “AI summit series: verified fact sheet.” November 23, 2026.\""))
        #expect(r.out.contains(#""name": "cite", "kind": "external", "version": "1.0.0""#))
        // Errors: an unknown id is caught by summit (with the column), a bad style by the plugin.
        let bad = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", PluginFixtures.cite, "-c", "cite pariss-2025", "-c", "cite paris-2025 --style mla", "-c", "source-domains --format csv"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("<command-line 1>:1:6: error: no entity with id 'pariss-2025'; did you mean 'paris-2025'?"))
        #expect(bad.err.contains("<command-line 2>:1:1: error: cite: --style must be apa or chicago, not 'mla'"))
        #expect(bad.out.contains("domain,sources,from,ids"))
        #expect(bad.out.contains("europa.eu"))
    }

    @Test func everyFailureNamesThePluginAndSummitCarriesOn() throws {
        let dir = SummitProcess.tempDir()
        let crash = try Self.shellPlugin(in: dir, name: "crasher", reply: "echo 'Traceback (most recent call last): ZeroDivisionError' >&2; exit 3")
        let hang = try Self.shellPlugin(in: dir, name: "sleeper", reply: "sleep 60", timeout: 1)
        let garbage = try Self.shellPlugin(in: dir, name: "chatter", reply: "echo 'Hello, world!'")
        let wrong = try Self.shellPlugin(in: dir, name: "future", handshake: #"{"protocol": 2, "name": "future", "version": "9", "commands": []}"#, reply: "true")
        // Reports the summit process's zombie children (state Z), from /proc.
        let zombies = try Self.shellPlugin(in: dir, name: "zombies", reply: """
            z=0; for s in /proc/[0-9]*/stat; do read -r l < "$s" 2>/dev/null || continue; r=${l##*) }; set -- $r; [ "$2" = "$PPID" ] && [ "$1" = Z ] && z=$((z+1)); done; printf '{"id": %s, "records": [{"zombies": %s}]}\\n' "$id" "$z"
            """)
        var args = ["--no-init", "--keep-going"]
        for p in [crash, hang, garbage, wrong, zombies] { args += ["--plugin", p] }
        args += ["-c", "crasher", "-c", "sleeper", "-c", "chatter", "-c", "future", "-c", "list summit", "-c", "zombies --format json", "-c", "crasher"]
        let started = Date()
        let r = try SummitProcess.run(args, timeout: 60)
        #expect(Date().timeIntervalSince(started) < 20, "the hang is cut at its timeout")
        #expect(r.status == 1)
        #expect(r.err.contains("<command-line 1>:1:1: error: external plugin 'crasher' stopped (exit status 3) while running 'crasher'. Its last error output:\n  Traceback (most recent call last): ZeroDivisionError\nIt starts again on the next call"))
        #expect(r.err.contains("<command-line 2>:1:1: error: external plugin 'sleeper' did not answer within 1 s while running 'sleeper'; it was stopped; it starts again on the next call"))
        #expect(r.err.contains("<command-line 3>:1:1: error: external plugin 'chatter' wrote something that is not a protocol message while running 'chatter': 'Hello, world!'"))
        #expect(r.err.contains("<command-line 4>:1:1: error: external plugin 'future' failed its handshake: it speaks protocol version 2, but this summit speaks version 1"))
        #expect(r.err.contains("<command-line 7>:1:1: error: external plugin 'crasher' stopped (exit status 3)"), "restarted, and crashed again")
        #expect(r.out.contains("new-delhi-2026") == false && r.out.contains("paris-2025"), "summit kept working")
        #expect(r.out.contains(#"[{"zombies": 0}]"#) || r.out.contains("\"zombies\": 0"), "no zombie children: \(r.out)")
        // The hanging plugin was killed, not left running.
        let pid = try String(contentsOfFile: hang + "/pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "the hanging plugin (pid \(pid)) is gone")
    }

    @Test func aPluginIsStartedOnceAndReused() throws {
        let dir = SummitProcess.tempDir()
        let counter = try Self.shellPlugin(in: dir, name: "counter", reply: #"n=$((n+1)); printf '{"id": %s, "records": [{"call": %s, "pid": %s}]}\n' "$id" "$n" "$$""#)
        let r = try SummitProcess.run(["--no-init", "--plugin", counter, "--format", "csv", "-c", "counter", "-c", "counter", "-c", "counter"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").filter { !$0.hasPrefix("call") }
        #expect(lines.map { $0.split(separator: ",")[0] } == ["1", "2", "3"], "one process answered every call")
        #expect(Set(lines.map { $0.split(separator: ",")[1] }).count == 1)
    }

    @Test func anUnusedPluginIsNeverStarted() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.shellPlugin(in: dir, name: "idle", reply: "true")
        let r = try SummitProcess.run(["--no-init", "--plugin", p, "-c", "list summit", "-c", "plugins"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("idle"))
        #expect(!FileManager.default.fileExists(atPath: p + "/pid"), "not started")
    }
}
