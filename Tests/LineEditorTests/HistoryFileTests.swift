#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LineEditor

@Suite("HistoryFile")
struct HistoryFileTests {
    // MARK: - Round trip

    @Test("entries with spaces, non-ASCII, newlines and backslashes round-trip")
    func roundTrip() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        let entries = [
            "show summits",
            "  leading and trailing spaces  ",
            "Université Paris-Saclay",
            "India AI Impact Summit, नई दिल्ली 2026 🇮🇳",
            "let total = 1\nfunding total paris-2025",
            "a literal backslash-n: \\n and a backslash at the end \\",
            "tab\tand carriage\rreturn",
        ]
        try file.append(newLines: entries)
        #expect(file.load() == entries)

        // One entry per physical line: the embedded newline and CR are escaped.
        let bytes = try #require(TemporaryDirectory.contents(of: file.path))
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == entries.count)
        #expect(!bytes.contains(UInt8(ascii: "\r")))
    }

    @Test("a second session appends after the first")
    func appendAccumulates() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        try file.append(newLines: ["one", "two"])
        try file.append(newLines: ["three"])
        #expect(file.load() == ["one", "two", "three"])
    }

    @Test("blank entries are not stored and an empty append writes nothing")
    func blankEntries() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/sub/history")
        try file.append(newLines: [])
        try file.append(newLines: ["", "   ", "\t"])
        #expect(TemporaryDirectory.mode(directory.path + "/sub") == nil)
        try file.append(newLines: ["", "kept", " "])
        #expect(file.load() == ["kept"])
    }

    // MARK: - Limits and duplicates

    @Test("the cap keeps the newest entries")
    func capKeepsNewest() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history", limit: 5)
        try file.append(newLines: ["1", "2", "3"])
        try file.append(newLines: ["4", "5", "6", "7", "8"])
        #expect(file.load() == ["4", "5", "6", "7", "8"])
        try file.append(newLines: ["9"])
        #expect(file.load() == ["5", "6", "7", "8", "9"])
    }

    @Test("consecutive duplicates are dropped, also across sessions")
    func consecutiveDuplicates() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        try file.append(newLines: ["a", "a", "b", "a", "a"])
        #expect(file.load() == ["a", "b", "a"])
        try file.append(newLines: ["a", "c", "c"])
        #expect(file.load() == ["a", "b", "a", "c"])
    }

    // MARK: - Several sessions

    @Test("two sessions that both loaded the file then both append lose nothing")
    func twoSessionsInterleave() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        try HistoryFile(path: path).append(newLines: ["old"])

        let sessionA = HistoryFile(path: path)
        let sessionB = HistoryFile(path: path)
        #expect(sessionA.load() == ["old"])
        #expect(sessionB.load() == ["old"])
        try sessionA.append(newLines: ["a1", "a2"])
        try sessionB.append(newLines: ["b1"])
        try sessionA.append(newLines: ["a3"])
        #expect(HistoryFile(path: path).load() == ["old", "a1", "a2", "b1", "a3"])
    }

    @Test("many concurrent writers lose no line")
    func concurrentWriters() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        let writers = 6, linesPerWriter = 15
        let failures = await withTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var failures = 0
                    for line in 0..<linesPerWriter {
                        do { try file.append(newLines: ["w\(writer) l\(line)"]) } catch { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        let loaded = file.load()
        #expect(loaded.count == writers * linesPerWriter)
        #expect(Set(loaded).count == writers * linesPerWriter)
        // Each writer's lines stay in its own order.
        for writer in 0..<writers {
            let mine = loaded.filter { $0.hasPrefix("w\(writer) ") }
            #expect(mine == (0..<linesPerWriter).map { "w\(writer) l\($0)" })
        }
    }

    // MARK: - Damaged files

    @Test("invalid UTF-8, NUL bytes and a truncated last line are skipped, the rest kept")
    func damagedLines() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var bytes = Array("good one\n".utf8)
        bytes += [0xFF, 0xFE, 0x20, 0x62, 0x61, 0x64, 0x0A]          // invalid UTF-8
        bytes += Array("has".utf8) + [0] + Array("nul\n".utf8)        // NUL byte
        bytes += Array("Université\n".utf8)
        bytes += Array("crlf line\r\n".utf8)
        bytes += Array("caf".utf8) + [0xC3]                            // cut mid-character
        let path = directory.createFile(named: "history", bytes: bytes)
        let file = HistoryFile(path: path)
        #expect(file.load() == ["good one", "Université", "crlf line"])

        // Saving over a damaged file keeps its valid lines.
        try file.append(newLines: ["new"])
        #expect(file.load() == ["good one", "Université", "crlf line", "new"])
    }

    @Test("random bytes load without a crash and give only storable entries")
    func randomBytes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for round in 0..<20 {
            var bytes: [UInt8] = []
            for _ in 0..<(4096 * (round + 1)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            if round.isMultiple(of: 2) { bytes = Array("_HiStOrY_V2_\n".utf8) + bytes }
            let path = directory.createFile(named: "history\(round)", bytes: bytes)
            let entries = HistoryFile(path: path).load()
            for entry in entries {
                #expect(!entry.utf8.contains(0))
                #expect(entry.contains { !$0.isWhitespace })
            }
        }
    }

    @Test("a missing file loads as empty")
    func missingFile() {
        #expect(HistoryFile(path: "/nonexistent-summit-dir/history").load() == [])
    }

    @Test("libedit's _HiStOrY_V2_ files are read")
    func libeditFormat() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = "_HiStOrY_V2_\nshow\\040summits\nUniversit\\303\\251\\040Paris\nback\\\\slash\ntab\\011x\n"
        let path = directory.createFile(named: "history", bytes: Array(text.utf8))
        #expect(HistoryFile(path: path).load() == ["show summits", "Université Paris", "back\\slash", "tab\tx"])
    }

    // MARK: - Errors and file system

    @Test("a parent that is a file makes append throw and changes nothing")
    func parentIsAFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let blocker = directory.createFile(named: "state", bytes: Array("not a directory\n".utf8))
        let file = HistoryFile(path: blocker + "/summit/history")
        #expect(throws: HistoryFileError.self) { try file.append(newLines: ["x"]) }
        #expect(TemporaryDirectory.contents(of: blocker) == Array("not a directory\n".utf8))
        do {
            try file.append(newLines: ["x"])
        } catch {
            guard case .cannotCreateDirectory = error else {
                Issue.record("expected cannotCreateDirectory, got \(error)")
                return
            }
            #expect(error.description.contains("SUMMIT_HISTORY"))
        }
    }

    @Test("a history path that is a directory makes append throw")
    func pathIsADirectory() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/history"
        #expect(mkdir(path, 0o700) == 0)
        let file = HistoryFile(path: path)
        #expect(throws: HistoryFileError.self) { try file.append(newLines: ["x"]) }
        #expect(file.load() == [])
        #expect(TemporaryDirectory.mode(path).map { $0 & S_IFMT } == S_IFDIR)
    }

    @Test("an unwritable directory makes append throw and keeps the old history",
          .enabled(if: geteuid() != 0, "root ignores directory permissions"))
    func unwritableDirectory() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        try file.append(newLines: ["precious"])
        chmod(directory.path, 0o500)
        defer { chmod(directory.path, 0o700) }
        #expect(throws: HistoryFileError.self) { try file.append(newLines: ["new"]) }
        #expect(file.load() == ["precious"])
    }

    @Test("an unreadable history file is not replaced",
          .enabled(if: geteuid() != 0, "root ignores file permissions"))
    func unreadableFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/history")
        try file.append(newLines: ["precious"])
        chmod(file.path, 0o000)
        #expect(throws: HistoryFileError.self) { try file.append(newLines: ["new"]) }
        chmod(file.path, 0o600)
        #expect(file.load() == ["precious"])
    }

    @Test("missing directories are created 0700 and the file 0600")
    func permissions() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = HistoryFile(path: directory.path + "/state/summit/history")
        try file.append(newLines: ["x"])
        #expect(TemporaryDirectory.mode(directory.path + "/state").map { $0 & 0o777 } == 0o700)
        #expect(TemporaryDirectory.mode(directory.path + "/state/summit").map { $0 & 0o777 } == 0o700)
        #expect(TemporaryDirectory.mode(file.path).map { $0 & 0o777 } == 0o600)
    }

    @Test("a symbolic link to the history file stays a link")
    func symbolicLink() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let real = directory.path + "/real-history"
        let link = directory.path + "/history"
        try HistoryFile(path: real).append(newLines: ["first"])
        #expect(symlink(real, link) == 0)
        try HistoryFile(path: link).append(newLines: ["second"])
        #expect(TemporaryDirectory.mode(link).map { $0 & S_IFMT } == S_IFLNK)
        #expect(HistoryFile(path: real).load() == ["first", "second"])
    }

    // MARK: - Default path

    @Test("default path: SUMMIT_HISTORY, then XDG_STATE_HOME, then HOME")
    func defaultPath() {
        let home = ["HOME": "/home/ada"]
        #expect(HistoryFile.defaultPath(environment: home) == "/home/ada/.local/state/summit/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/ada/"])
            == "/home/ada/.local/state/summit/history")
        #expect(HistoryFile.defaultPath(environment: home.merging(["XDG_STATE_HOME": "/xdg/state"]) { $1 })
            == "/xdg/state/summit/history")
        // A relative XDG_STATE_HOME is invalid per the XDG spec and ignored.
        #expect(HistoryFile.defaultPath(environment: home.merging(["XDG_STATE_HOME": "rel"]) { $1 })
            == "/home/ada/.local/state/summit/history")
        #expect(HistoryFile.defaultPath(environment: [
            "HOME": "/home/ada", "XDG_STATE_HOME": "/xdg", "SUMMIT_HISTORY": "/tmp/h",
        ]) == "/tmp/h")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/ada", "SUMMIT_HISTORY": ""]) == nil)
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
        #expect(HistoryFile.defaultPath(environment: ["HOME": ""]) == nil)
    }

    @Test("a limit below one is raised to one")
    func limitFloor() {
        #expect(HistoryFile(path: "/x", limit: 0).limit == 1)
        #expect(HistoryFile(path: "/x").limit == 2000)
    }
}
