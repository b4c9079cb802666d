import Foundation
import Testing

/// The REPL in a real pseudo-terminal: prompt, Tab completion, history across sessions,
/// Ctrl-C on a half-typed line, Ctrl-D, non-ASCII input, colour rules.
@Suite("terminal", .serialized)
struct TerminalTests {
    func start(_ env: [String: String], _ args: [String] = ["--no-init"]) throws -> PTYSession {
        try PTYSession(executable: SummitProcess.binary, arguments: args, environment: env, rows: 40, cols: 120)
    }

    @Test func promptCompletionAndCtrlD() throws {
        let env = SummitProcess.isolatedEnvironment()
        let s = try start(env)
        defer { s.terminate() }
        _ = try s.waitFor("summit> ", timeout: 10)
        // Command name.
        s.send("sho")
        s.sendKey(.tab)
        try s.waitUntil(description: "`sho` completes to `show `") { $0.screenText.contains("summit> show") }
        // Entity id.
        s.send("paris-2")
        s.sendKey(.tab)
        try s.waitUntil(description: "`paris-2` completes to `paris-2025`") { $0.screenText.contains("show paris-2025") }
        s.sendKey(.enter)
        _ = try s.waitFor("AI Action Summit", timeout: 10)
        _ = try s.waitFor("summit> ")
        // Subcommand and flag.
        s.send("help fin")
        s.sendKey(.tab)
        try s.waitUntil(description: "`help fin` completes to `help find`") { $0.screenText.contains("help find") }
        s.sendKey(.ctrlU)
        s.send("find palais --ki")
        s.sendKey(.tab)
        try s.waitUntil(description: "flag completion") { $0.screenText.contains("find palais --kind") }
        s.sendKey(.ctrlU)
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 10) == 0)
    }

    @Test func historyPersistsToASecondSessionAndCtrlCClearsTheLine() throws {
        let env = SummitProcess.isolatedEnvironment()
        let first = try start(env)
        _ = try first.waitFor("summit> ", timeout: 10)
        first.send("find bengio\r")
        _ = try first.waitFor("yoshua-bengio", timeout: 10)
        _ = try first.waitFor("summit> ", timeout: 10)
        // Ctrl-C on a half-typed line: the line is dropped, the REPL stays.
        first.send("show this-is-half-typed")
        try first.waitUntil(description: "the half-typed line is echoed") { $0.screenText.contains("summit> show this-is-half-typed") }
        first.sendKey(.ctrlC)
        _ = try first.waitFor("summit> ")
        first.send("list summit\r")
        _ = try first.waitFor("bletchley-2023", timeout: 10)
        #expect(!first.plainOutput.contains("no entity with id 'this-is-half-typed'"))
        // Ctrl-D only at the prompt: typed during a command, the terminal is in cooked mode
        // and the kernel turns it into a NUL byte for the editor (as in bash).
        _ = try first.waitFor("summit> ", timeout: 10)
        first.sendKey(.ctrlD)
        #expect(try first.waitForExit(timeout: 10) == 0)

        let historyPath = env["XDG_STATE_HOME"]! + "/summit/history"
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(saved.contains("find bengio"))
        #expect(!saved.contains("this-is-half-typed"))

        let second = try start(env)
        defer { second.terminate() }
        _ = try second.waitFor("summit> ", timeout: 10)
        second.sendKey(.up)
        try second.waitUntil(description: "Up recalls the last line of the first session") { $0.screenText.contains("summit> list summit") }
        second.sendKey(.up)
        try second.waitUntil(description: "Up again recalls the one before") { $0.screenText.contains("summit> find bengio") }
        second.sendKey(.ctrlU)
        second.send("history\r")
        _ = try second.waitFor("find bengio", timeout: 10)
        _ = try second.waitFor("summit> ", timeout: 10)
        second.sendKey(.ctrlD)
        #expect(try second.waitForExit(timeout: 10) == 0)
    }

    @Test func ctrlCOnEmptyLineHintsAndNonASCIIWorks() throws {
        let env = SummitProcess.isolatedEnvironment()
        let s = try start(env)
        defer { s.terminate() }
        _ = try s.waitFor("summit> ", timeout: 10)
        try s.waitUntil(description: "the prompt is on screen") { $0.screenText.hasSuffix("summit>") }
        s.sendKey(.ctrlC)
        _ = try s.waitFor("Ctrl-D", timeout: 5)
        s.send("find Université\r")
        _ = try s.waitFor("universite-paris-saclay", timeout: 10)
        s.send("exit\r")
        #expect(try s.waitForExit(timeout: 10) == 0)
    }

    @Test func colourOnATerminalButNotWithNoColor() throws {
        let coloured = try start(SummitProcess.isolatedEnvironment())
        defer { coloured.terminate() }
        _ = try coloured.waitFor("summit> ", timeout: 10)
        coloured.send("list summit\r")
        _ = try coloured.waitFor("bletchley-2023", timeout: 10)
        _ = try coloured.waitFor("summit> ")
        #expect(coloured.output.contains("\u{1B}[1m"), "table headers are bold at a terminal")
        coloured.sendKey(.ctrlD)
        _ = try coloured.waitForExit(timeout: 10)

        let plain = try start(SummitProcess.isolatedEnvironment(["NO_COLOR": "1"]))
        defer { plain.terminate() }
        _ = try plain.waitFor("summit> ", timeout: 10)
        plain.send("list summit\r")
        _ = try plain.waitFor("bletchley-2023", timeout: 10)
        #expect(!plain.output.contains("\u{1B}[1m"))
        #expect(!plain.output.contains("\u{1B}[1;36m"))
        _ = try plain.waitFor("summit> ")
        plain.sendKey(.ctrlD)
        _ = try plain.waitForExit(timeout: 10)
    }
}
