#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File facts plugins need: whether a program can run, and who may change a directory.
extension FileIO {
    /// True for a regular file this process may execute.
    public static func isExecutable(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Why other users could change `path`, or nil: world-writable, or group-writable and owned
    /// by another user than us or root (the rule ssh applies to its files).
    public static func unsafeWritability(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let mode = st.st_mode
        if mode & 0o002 != 0 {
            return "it is writable by every user (mode \(String(mode & 0o7777, radix: 8)))"
        }
        if mode & 0o020 != 0 && st.st_uid != getuid() && st.st_uid != 0 {
            return "it belongs to another user (uid \(st.st_uid)) and its group may write to it (mode \(String(mode & 0o7777, radix: 8)))"
        }
        return nil
    }

    /// Size, modification time (nanoseconds) and whether it is a directory, or nil when it does
    /// not exist: enough to tell that a file changed.
    public static func stamp(_ path: String) -> (size: Int, modified: Int, isDirectory: Bool)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (Int(st.st_size), Int(st.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(st.st_mtim.tv_nsec), (st.st_mode & S_IFMT) == S_IFDIR)
    }

    /// Whether `path` lies below `directory`, both real paths (links already followed, as
    /// `realPath` gives them): what keeps a plugin's files inside the plugin.
    public static func isWithin(_ path: String, directory: String) -> Bool {
        path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// The directory of the running executable (`/proc/self/exe`), for finding helpers next to it.
    public static func executableDirectory() -> String? {
        realPath("/proc/self/exe").map(directory(of:))
    }

    /// An absolute path inside the working directory as a relative one (`examples/plugins/x`),
    /// for messages; other paths as given.
    public static func displayPath(_ path: String) -> String {
        guard path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let dir = String(cString: cwd)
        guard dir != "/", path.hasPrefix(dir + "/") else { return path }
        return String(path.dropFirst(dir.count + 1))
    }

    /// `~/x` with the home directory, else the path as given.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let h = getenv("HOME") else { return path }
        return String(cString: h) + path.dropFirst()
    }
}
