import Testing
@testable import PluginHost
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The protocol client against small shell plugins: the happy path, and every way a plugin can
/// fail (crash, hang, garbage, wrong protocol, wrong name or commands), each an error naming the
/// plugin after which the next call starts it again.
@Suite("external plugins")
struct ExternalPluginTests {
    static let handshake = #"{"protocol": 1, "name": "t", "version": "0.1", "commands": [{"name": "hello", "summary": "Say hello", "arguments": [{"name": "who", "entity": "country"}], "options": [{"name": "loud", "help": "shout"}, {"name": "style", "value": "S", "values": ["a", "b"]}]}]}"#

    /// A plugin script: answers the hello with `handshake`, each call with `reply` (shell, `$id` set).
    func plugin(_ dir: ScriptDirectory, handshake: String = handshake, reply: String) -> ExternalPlugin {
        let body = """
            while IFS= read -r line; do
              case "$line" in
                *'"type":"hello"'*) printf '%s\\n' '\(handshake)' ;;
                *'"type":"call"'*) id=$(printf '%s' "$line" | sed 's/^{"type":"call","id":\\([0-9]*\\).*/\\1/'); \(reply) ;;
              esac
            done

            """
        let exe = dir.script("plugin.sh", body)
        return ExternalPlugin(name: "t", executable: exe, directory: dir.path, provides: ["hello"], handshakeTimeout: 2, callTimeout: 1)
    }

    @Test func handshakeAndTypedRecords() throws {
        let dir = ScriptDirectory()
        let p = plugin(dir, reply: #"printf '{"id": %s, "records": [{"who": "France", "when": "2026-02-16", "money": {"amount": 5, "currency": "EUR"}}], "columns": ["who", "when", "money"]}\n' "$id""#)
        defer { p.stop() }
        #expect(!p.isRunning, "started lazily")
        let h = try p.handshake()
        #expect(h.name == "t" && h.version == "0.1" && h.protocolVersion == 1)
        let c = try #require(h.commands.first)
        #expect(c.arguments.map(\.name) == ["who"])
        #expect(c.entityArguments == ["who": "country"])
        #expect(c.options.map(\.name) == ["loud", "style"])
        #expect(c.options[0].valueName == nil)
        #expect(c.options[1].completion == .values(["a", "b"]))
        let r = try p.call("hello", arguments: ["france"], options: [], entities: [])
        guard case .records(let rows, let columns) = r else { Issue.record("not records: \(r)"); return }
        #expect(columns == ["who", "when", "money"])
        #expect(rows.first?["when"] == .date(ISODate(year: 2026, month: 2, day: 16)))
        #expect(rows.first?["money"] == .money(Money(amount: 5, currency: "EUR")))
        _ = try p.call("hello", arguments: ["france"], options: [], entities: [])
        #expect(p.starts == 1, "reused, not restarted")
    }

    @Test func aCrashIsAnErrorAndTheNextCallRestarts() throws {
        let dir = ScriptDirectory()
        // Crashes on the first call only (a marker file remembers).
        let p = plugin(dir, reply: #"if [ ! -f crashed ]; then touch crashed; echo 'Traceback: ZeroDivisionError' >&2; exit 1; fi; printf '{"id": %s, "text": "fine"}\n' "$id""#)
        defer { p.stop() }
        do {
            _ = try p.call("hello", arguments: [], options: [], entities: [])
            Issue.record("should fail")
        } catch {
            #expect(error.message.hasPrefix("external plugin 't' stopped (exit status 1) while running 'hello'"))
            #expect(error.message.contains("ZeroDivisionError"))
            #expect(error.message.contains("starts again on the next call"))
        }
        #expect(!p.isRunning)
        #expect(try p.call("hello", arguments: [], options: [], entities: []) == .text("fine"))
        #expect(p.starts == 2)
    }

    @Test func aHangTimesOut() throws {
        let dir = ScriptDirectory()
        let p = plugin(dir, reply: "sleep 30")
        defer { p.stop() }
        do {
            _ = try p.call("hello", arguments: [], options: [], entities: [])
            Issue.record("should time out")
        } catch {
            #expect(error.message.hasPrefix("external plugin 't' did not answer within 1 s while running 'hello'; it was stopped"))
        }
        #expect(!p.isRunning)
    }

    @Test func garbageOnStdoutIsAnError() throws {
        let dir = ScriptDirectory()
        let p = plugin(dir, reply: "echo 'Hello, world!'")
        defer { p.stop() }
        do {
            _ = try p.call("hello", arguments: [], options: [], entities: [])
            Issue.record("should fail")
        } catch {
            #expect(error.message.contains("external plugin 't' wrote something that is not a protocol message while running 'hello': 'Hello, world!'"))
        }
        #expect(!p.isRunning)
    }

    @Test(arguments: [
        (#"{"protocol": 2, "name": "t", "version": "1", "commands": []}"#, "speaks protocol version 2, but this summit speaks version 1"),
        (#"{"name": "t"}"#, "has no \"protocol\" member"),
        (#"{"protocol": 1, "name": "other", "version": "1", "commands": [{"name": "hello", "summary": "s"}]}"#, "calls itself 'other'"),
        (#"{"protocol": 1, "name": "t", "version": "1", "commands": [{"name": "bye", "summary": "s"}]}"#, "does not provide the commands its manifest lists"),
        (#"{"protocol": 1, "name": "t", "version": "1", "commands": [{"name": "hello"}]}"#, "has no \"summary\""),
        (#"[1, 2]"#, "not a JSON object"),
    ])
    func aBadHandshakeIsAnError(_ handshake: String, _ expected: String) throws {
        let dir = ScriptDirectory()
        let p = plugin(dir, handshake: handshake, reply: "true")
        defer { p.stop() }
        do {
            _ = try p.handshake()
            Issue.record("should fail")
        } catch {
            #expect(error.message.hasPrefix("external plugin 't' "))
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(!p.isRunning)
    }

    @Test func badRepliesAreErrors() throws {
        let cases: [(String, String)] = [
            (#"printf '{"id": 99, "text": "x"}\n'"#, "has id 99, not 1"),
            (#"printf '{"id": %s}\n' "$id""#, "none of \"records\", \"text\" or \"error\""),
            (#"printf '{"id": %s, "records": [1]}\n' "$id""#, "record 1 of its reply is a number"),
            (#"printf '{"id": %s, "text": "a"}\n{"id": 7}\n' "$id""#, "wrote more than one line"),
        ]
        for (reply, expected) in cases {
            let dir = ScriptDirectory()
            let p = plugin(dir, reply: reply)
            defer { p.stop() }
            do {
                _ = try p.call("hello", arguments: [], options: [], entities: [])
                Issue.record("should fail: \(reply)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func aPluginsOwnErrorKeepsItRunning() throws {
        let dir = ScriptDirectory()
        let p = plugin(dir, reply: #"printf '{"id": %s, "error": "no such style"}\n' "$id""#)
        defer { p.stop() }
        do {
            _ = try p.call("hello", arguments: [], options: [], entities: [])
            Issue.record("should fail")
        } catch {
            #expect(error.message == "t: no such style")
        }
        #expect(p.isRunning)
    }

    @Test func aHandshakeHangTimesOut() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("mute.sh", "sleep 30\n")
        let p = ExternalPlugin(name: "t", executable: exe, directory: dir.path, provides: ["hello"], handshakeTimeout: 0.5, callTimeout: 1)
        do {
            _ = try p.handshake()
            Issue.record("should time out")
        } catch {
            #expect(error.message.contains("did not answer within 0.5 s while starting (handshake)"))
        }
    }

    @Test func aFailedStartIsTriedOncePerCommandLine() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("mute.sh", "echo started >> starts; sleep 30\n")
        let p = ExternalPlugin(name: "t", executable: exe, directory: dir.path, provides: ["hello"], handshakeTimeout: 0.3, callTimeout: 1)
        // Reading the command line (options, arguments) asks twice; the run reports the failure.
        #expect(p.declaration() == nil)
        #expect(p.declaration() == nil)
        #expect(throws: ExternalPlugin.Failure.self) { try p.handshake() }
        #expect(try FileIO.readText(dir.path + "/starts") == "started\n", "started once")
        // The next command line tries again.
        #expect(p.declaration() == nil)
        #expect(try FileIO.readText(dir.path + "/starts") == "started\nstarted\n")
    }
}
