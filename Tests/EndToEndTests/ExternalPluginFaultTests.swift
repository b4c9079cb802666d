import Foundation
import Testing

/// External plugins that misbehave in the ways the other suites do not cover: endless output,
/// a slow handshake, a program that will not exit, a child process that keeps the pipe open.
/// summit stays responsive, memory stays bounded, and no process is left behind.
/// (Crash, hang, garbage and protocol version: ExternalPluginProcessTests.)
@Suite("external plugin faults")
struct ExternalPluginFaultTests {
    /// A plugin `name` whose program is `body` (a shell script after `#!/bin/sh`); it writes
    /// its pid to `pid`. `hello` is the handshake line for it.
    static func plugin(in dir: String, name: String, timeout: Double? = nil, body: String) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var manifest = "name: \(name)\nversion: 0.1.0\ndescription: test plugin \(name)\nexecutable: run.sh\nprovides: [\(name)]\n"
        if let timeout { manifest += "timeout: \(timeout)\n" }
        try SummitProcess.write(manifest, to: path + "/pack.yaml")
        try SummitProcess.write("#!/bin/sh\necho $$ > pid\n" + body + "\n", to: path + "/run.sh")
        chmod(path + "/run.sh", 0o755)
        return path
    }

    static func hello(_ name: String) -> String {
        #"{"protocol": 1, "name": "\#(name)", "version": "0.1.0", "commands": [{"name": "\#(name)", "summary": "test"}]}"#
    }

    /// Reads `pid` files under `dir` and says which of those processes still exist.
    static func survivors(_ files: [String]) -> [String] {
        files.compactMap { f in
            guard let text = try? String(contentsOfFile: f, encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
            // A zombie still has a /proc entry: look at its state.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
            let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
            return "\(f): pid \(pid) state \(state)"
        }
    }

    /// After the handshake, a call is answered by an endless stream of lines (`yes`). Either
    /// the extra lines are seen with the first (more than one line for a request) or the first
    /// line answers the call and the next call meets a stale reply; both are errors that stop
    /// the program. Memory stays bounded (unread output blocks the writer); summit goes on.
    @Test func endlessOutputIsCutOff() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.plugin(in: dir, name: "flood", timeout: 5, body: """
            IFS= read -r line; printf '%s\\n' '\(Self.hello("flood"))'
            IFS= read -r line; printf '{"id": 1, "text": "first"}\\n'; exec yes '{"id": 1, "text": "again"}'
            """)
        let r = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", p, "-c", "flood", "-c", "flood", "-c", "list summit | count"], timeout: 120)
        #expect(r.out == "first\n3\n" || r.out == "3\n", "summit carried on: \(r.out.prefix(300))")
        #expect(r.err.contains("error: external plugin 'flood'"), "\(r.err.prefix(500))")
        #expect(r.status == 1)
        #expect(Self.survivors([p + "/pid"]).isEmpty, "\(Self.survivors([p + "/pid"]))")
    }

    /// One line that never ends: cut at the limit (16 MB), memory bounded, no hang. (Reaching
    /// the limit was quadratic, 115 s in a debug build, until ChildProcess searched each read
    /// for the newline only once.)
    @Test
    func anEndlessLineIsCutOff() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.plugin(in: dir, name: "longline", timeout: 30, body: """
            IFS= read -r line; printf '%s\\n' '\(Self.hello("longline"))'
            IFS= read -r line; printf '{"id": 1, "text": "'; exec tr -d '\\n' < /dev/zero | tr '\\0' 'x'
            """)
        let r = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", p, "-c", "longline", "-c", "list summit | count"], timeout: 120)
        #expect(r.err.contains("<command-line 1>:1:1: error: external plugin 'longline' sent a reply longer than 16 MB while running 'longline'; it was stopped"), "\(r.err.prefix(500))")
        #expect(r.out.hasSuffix("3\n"), "\(r.out.prefix(300))")
        #expect(Self.survivors([p + "/pid"]).isEmpty)
    }

    /// A handshake slower than the limit is an error naming the plugin; within the limit it
    /// works. (`SUMMIT_PLUGIN_TIMEOUT` sets both limits.)
    @Test func aSlowHandshake() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.plugin(in: dir, name: "slowpoke", body: """
            IFS= read -r line; sleep 3; printf '%s\\n' '\(Self.hello("slowpoke"))'
            while IFS= read -r line; do printf '{"id": 1, "text": "awake"}\\n'; done
            """)
        let late = try SummitProcess.run(["--no-init", "--plugin", p, "-c", "slowpoke"], environment: SummitProcess.isolatedEnvironment(["SUMMIT_PLUGIN_TIMEOUT": "1"]), timeout: 60)
        #expect(late.status == 1)
        #expect(late.err.contains("external plugin 'slowpoke'") && late.err.contains("1 s"), "\(late.err)")
        #expect(Self.survivors([p + "/pid"]).isEmpty)
        let patient = try SummitProcess.run(["--no-init", "--plugin", p, "-c", "slowpoke"], environment: SummitProcess.isolatedEnvironment(["SUMMIT_PLUGIN_TIMEOUT": "20"]), timeout: 60)
        #expect(patient.status == 0, "\(patient.err)")
        #expect(patient.out == "awake\n")
    }

    /// A program that ignores the end of its input and SIGTERM: summit still leaves promptly
    /// at the end of the session, and the program is gone (killed with its process group).
    @Test func aPluginThatWillNotExitIsKilledAtTheEnd() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.plugin(in: dir, name: "stubborn", body: """
            trap '' TERM HUP INT
            IFS= read -r line; printf '%s\\n' '\(Self.hello("stubborn"))'
            IFS= read -r line; printf '{"id": 1, "text": "ok"}\\n'
            while :; do sleep 1; done
            """)
        let r = try SummitProcess.run(["--no-init", "--plugin", p, "-c", "stubborn"], timeout: 60)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "ok\n")
        #expect(Self.survivors([p + "/pid"]).isEmpty, "\(Self.survivors([p + "/pid"]))")
    }

    /// The program starts a background child that keeps its stdout open, then crashes: summit
    /// does not wait for the pipe to close, and the child goes too (same process group).
    @Test func aChildThatKeepsThePipeOpenDoesNotHangSummit() throws {
        let dir = SummitProcess.tempDir()
        let p = try Self.plugin(in: dir, name: "forker", timeout: 3, body: """
            IFS= read -r line; printf '%s\\n' '\(Self.hello("forker"))'
            (echo $$ > /dev/null; sh -c 'echo $$ > child.pid; exec sleep 600') &
            IFS= read -r line; exit 7
            """)
        let r = try SummitProcess.run(["--no-init", "--keep-going", "--plugin", p, "-c", "forker", "-c", "list summit | count"], timeout: 60)
        #expect(r.err.contains("external plugin 'forker'"), "\(r.err)")
        #expect(r.out.hasSuffix("3\n"))
        // The background child was in the plugin's process group: killed with it.
        var waited = 0
        while !Self.survivors([p + "/child.pid"]).isEmpty && waited < 50 { usleep(100_000); waited += 1 }
        #expect(Self.survivors([p + "/pid", p + "/child.pid"]).isEmpty, "\(Self.survivors([p + "/pid", p + "/child.pid"]))")
    }
}
