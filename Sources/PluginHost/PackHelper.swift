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
    /// How long reading may take.
    public var timeout: Double = 60

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
        do { p = try ChildProcess.spawn(path, arguments: ["read"] + directories) } catch {
            throw Failure(message: "cannot start the pack reader \(path): \(error)")
        }
        // The reply is one line: once it is read, the helper has nothing more to say, so it is
        // stopped at once rather than waited for (its exit takes milliseconds).
        defer { p.kill() }
        let line: [UInt8]
        do {
            line = try p.exchange([], deadline: Deadline(seconds: timeout), lineLimit: 512 << 20)
        } catch {
            let why: String
            switch error {
            case .timedOut: why = "it took longer than \(Int(timeout)) s"
            case .exited(let how): why = "it stopped (\(how))"
            default: why = "\(error)"
            }
            let err = p.stderrText
            throw Failure(message: "the pack reader \(path) failed: \(why)" + (err.isEmpty ? "" : "\n" + err))
        }
        do {
            return try PackWire.decode(String(decoding: line, as: UTF8.self))
        } catch {
            throw Failure(message: "the pack reader \(path) gave a reply summit cannot use: \(error.message)")
        }
    }
}
