import Foundation
import Testing

/// Faults the REPL survives, in a real pseudo-terminal: damaged, unwritable and shared history
/// files, signals at the prompt and during a command, a resized terminal. Timeouts are hang
/// guards only.
@Suite("faults", .serialized)
struct FaultTests {
    func start(_ env: [String: String], _ args: [String] = ["--no-init"], executable: String = SummitProcess.binary, cols: Int = 120) throws -> PTYSession {
        try PTYSession(executable: executable, arguments: args, environment: env, rows: 40, cols: cols)
    }

    static func historyPath(_ env: [String: String]) -> String { env["XDG_STATE_HOME"]! + "/summit/history" }

    static func writeHistory(_ env: [String: String], _ bytes: [UInt8]) throws {
        let path = historyPath(env)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func historyLines(_ env: [String: String]) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: historyPath(env)))
        let text = try #require(String(data: data, encoding: .utf8), "the history file is UTF-8")
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Types `line`, waits for `expect` in the output and for the next prompt.
    func run(_ s: PTYSession, _ line: String, expect: String, timeout: Double = 60) throws {
        s.send(line + "\r")
        try s.waitFor(expect, timeout: timeout)
        try s.waitFor("summit> ", timeout: timeout)
    }

    // MARK: - History

    @Test func aCorruptAndTruncatedHistoryFileIsReadAroundAndRewritten() throws {
        let env = SummitProcess.isolatedEnvironment()
        var bytes: [UInt8] = Array("find bengio\n".utf8)
        bytes += Array("caf".utf8) + [0xE9, 0x0A]                 // not UTF-8
        bytes += Array("nul".utf8) + [0x00] + Array("byte\n".utf8)  // a NUL
        bytes += [0xFF, 0xFE, 0x0A, 0x0A, 0x0A]                    // garbage and empty lines
        bytes += Array(String(repeating: "x", count: 100_000).utf8) + [0x0A]
        bytes += Array("list summit\n".utf8)
        bytes += Array("show paris-2025 \\".utf8) + [0xE2, 0x82]   // cut off mid-character, no newline
        try Self.writeHistory(env, bytes)

        let s = try start(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.sendKey(.up)
        try s.waitUntil(timeout: 30, description: "Up recalls the last readable entry") { $0.screenText.contains("summit> list summit") }
        s.sendKey(.ctrlU)
        try run(s, "find grand palais", expect: "grand-palais")
        s.sendKey(.ctrlD)
        do { #expect(try s.waitForExit(timeout: 60) == 0) } catch { Issue.record("\(error)"); return }
        #expect(!s.plainOutput.contains("warning"), "a damaged file is no reason to warn")

        let lines = try Self.historyLines(env)
        #expect(lines.first == "find bengio")
        #expect(lines.suffix(2) == ["list summit", "find grand palais"])
        #expect(lines.count == 4, "the damaged lines are gone: \(lines.map { $0.prefix(20) })")
    }

    @Test func aTruncatedLibeditHistoryFileIsRead() throws {
        let env = SummitProcess.isolatedEnvironment()
        try Self.writeHistory(env, Array("_HiStOrY_V2_\nfind\\040bengio\nshow\\040par".utf8))
        let s = try start(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.sendKey(.up)
        s.sendKey(.up)
        try s.waitUntil(timeout: 30, description: "the first entry is recalled") { $0.screenText.contains("summit> find bengio") }
        s.sendKey(.ctrlU)
        try run(s, "list summit | count", expect: "3")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
        #expect(try Self.historyLines(env) == ["find bengio", "show par", "list summit | count"])
    }

    /// The history "file" is a directory: the REPL works, and says once, at the end, that it
    /// could not save.
    @Test func aHistoryPathThatIsADirectoryWarnsOnceAtTheEnd() throws {
        let env = SummitProcess.isolatedEnvironment()
        try FileManager.default.createDirectory(atPath: Self.historyPath(env), withIntermediateDirectories: true)
        let s = try start(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        try run(s, "list summit | count", expect: "3")
        try run(s, "find bengio", expect: "yoshua-bengio")
        #expect(!s.plainOutput.contains("warning"))
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
        let out = s.plainOutput
        #expect(out.components(separatedBy: "warning:").count == 2, "one warning: \(out)")
        #expect(out.contains("summit: warning: cannot read the history file \(Self.historyPath(env)): Is a directory; it was left unchanged"), "\(out)")
    }

    /// Root may write anywhere, so when the tests run as root, summit runs as `nobody` (through
    /// setpriv) for the read-only cases.
    static var unprivileged: (executable: String, prefix: [String])? {
        if getuid() != 0 { return (SummitProcess.binary, []) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
        return ("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", SummitProcess.binary])
    }

    @Test(.enabled(if: unprivileged != nil, "needs to run summit as a user who cannot write the directories"))
    func aReadOnlyHomeWarnsOnceAndTheREPLWorks() throws {
        let (exe, prefix) = try #require(Self.unprivileged)
        let env = SummitProcess.isolatedEnvironment()
        let home = env["HOME"]!
        chmod(home, 0o555)
        defer { chmod(home, 0o755) }
        let s = try start(env, prefix + ["--no-init"], executable: exe)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        try run(s, "list summit | count", expect: "3")
        try run(s, "history", expect: "list summit | count")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
        let out = s.plainOutput
        #expect(out.components(separatedBy: "warning:").count == 2, "one warning: \(out)")
        #expect(out.contains("summit: warning: cannot create the history directory \(home)/.local: Permission denied; set SUMMIT_HISTORY to a writable file, or to an empty value to turn history off"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: home + "/.local"))
    }

    @Test(.enabled(if: unprivileged != nil, "needs to run summit as a user who cannot write the directories"))
    func anUnwritableHistoryDirectoryKeepsTheFileAndWarnsOnce() throws {
        let (exe, prefix) = try #require(Self.unprivileged)
        let env = SummitProcess.isolatedEnvironment()
        try Self.writeHistory(env, Array("find bengio\n".utf8))
        let dir = (Self.historyPath(env) as NSString).deletingLastPathComponent
        chmod(Self.historyPath(env), 0o644)
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        let s = try start(env, prefix + ["--no-init"], executable: exe)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.sendKey(.up)
        try s.waitUntil(timeout: 30, description: "the old history is still read") { $0.screenText.contains("summit> find bengio") }
        s.sendKey(.ctrlU)
        try run(s, "list summit | count", expect: "3")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
        let out = s.plainOutput
        #expect(out.components(separatedBy: "warning:").count == 2, "one warning: \(out)")
        #expect(out.contains("summit: warning: cannot save the history file \(Self.historyPath(env)): Permission denied"), "\(out)")
        #expect(try Self.historyLines(env) == ["find bengio"], "the file is left as it was")
    }

    /// Two REPLs on one history file, commands interleaved, both leave: nothing is lost, and a
    /// third session sees every line.
    @Test func twoREPLsAtOnceLoseNoHistory() throws {
        let env = SummitProcess.isolatedEnvironment()
        try Self.writeHistory(env, Array("echo before\n".utf8))
        let a = try start(env)
        defer { a.terminate() }
        let b = try start(env)
        defer { b.terminate() }
        try a.waitFor("summit> ", timeout: 60)
        try b.waitFor("summit> ", timeout: 60)
        try run(a, "echo a-one", expect: "a-one")
        try run(b, "echo b-one", expect: "b-one")
        try run(a, "echo a-two", expect: "a-two")
        try run(b, "echo b-two", expect: "b-two")
        // Both leave at the same moment: the saves take turns on the lock.
        a.sendKey(.ctrlD)
        b.sendKey(.ctrlD)
        #expect(try a.waitForExit(timeout: 60) == 0)
        #expect(try b.waitForExit(timeout: 60) == 0)
        let lines = try Self.historyLines(env)
        #expect(lines.count == 5, "\(lines)")
        #expect(lines.first == "echo before")
        #expect(Set(lines) == ["echo before", "echo a-one", "echo a-two", "echo b-one", "echo b-two"])
        #expect(lines.firstIndex(of: "echo a-one")! < lines.firstIndex(of: "echo a-two")!)
        #expect(lines.firstIndex(of: "echo b-one")! < lines.firstIndex(of: "echo b-two")!)

        // One leaves, the other carries on: its later lines are added after the first's.
        let c = try start(env)
        defer { c.terminate() }
        let d = try start(env)
        defer { d.terminate() }
        try c.waitFor("summit> ", timeout: 60)
        try d.waitFor("summit> ", timeout: 60)
        try run(c, "echo c-one", expect: "c-one")
        c.sendKey(.ctrlD)
        #expect(try c.waitForExit(timeout: 60) == 0)
        try run(d, "echo d-one", expect: "d-one")
        try run(d, "history", expect: "d-one")
        d.sendKey(.ctrlD)
        #expect(try d.waitForExit(timeout: 60) == 0)
        let after = try Self.historyLines(env)
        #expect(after.suffix(3) == ["echo c-one", "echo d-one", "history"], "\(after)")
    }

    /// A history of 100,000 lines (5 MB): the REPL starts, and the file is cut to the newest
    /// 2,000 entries when it is saved.
    @Test func theHistoryFileIsCappedAtTwoThousandEntries() throws {
        let env = SummitProcess.isolatedEnvironment()
        var text = ""
        for i in 1...100_000 { text += "echo old-\(i) " + String(repeating: "x", count: 30) + "\n" }
        try Self.writeHistory(env, Array(text.utf8))
        let s = try start(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.sendKey(.up)
        try s.waitUntil(timeout: 30, description: "the newest old entry") { $0.screenText.contains("summit> echo old-100000 ") }
        s.sendKey(.ctrlU)
        try run(s, "echo new", expect: "new")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
        let lines = try Self.historyLines(env)
        #expect(lines.count == 2_000)
        #expect(lines.first?.hasPrefix("echo old-98002 ") == true, "\(lines.first ?? "")")
        #expect(lines.last == "echo new")
    }

    // MARK: - Signals

    /// Runs summit inside `sh`, which saves the terminal settings (`stty -g`) before and after,
    /// prints summit's exit status, then `done`. Returns the session and the directory.
    func wrapped(_ env: [String: String], _ summitArgs: String = "--no-init") throws -> (PTYSession, String) {
        let dir = SummitProcess.tempDir()
        // The shell traps the signals (libedit passes a signal it catches at the prompt on to
        // the whole process group, as an interactive shell would have given summit its own).
        let script = "trap : TERM HUP INT; stty -g > \"$1/before\"; \"$2\" \(summitArgs); echo \"status=$?\"; stty -g > \"$1/after\"; echo done"
        let s = try PTYSession(executable: "/bin/sh", arguments: ["-c", script, "sh", dir, SummitProcess.binary],
                               environment: env, rows: 40, cols: 120)
        return (s, dir)
    }

    /// The pid of summit: the one child of the wrapping shell.
    func summitPID(_ s: PTYSession) throws -> pid_t {
        let text = try String(contentsOfFile: "/proc/\(s.pid)/task/\(s.pid)/children", encoding: .utf8)
        return try #require(text.split(separator: " ").first.flatMap { pid_t($0) }, "summit is running")
    }

    func expectTerminalRestored(_ dir: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try String(contentsOfFile: dir + "/before", encoding: .utf8)
        let after = try String(contentsOfFile: dir + "/after", encoding: .utf8)
        #expect(!before.isEmpty && before == after, "the terminal settings are back: \(before) vs \(after)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(SIGTERM, 143), (SIGHUP, 129)])
    func aTerminationSignalAtThePromptSavesHistoryAndRestoresTheTerminal(signal: Int32, status: Int) throws {
        let env = SummitProcess.isolatedEnvironment()
        let (s, dir) = try wrapped(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        try run(s, "find bengio", expect: "yoshua-bengio")
        s.send("show half-typed")
        try s.waitUntil(timeout: 30, description: "the half-typed line is echoed") { $0.screenText.contains("summit> show half-typed") }
        kill(try summitPID(s), signal)
        try s.waitFor("status=\(status)", timeout: 60)
        try s.waitFor("done", timeout: 60)
        try expectTerminalRestored(dir)
        #expect(try Self.historyLines(env) == ["find bengio"], "saved, without the half-typed line")
    }

    /// SIGTERM while a command runs: the command finishes, then summit saves and leaves.
    @Test func sigtermDuringACommandExitsAfterItWithHistorySaved() throws {
        let env = SummitProcess.isolatedEnvironment()
        let scriptDir = SummitProcess.tempDir()
        try SummitProcess.write(String(repeating: "echo tick\n", count: 30_000) + "echo finished\n", to: scriptDir + "/slow.summit")
        let (s, dir) = try wrapped(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.send("source \(scriptDir)/slow.summit\r")
        try s.waitFor("tick", timeout: 60)
        kill(try summitPID(s), SIGTERM)
        try s.waitFor("finished", timeout: 60)
        try s.waitFor("status=143", timeout: 60)
        try s.waitFor("done", timeout: 60)
        try expectTerminalRestored(dir)
        #expect(try Self.historyLines(env) == ["source \(scriptDir)/slow.summit"])
    }

    /// Ctrl-C twice during a command that does not stop: summit leaves at once with status 130
    /// and the terminal restored (documented in LineEditor: a way out of a stuck command).
    /// Statements poll for Ctrl-C (the next test), so the stuck part here is one long step that
    /// does not: reading and parsing a 20 MB line (seconds in a debug build).
    @Test func ctrlCTwiceDuringACommandLeavesWithTheTerminalRestored() throws {
        let env = SummitProcess.isolatedEnvironment()
        let scriptDir = SummitProcess.tempDir()
        try SummitProcess.write("echo \"" + String(repeating: "a", count: 20 << 20) + "\"\necho finished\n", to: scriptDir + "/big.summit")
        try SummitProcess.write("echo start\nsource big.summit\n", to: scriptDir + "/slow.summit")
        let (s, dir) = try wrapped(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.send("source \(scriptDir)/slow.summit\r")
        try s.waitFor("start", timeout: 60)
        // Past the `source` statement's own check for Ctrl-C (microseconds after "start"), into
        // the parse (a second or more). Two signals sent at once may arrive as one: send one
        // every 0.1 s (at most 5 s) until summit is gone.
        usleep(300_000)
        let pid = try summitPID(s)
        for _ in 0..<50 where !s.plainOutput.contains("status=") {
            kill(pid, SIGINT)
            usleep(100_000)
        }
        try s.waitFor("status=130", timeout: 60)
        #expect(!s.plainOutput.contains("finished"), "left before the command's end")
        try s.waitFor("done", timeout: 60)
        try expectTerminalRestored(dir)
    }

    /// Ctrl-C during a long command stops it at the next statement (`Interpreter.interruptRequested`)
    /// and brings back the prompt; the session goes on.
    @Test func ctrlCDuringALongCommandReturnsToThePrompt() throws {
        let env = SummitProcess.isolatedEnvironment()
        let s = try start(env)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        // About 10^8 loop turns: far longer than any test. "tick" (not in the echoed line, which
        // has ti"ck") shows it is running.
        s.send("for a in list event { echo ti\"ck\"; for b in list event { for c in list event { for d in list event { let x = 1 } } } }\r")
        try s.waitFor("tick", timeout: 60)
        s.sendKey(.ctrlC)
        try s.waitFor("summit> ", timeout: 60)
        #expect(s.plainOutput.contains("error: interrupted (Ctrl-C)"), "\(s.plainOutput)")
        #expect(!s.plainOutput.contains("stopped after running"), "stopped by Ctrl-C, not by the step limit")
        try run(s, "list summit | count", expect: "3")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
    }

    // MARK: - Output

    @Test func aClosedStandardOutputOrErrorIsQuiet() throws {
        let closedOut = try SummitProcess.run(["-c", "exec \"$0\" --no-init -c 'list summit' >&-", SummitProcess.binary], executable: "/bin/sh")
        #expect(closedOut.status == 0, "\(closedOut.err)")
        #expect(closedOut.err.isEmpty, "\(closedOut.err)")
        let closedErr = try SummitProcess.run(["-c", "exec \"$0\" --no-init -c 'show no-such-thing' 2>&-", SummitProcess.binary], executable: "/bin/sh")
        #expect(closedErr.status == 1, "the error still sets the status")
        let pipe = try SummitProcess.run(["-c", "\"$0\" --no-init --format json -c 'export' | head -c 100 >/dev/null; echo \"status=${PIPESTATUS:-done}\"", SummitProcess.binary], executable: "/bin/bash")
        #expect(pipe.err.isEmpty, "\(pipe.err)")
    }

    /// The terminal is made narrower between two commands: the second table is laid out for
    /// the new width.
    @Test func aResizedTerminalReLaysTables() throws {
        let env = SummitProcess.isolatedEnvironment(["NO_COLOR": "1"])
        let s = try start(env, cols: 120)
        defer { s.terminate() }
        try s.waitFor("summit> ", timeout: 60)
        s.send("list summit\r")
        let wide = try s.waitFor("summit> ", timeout: 60)
        let wideLines = wide.split(separator: "\n").filter { $0.contains("bletchley-2023") }
        #expect(wideLines.contains { $0.count > 60 && $0.contains("AI Safety Summit") }, "one row per summit at 120 columns: \(wide)")

        s.resize(rows: 40, cols: 40)
        s.send("list summit\r")
        let narrow = try s.waitFor("summit> ", timeout: 60)
        let body = narrow.split(separator: "\n").dropFirst().dropLast()
        #expect(!body.isEmpty)
        #expect(body.allSatisfy { $0.count <= 40 }, "every line fits 40 columns: \(narrow)")
        #expect(narrow.contains("bletchley-2023") && narrow.contains("seoul-2024"))
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 60) == 0)
    }
}
