#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The REPL's history on disk: one entry per line, newest last.
///
/// ## Format
///
/// UTF-8 text, one entry per line, each line ending in `\n`. An entry may itself contain
/// line breaks (a multi-line block), so three characters are escaped:
///
/// | in the entry     | in the file              |
/// |------------------|--------------------------|
/// | backslash `\`    | `\\` (two backslashes)   |
/// | line feed        | `\n` (backslash, `n`)    |
/// | carriage return  | `\r` (backslash, `r`)    |
///
/// Any other backslash sequence is read back unchanged. A file written by libedit's
/// own `H_SAVE` (first line `_HiStOrY_V2_`, entries `strvis`-encoded) is read too; the next
/// save rewrites it in the format above.
///
/// Reading never fails: a line that is not valid UTF-8 or that contains a NUL byte is
/// skipped, and the other lines are kept.
///
/// ## Several REPLs at once
///
/// ``append(newLines:)`` takes an exclusive `flock` on `<path>.lock`, re-reads the file as
/// it is *now*, appends this session's lines, drops consecutive duplicates, keeps the
/// newest ``limit`` entries, writes a temporary file in the same directory and renames it
/// over the history file. Two sessions that both loaded the file and both append lose
/// nothing, and a crash mid-write leaves the previous file intact.
public struct HistoryFile: Sendable, Equatable {
    /// Where the history lives.
    public var path: String
    /// The most entries kept on disk (and in the editor's memory); the newest are kept.
    public var limit: Int

    /// A history file at `path` keeping at most `limit` entries (at least 1).
    public init(path: String, limit: Int = 2000) {
        self.path = path
        self.limit = max(1, limit)
    }

    // MARK: - Reading

    /// The entries on disk, oldest first.
    ///
    /// A missing or unreadable file gives `[]`; a damaged file gives its valid lines.
    public func load() -> [String] {
        (try? readEntries()) ?? []
    }

    /// The entries on disk; a missing file is empty, any other failure to read throws so
    /// that a save never replaces a file it could not read.
    func readEntries() throws(HistoryFileError) -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return [] }
            throw .cannotRead(path: path, errno: code)
        }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return HistoryFileFormat.decode(bytes)
    }

    // MARK: - Writing

    /// Adds `newLines` (this session's entries, oldest first) to the file, safely with
    /// other sessions writing the same file. Does nothing when `newLines` is empty.
    ///
    /// Creates the parent directory (mode 0700) and the file (mode 0600) when missing.
    /// Throws when the directory or file cannot be written; the existing file is then
    /// left as it was.
    public func append(newLines: [String]) throws(HistoryFileError) {
        let lines = newLines.filter(HistoryFileFormat.isStorable)
        guard !lines.isEmpty else { return }
        let target = resolvedTarget()
        let directory = HistoryFileFormat.directory(of: target)
        try HistoryFile.makeDirectories(directory, reportingAs: path)

        let lock = try Lock(path: target + ".lock", reportingAs: path)
        defer { lock.release() }

        let current = try HistoryFile(path: target, limit: limit).readEntries()
        let merged = HistoryFileFormat.merge(current, lines, limit: limit)
        try replace(target, in: directory, with: merged)
    }

    /// The file a save replaces: the target of `path` when `path` is a symbolic link (so a
    /// history file linked from elsewhere stays linked), otherwise `path`.
    private func resolvedTarget() -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
              let real = realpath(path, nil)
        else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Writes `entries` to a temporary file in `directory` and renames it over `target`.
    private func replace(_ target: String, in directory: String, with entries: [String]) throws(HistoryFileError) {
        var mode: mode_t = 0o600
        var info = stat()
        if stat(target, &info) == 0 { mode = info.st_mode & 0o777 }

        let base = target.split(separator: "/").last.map(String.init) ?? "history"
        let temporary = directory + "/." + base + ".tmp-" + String(getpid())
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 && errno == EEXIST {
            // A leftover from a crashed session with our pid; we hold the lock, so remove it.
            unlink(temporary)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        }
        guard fd >= 0 else { throw .cannotWrite(path: path, errno: errno) }

        let data = HistoryFileFormat.encode(entries)
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .cannotWrite(path: path, errno: failure)
        }
    }

    /// Creates `directory` and any missing parents with mode 0700.
    static func makeDirectories(_ directory: String, reportingAs path: String) throws(HistoryFileError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .cannotCreateDirectory(path: directory, errno: ENOTDIR)
            }
            return
        }
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw .cannotCreateDirectory(path: prefix, errno: errno)
            }
        }
    }
}

// MARK: - Locking

extension HistoryFile {
    /// An exclusive `flock` on a lock file beside the history file.
    private struct Lock {
        let fd: Int32

        /// Waits up to about two seconds for the lock, then throws rather than hang.
        init(path: String, reportingAs historyPath: String) throws(HistoryFileError) {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .cannotWrite(path: historyPath, errno: errno) }
            var attempts = 0
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code != EWOULDBLOCK && code != EINTR {
                    // A file system without flock (some network mounts): go on unlocked.
                    if code == ENOLCK || code == EOPNOTSUPP { return }
                    _ = close(fd)
                    throw .cannotLock(path: historyPath, errno: code)
                }
                attempts += 1
                if attempts > 200 {
                    _ = close(fd)
                    throw .cannotLock(path: historyPath, errno: code)
                }
                usleep(10_000)
            }
        }

        func release() {
            _ = flock(fd, LOCK_UN)
            _ = close(fd)
        }
    }
}

// MARK: - Default location

extension HistoryFile {
    /// Where the history file lives by default, or `nil` when history should not be saved.
    ///
    /// 1. `$SUMMIT_HISTORY` when set (an empty value disables the history file: `nil`);
    /// 2. `$XDG_STATE_HOME/summit/history` when `XDG_STATE_HOME` is an absolute path;
    /// 3. `$HOME/.local/state/summit/history` when `HOME` is set and not empty;
    /// 4. otherwise `nil`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let explicit = environment["SUMMIT_HISTORY"] {
            return explicit.isEmpty ? nil : explicit
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return trimmingTrailingSlashes(state) + "/summit/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return trimmingTrailingSlashes(home) + "/.local/state/summit/history"
        }
        return nil
    }

    /// ``defaultPath(environment:)`` for this process's environment.
    public static func defaultPath() -> String? {
        var environment: [String: String] = [:]
        for name in ["SUMMIT_HISTORY", "XDG_STATE_HOME", "HOME"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return defaultPath(environment: environment)
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
        return path == "/" ? "" : String(path)
    }
}
