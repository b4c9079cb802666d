#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the history file could not be read or saved. The REPL keeps going without it.
public enum HistoryFileError: Error, Equatable, Sendable {
    /// The directory that should hold the history file could not be created.
    case cannotCreateDirectory(path: String, errno: Int32)
    /// The history file exists but could not be read, so it was not replaced.
    case cannotRead(path: String, errno: Int32)
    /// Another process held the history lock for too long, or locking failed.
    case cannotLock(path: String, errno: Int32)
    /// The new history could not be written; the previous file is unchanged.
    case cannotWrite(path: String, errno: Int32)
}

extension HistoryFileError: CustomStringConvertible {
    public var description: String {
        let hint = "set SUMMIT_HISTORY to a writable file, or to an empty value to turn history off"
        switch self {
        case let .cannotCreateDirectory(path, code):
            return "cannot create the history directory \(path): \(Self.reason(code)); \(hint)"
        case let .cannotRead(path, code):
            return "cannot read the history file \(path): \(Self.reason(code)); it was left unchanged"
        case let .cannotLock(path, code):
            return "cannot lock the history file \(path): \(Self.reason(code)); it was left unchanged"
        case let .cannotWrite(path, code):
            return "cannot save the history file \(path): \(Self.reason(code)); \(hint)"
        }
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
