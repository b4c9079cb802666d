import Testing
@testable import PluginHost
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// Scripts written into a fresh directory, made executable.
struct ScriptDirectory {
    let path: String

    init() {
        var template = Array("/tmp/summit-host-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    @discardableResult
    func script(_ name: String, _ body: String) -> String {
        let p = path + "/" + name
        _ = StandardStream.writeFile(p, "#!/bin/sh\n" + body)
        chmod(p, 0o755)
        return p
    }

    func file(_ name: String, _ text: String) {
        _ = StandardStream.writeFile(path + "/" + name, text)
    }
}

/// True when `pid` is gone (reaped): no zombie left behind.
func isReaped(_ pid: pid_t) -> Bool {
    var status: Int32 = 0
    return waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD
}

@Suite("child processes")
struct ChildProcessTests {
    @Test func exchangesLinesInItsOwnProcessGroup() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("echo.sh", "while IFS= read -r l; do echo \"got $l\"; done\n")
        let p = try ChildProcess.spawn(exe)
        #expect(getpgid(p.pid) == p.pid, "its own process group")
        #expect(getpgid(p.pid) != getpgrp())
        let a = try p.exchange(Array("one\n".utf8), deadline: Deadline(seconds: 5), lineLimit: 1000)
        #expect(String(decoding: a, as: UTF8.self) == "got one")
        let b = try p.exchange(Array("two\n".utf8), deadline: Deadline(seconds: 5), lineLimit: 1000)
        #expect(String(decoding: b, as: UTF8.self) == "got two")
        p.finish()
        #expect(isReaped(p.pid))
    }

    @Test func aHangTimesOutAndIsKilledAndReaped() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("hang.sh", "sleep 30\n")
        let p = try ChildProcess.spawn(exe)
        #expect(throws: ChildProcess.Failure.timedOut) {
            try p.exchange(Array("x\n".utf8), deadline: Deadline(seconds: 0.3), lineLimit: 1000)
        }
        p.kill()
        #expect(isReaped(p.pid))
    }

    @Test func anExitIsReportedWithItsStatusAndStderr() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("crash.sh", "read l; echo 'Traceback: boom' >&2; exit 3\n")
        let p = try ChildProcess.spawn(exe)
        #expect(throws: ChildProcess.Failure.exited("exit status 3")) {
            try p.exchange(Array("x\n".utf8), deadline: Deadline(seconds: 5), lineLimit: 1000)
        }
        #expect(p.stderrText == "Traceback: boom")
        #expect(isReaped(p.pid))
    }

    @Test func aKillBySignalIsNamed() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("segv.sh", "read l; kill -SEGV $$\n")
        let p = try ChildProcess.spawn(exe)
        #expect(throws: ChildProcess.Failure.exited("killed by SIGSEGV")) {
            try p.exchange(Array("x\n".utf8), deadline: Deadline(seconds: 5), lineLimit: 1000)
        }
    }

    @Test func anEndlessLineIsCutOff() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("flood.sh", "read l; while :; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; done\n")
        let p = try ChildProcess.spawn(exe)
        #expect(throws: ChildProcess.Failure.lineTooLong(100_000)) {
            try p.exchange(Array("x\n".utf8), deadline: Deadline(seconds: 10), lineLimit: 100_000)
        }
        p.kill()
        #expect(isReaped(p.pid))
    }

    /// `readToEnd` (the pack helper's binary reply): every byte, NULs and newlines included,
    /// with stderr drained meanwhile, until the program closes its output.
    @Test func readsABinaryReplyToItsEnd() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("binary.sh", "head -c 3000000 /dev/zero; printf 'a\\nb'; echo 'note' >&2; exit 0\n")
        let p = try ChildProcess.spawn(exe)
        let bytes = try p.readToEnd(deadline: Deadline(seconds: 10), limit: 4 << 20)
        #expect(bytes.count == 3_000_003)
        #expect(Array(bytes.suffix(3)) == Array("a\nb".utf8))
        #expect(p.waitForExit(grace: 5) == "exit status 0")
        #expect(p.stderrText == "note")
    }

    @Test func aReplyThatNeverEndsTimesOutOrIsCutOff() throws {
        let dir = ScriptDirectory()
        let hang = try ChildProcess.spawn(dir.script("hang.sh", "printf 'partial'; sleep 30\n"))
        #expect(throws: ChildProcess.Failure.timedOut) { try hang.readToEnd(deadline: Deadline(seconds: 0.3), limit: 1 << 20) }
        hang.kill()
        #expect(isReaped(hang.pid))
        let flood = try ChildProcess.spawn(dir.script("flood.sh", "while :; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; done\n"))
        #expect(throws: ChildProcess.Failure.lineTooLong(100_000)) { try flood.readToEnd(deadline: Deadline(seconds: 10), limit: 100_000) }
        flood.kill()
        #expect(isReaped(flood.pid))
    }

    /// The pack reader gets a minute, and a second more for every megabyte of the plugins' files.
    @Test func thePackReadersTimeGrowsWithThePack() {
        let dir = ScriptDirectory()
        dir.file("data.yaml", String(repeating: "x", count: 3 << 20))
        dir.file("pack.yaml", "name: p\n")
        let helper = PackHelper(path: "/nonexistent")
        #expect(helper.timeout(for: [dir.path]) == 63)
        #expect(helper.timeout(for: []) == 60)
    }

    @Test func aMissingProgramIsASpawnError() {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.spawn("/no/such/program") }
    }

    @Test func aStopRequestEndsTheWait() throws {
        let dir = ScriptDirectory()
        let exe = dir.script("slow.sh", "sleep 30\n")
        let p = try ChildProcess.spawn(exe)
        #expect(throws: ChildProcess.Failure.interrupted) {
            try p.exchange(Array("x\n".utf8), deadline: Deadline(seconds: 10), lineLimit: 1000, shouldStop: { true })
        }
        p.kill()
        #expect(isReaped(p.pid))
    }
}
