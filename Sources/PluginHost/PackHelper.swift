import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// Reads plugin directories through the `summit-pack` helper, which links the YAML reader so
/// that `summit` does not (docs/ARCHITECTURE.md, "Decisions"). The helper sits next to the
/// `summit` executable; `SUMMIT_PACK_HELPER` names another.
public struct PackHelper: Sendable {
    /// The helper to run; nil for the default, looked up only when a pack is read (a session
    /// without plugins spends nothing on it).
    public var explicitPath: String?
    /// How long reading may take, at least: a minute, and a second more for every megabyte of
    /// the packs' files (the reader manages several megabytes a second, so only a reader that
    /// hangs meets the limit; a million-entity pack is about 250 MB of YAML).
    public var timeout: Double = 60
    /// The largest reply taken (a million entities compile to about 150 MB).
    public static let replyLimit = 4 << 30

    public init(path: String? = nil) {
        self.explicitPath = path
    }

    /// The helper that runs: the one given, else `defaultPath()`.
    public var path: String? { explicitPath ?? Self.defaultPath() }

    /// `$SUMMIT_PACK_HELPER`, else `summit-pack` in the directory of the running executable.
    public static func defaultPath() -> String? {
        if let p = getenv("SUMMIT_PACK_HELPER"), p.pointee != 0 { return String(cString: p) }
        return FileIO.executableDirectory().map { FileIO.resolve("summit-pack", relativeTo: $0) }
    }

    /// The time allowed for reading `directories`: `timeout` plus a second a megabyte of their
    /// top-level files.
    public func timeout(for directories: [String]) -> Double {
        var bytes = 0
        for d in directories {
            for name in FileIO.list(d) { bytes += FileIO.stamp(FileIO.resolve(name, relativeTo: d))?.size ?? 0 }
        }
        return timeout + Double(bytes >> 20)
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads each directory (named as the user named it); one helper run for all of them.
    public func read(_ directories: [String]) throws(Failure) -> [PackContents] {
        guard !directories.isEmpty else { return [] }
        let path = self.path
        guard let path, FileIO.isExecutable(path) else {
            let release = path?.contains("/release/") == true ? " -c release" : ""
            throw Failure(message: "cannot read packs: summit's pack reader, summit-pack, is not at \(path ?? "(unknown)"); build it with `swift build\(release) --product summit-pack` (a plain `swift build\(release)` builds it with summit) and keep it next to summit, or name it in SUMMIT_PACK_HELPER")
        }
        let p: ChildProcess
        do { p = try ChildProcess.spawn(path, arguments: ["compile"] + directories) } catch {
            throw Failure(message: "cannot start the pack reader \(path): \(error)")
        }
        defer { p.kill() }
        func failed(_ why: String) -> Failure {
            let err = p.stderrText
            return Failure(message: "the pack reader \(path) failed: \(why)" + (err.isEmpty ? "" : "\n" + err))
        }
        let limit = timeout(for: directories)
        let reply: [UInt8]
        do {
            reply = try p.readToEnd(deadline: Deadline(seconds: limit), limit: Self.replyLimit)
        } catch {
            switch error {
            case .timedOut: throw failed("it took longer than \(Int(limit)) s")
            case .exited(let how): throw failed("it stopped (\(how))")
            case .lineTooLong(let n): throw failed("its reply is larger than \(n >> 20) MB")
            default: throw failed("\(error)")
            }
        }
        let ended = p.waitForExit(grace: 5)
        guard ended == "exit status 0" else { throw failed("it stopped (\(ended))") }
        do {
            return try PackBinary.decode(reply)
        } catch {
            throw Failure(message: "the pack reader \(path) gave a reply summit cannot use: \(error.message)")
        }
    }
}
