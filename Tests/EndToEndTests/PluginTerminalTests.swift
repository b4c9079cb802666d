import Foundation
import Testing

/// Plugins at the interactive prompt: a pack from the plugin directory completes with Tab, and
/// the REPL survives a crashing plugin and a hanging one stopped with Ctrl-C.
@Suite("plugins at the prompt", .serialized)
struct PluginTerminalTests {
    @Test func completionCrashAndCtrlC() throws {
        let home = SummitProcess.tempDir()
        try PluginFixtures.copy(PluginFixtures.india, to: home + "/.local/share/summit/plugins/india-2026")
        let dir = SummitProcess.tempDir()
        let crash = try ExternalPluginProcessTests.shellPlugin(in: dir, name: "crasher", reply: "echo 'Segmentation fault (pretend)' >&2; exit 139")
        let hang = try ExternalPluginProcessTests.shellPlugin(in: dir, name: "sleeper", reply: "sleep 60", timeout: 60)
        let env = SummitProcess.isolatedEnvironment(["HOME": home])
        let s = try PTYSession(executable: SummitProcess.binary, arguments: ["--no-init", "--plugin", crash, "--plugin", hang],
                               environment: env, rows: 40, cols: 120)
        defer { s.terminate() }
        _ = try s.waitFor("summit> ", timeout: 10)

        // Tab completes the pack's summit like a built-in one.
        s.send("timeline new-d")
        s.sendKey(.tab)
        try s.waitUntil(description: "`new-d` completes to `new-delhi-2026`") { $0.screenText.contains("summit> timeline new-delhi-2026") }
        s.sendKey(.enter)
        _ = try s.waitFor("Bharat Mandapam", timeout: 10)
        _ = try s.waitFor("summit> ")

        // A crash is an error naming the plugin; the prompt comes back.
        s.send("crasher\r")
        _ = try s.waitFor("external plugin 'crasher' stopped (exit status 139)", timeout: 10)
        _ = try s.waitFor("summit> ")

        // Ctrl-C while a plugin hangs stops the plugin, not summit.
        s.send("sleeper\r")
        Thread.sleep(forTimeInterval: 1)
        s.sendKey(.ctrlC)
        _ = try s.waitFor("external plugin 'sleeper' was interrupted while running 'sleeper'", timeout: 10)
        _ = try s.waitFor("summit> ")

        s.send("list summit\r")
        _ = try s.waitFor("new-delhi-2026", timeout: 10)
        _ = try s.waitFor("summit> ")
        s.sendKey(.ctrlD)
        #expect(try s.waitForExit(timeout: 10) == 0)
    }
}
