#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small file helpers without Foundation (start-up time matters).
public enum FileIO {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads a whole text file; a directory, a missing file, a binary (NUL) file or invalid UTF-8 is a clear error.
    public static func readText(_ path: String, limit: Int = 256 << 20) throws(Failure) -> String {
        let bytes = try readBytes(path, limit: limit)
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            throw Failure(message: "'\(path)' looks like a binary file (NUL byte on line \(line)); give a text file")
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            // Find the first invalid line for the message.
            var start = 0
            for (i, b) in bytes.enumerated() where b == 10 {
                if String(validating: bytes[start..<i], as: UTF8.self) == nil { break }
                line += 1
                start = i + 1
            }
            throw Failure(message: "'\(path)' is not valid UTF-8 (line \(line)); save it as UTF-8")
        }
        return s
    }

    /// Reads a whole file as bytes; a missing file, a directory or one larger than `limit` is a
    /// clear error. With `regularFileOnly`, anything but a regular file is refused before it is
    /// opened (opening a FIFO would wait for a writer).
    public static func readBytes(_ path: String, limit: Int = 256 << 20, regularFileOnly: Bool = false) throws(Failure) -> [UInt8] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw Failure(message: "cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { throw Failure(message: "'\(path)' is a directory, not a file") }
        if regularFileOnly, type != S_IFREG { throw Failure(message: "'\(path)' is not a regular file") }
        let tooLarge = Failure(message: "'\(path)' is larger than \(limit >> 20) MB")
        if Int(st.st_size) > limit { throw tooLarge }
        // Without waiting for a writer should a FIFO have taken the file's place since the
        // `stat`; what was opened is checked again below.
        let fd = open(path, O_RDONLY | (regularFileOnly ? O_NONBLOCK : 0))
        guard fd >= 0 else { throw Failure(message: "cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if regularFileOnly {
            var opened = stat()
            guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else { throw Failure(message: "'\(path)' is not a regular file") }
        }
        // Read straight into an array one byte larger than the file, so that the read that
        // meets the end needs no more room; it grows only for what has no size (a pipe) or a
        // file that grew meanwhile.
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size) + 1, 1 << 16))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
            if filled > limit { throw tooLarge }
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The canonical absolute path, or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// `dir` joined with `path`, unless `path` is absolute.
    public static func resolve(_ path: String, relativeTo dir: String) -> String {
        if path.hasPrefix("/") || dir.isEmpty { return path }
        return dir.hasSuffix("/") ? dir + path : dir + "/" + path
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Lists a directory's entries (names only), sorted.
    public static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { out.append(name) }
        }
        return out.sorted()
    }
}

/// Writes to standard output and error with write(2): no buffering surprises, and a closed
/// pipe (EPIPE) is reported to the caller instead of killing the process.
public enum StandardStream {
    /// Standard output kept back, when buffering is on (`bufferStandardOutput`).
    nonisolated(unsafe) private static var pending: [UInt8]?
    /// How much output is kept back before it is written.
    static let bufferSize = 1 << 16

    /// From now on, standard output is written in 64 KB pieces rather than once a result, like
    /// any stdio program's that is not writing to a terminal: a script of 100,000 lookups piped
    /// elsewhere makes a few hundred writes, not 100,000. What is kept back is written before
    /// anything goes to standard error (so the two keep their order in one file) and at exit.
    /// summit turns this on for scripts and `-c` whose output is not a terminal.
    public static func bufferStandardOutput() {
        guard pending == nil else { return }
        pending = []
        pending?.reserveCapacity(bufferSize)
        atexit { StandardStream.flush() }
    }

    /// Writes what standard output has kept back; false when that fails (EPIPE: the reader has gone).
    @discardableResult
    public static func flush() -> Bool {
        guard let bytes = pending, !bytes.isEmpty else { return true }
        pending?.removeAll(keepingCapacity: true)
        return bytes.withUnsafeBytes { writeAll($0, to: 1) }
    }

    /// Writes all of `text` to `fd`; returns false when the reader has gone (EPIPE) or on error.
    @discardableResult
    public static func write(_ text: String, to fd: Int32) -> Bool {
        var s = text
        return s.withUTF8 { write(bytes: UnsafeRawBufferPointer($0), to: fd) }
    }

    /// Writes all of `bytes` to `fd` (kept back, for standard output while buffering is on);
    /// false on an error.
    @discardableResult
    public static func write(bytes buf: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        if fd == 1, pending != nil {
            pending?.append(contentsOf: buf)
            return (pending?.count ?? 0) < bufferSize || flush()
        }
        if fd == 2, pending != nil { flush() }
        return writeAll(buf, to: fd)
    }

    /// write(2) until every byte is out, retrying short writes and EINTR; at most `piece` bytes
    /// a call.
    private static func writeAll(_ buf: UnsafeRawBufferPointer, to fd: Int32, piece: Int = .max) -> Bool {
        var off = 0
        while off < buf.count {
            let n = Glibc.write(fd, buf.baseAddress! + off, min(piece, buf.count - off))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            off += n
        }
        return true
    }

    public static func out(_ text: String) { write(text, to: 1) }
    public static func err(_ text: String) { write(text, to: 2) }

    /// Writes a whole file atomically enough for generated sources (truncate and write).
    public static func writeFile(_ path: String, _ text: String) -> Bool {
        var s = text
        return s.withUTF8 { writeFile(path, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Creates (or empties) `path` and writes `bytes` to it, at most `piece` bytes a write.
    ///
    /// A file that will be mapped and read in place (a pack cache entry) is written in small
    /// pieces: Linux keeps a file's cached pages in folios as large as the writes that made them
    /// (up to 2 MB), and maps a whole folio at the first touch. Written whole, reading one entity
    /// of a large image maps 2 MB; written 64 KB at a time, it maps at most 64 KB.
    public static func writeFile(_ path: String, bytes: UnsafeRawBufferPointer, piece: Int = .max) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeAll(bytes, to: fd, piece: piece)
    }

    /// The write size for files read in place (see `writeFile`).
    public static let mappedFilePiece = 64 << 10
}
