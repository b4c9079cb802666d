import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// Reads plugin directories through the `summit-pack` helper, which links the YAML reader so
/// that `summit` does not (docs/ARCHITECTURE.md, "Decisions"). The helper sits next to the
/// `summit` executable; `SUMMIT_PACK_HELPER` names another.
public struct PackHelper: Sendable {
    public var path: String?
    /// How long reading may take.
    public var timeout: Double = 60

    public init(path: String? = PackHelper.defaultPath()) {
        self.path = path
    }

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
        guard let path, FileIO.isExecutable(path) else {
            throw Failure(message: "cannot read packs: the helper summit-pack is not at \(path ?? "(unknown)"); it is built with summit (`swift build`) and must sit next to the summit executable (or set SUMMIT_PACK_HELPER)")
        }
        let p: ChildProcess
        do { p = try ChildProcess.spawn(path, arguments: ["read"] + directories) } catch {
            throw Failure(message: "cannot start the pack reader \(path): \(error)")
        }
        defer { p.finish(grace: 1) }
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
