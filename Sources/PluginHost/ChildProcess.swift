import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// A program started with pipes on its stdin, stdout and stderr, in its own process group
/// (libedit re-sends the signals it catches to summit's group; a plugin must not get them).
///
/// Every wait has a deadline; every failure ends with the process killed and reaped, so no
/// zombie is left behind. Not thread-safe: one owner drives it.
public final class ChildProcess {
    /// Why talking to the process stopped.
    public enum Failure: Error, Sendable, Equatable {
        /// The program could not be started (errno text).
        case spawn(String)
        /// Nothing (or not enough) came before the deadline.
        case timedOut
        /// The process closed its output or exited: how it ended.
        case exited(String)
        /// A line longer than the limit.
        case lineTooLong(Int)
        /// A read or write failed (errno text).
        case io(String)
        /// `shouldStop` said to give up (Ctrl-C at the prompt).
        case interrupted
    }

    public let pid: pid_t
    private var stdinFD: Int32
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var pending: [UInt8] = []
    private var stderrTail: [UInt8] = []
    private var reaped = false
    private var exitDescription: String?

    /// How much of stderr is kept for messages.
    static let stderrKeep = 4096

    private init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.pid = pid
        self.stdinFD = stdin
        self.stdoutFD = stdout
        self.stderrFD = stderr
    }

    deinit { kill() }

    /// Starts `executable` with `arguments` in `directory`, with the environment plus `extraEnvironment`.
    public static func spawn(_ executable: String, arguments: [String] = [], directory: String? = nil, extraEnvironment: [String: String] = [:]) throws(Failure) -> ChildProcess {
        // A plugin that exits while we write must not kill summit with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errFromChild: [Int32] = [-1, -1]
        func closeAll() { for fd in toChild + fromChild + errFromChild where fd >= 0 { close(fd) } }
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errFromChild) == 0 else {
            let e = String(cString: strerror(errno))
            closeAll()
            throw .spawn("cannot make pipes: \(e)")
        }
        for fd in toChild + fromChild + errFromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Our ends never block: every wait goes through poll() with a deadline.
        for fd in [toChild[1], fromChild[0], errFromChild[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errFromChild[1], 2)
        if let directory, let addChdir = Self.addChdir { _ = addChdir(&actions, directory) }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attr, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)

        var env: [String] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            let key = s.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s
            if extraEnvironment[key] == nil { env.append(s) }
            p += 1
        }
        for (k, v) in extraEnvironment.sorted(by: { $0.key < $1.key }) { env.append("\(k)=\(v)") }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            for a in argv { free(a) }
            for e in envp { free(e) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        close(errFromChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0]); close(errFromChild[0])
            throw .spawn(String(cString: strerror(rc)))
        }
        return ChildProcess(pid: pid, stdin: toChild[1], stdout: fromChild[0], stderr: errFromChild[0])
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), looked up at run time: Swift's
    /// Glibc module does not import it.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private static let addChdir: AddChdir? = {
        guard let sym = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(sym, to: AddChdir.self)
    }()

    // MARK: - Talking

    /// Writes `bytes` to the process, then reads one line (without its newline) from its
    /// stdout, all before `deadline`. A line longer than `lineLimit` bytes is an error. Its
    /// stderr is drained meanwhile (the tail is kept for messages).
    public func exchange(_ bytes: [UInt8], deadline: Deadline, lineLimit: Int, shouldStop: (() -> Bool)? = nil) throws(Failure) -> [UInt8] {
        var toSend = bytes[...]
        // Bytes of `pending` already known to hold no newline: each read is searched once, so
        // a long line costs linear time, not quadratic.
        var searched = 0
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let shouldStop, shouldStop() { throw .interrupted }
            if let nl = pending[searched...].firstIndex(of: 10) {
                let line = Array(pending[..<nl])
                pending.removeSubrange(...nl)
                return line
            }
            searched = pending.count
            if pending.count > lineLimit { throw .lineTooLong(lineLimit) }
            let remaining = deadline.millisecondsLeft
            if remaining <= 0 { throw .timedOut }
            var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
            if !toSend.isEmpty && stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1000)))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            if n == 0 { continue }
            if fds.count == 3, fds[2].revents != 0 {
                if fds[2].revents & Int16(POLLOUT) != 0 {
                    let w = toSend.withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
                    if w > 0 {
                        toSend = toSend.dropFirst(w)
                    } else if w < 0 && errno != EAGAIN && errno != EINTR {
                        // EPIPE: it stopped reading. What it wrote before may still explain why.
                        toSend = []
                        if errno != EPIPE { throw .io(String(cString: strerror(errno))) }
                    }
                } else {
                    toSend = []  // POLLERR/POLLHUP: the reader is gone
                }
            }
            if fds[1].revents != 0 { drainStderr() }
            if fds[0].revents != 0, try !readStdout(into: &pending, buffer: &buf) {
                throw .exited(waitForExit(grace: 0.5))
            }
        }
    }

    /// Reads everything the process writes on stdout until it closes it, before `deadline`
    /// (at most `limit` bytes); stderr is drained meanwhile. For one-shot helpers whose reply
    /// is binary (`summit-pack compile`). The caller checks how it ended (`waitForExit`).
    public func readToEnd(deadline: Deadline, limit: Int, shouldStop: (() -> Bool)? = nil) throws(Failure) -> [UInt8] {
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        var out = pending
        pending = []
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        // Polled until it closes (a closed pipe would wake every poll at once).
        var errFD = stderrFD
        while true {
            if let shouldStop, shouldStop() { throw .interrupted }
            if out.count > limit { throw .lineTooLong(limit) }
            let remaining = deadline.millisecondsLeft
            if remaining <= 0 { throw .timedOut }
            var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, Int32(min(remaining, 1000)))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            if n == 0 { continue }
            if fds[1].revents != 0 {
                drainStderr()
                if fds[1].revents & Int16(POLLIN) == 0 { errFD = -1 }
            }
            if fds[0].revents != 0, try !readStdout(into: &out, buffer: &buf) { return out }
        }
    }

    /// Appends what stdout has now to `out`; false when it has ended (stderr is drained then).
    private func readStdout(into out: inout [UInt8], buffer buf: inout [UInt8]) throws(Failure) -> Bool {
        let r = buf.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
        if r > 0 {
            out.append(contentsOf: buf[0..<r])
        } else if r == 0 {
            drainStderr()
            return false
        } else if errno != EAGAIN && errno != EINTR {
            throw .io(String(cString: strerror(errno)))
        }
        return true
    }

    /// Bytes read after the last line returned (a protocol breach when not whitespace).
    public var leftover: [UInt8] { pending }

    /// The last few KB the process wrote to stderr, trimmed.
    public var stderrText: String {
        drainStderr()
        var s = String(decoding: stderrTail, as: UTF8.self)
        while let l = s.last, l == "\n" || l == " " || l == "\r" { s.removeLast() }
        return s
    }

    private func drainStderr() {
        guard stderrFD >= 0 else { return }
        var buf = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let r = buf.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress, $0.count) }
            if r > 0 {
                stderrTail.append(contentsOf: buf[0..<r])
                if stderrTail.count > Self.stderrKeep { stderrTail.removeFirst(stderrTail.count - Self.stderrKeep) }
                continue
            }
            if r < 0 && errno == EINTR { continue }
            return
        }
    }

    // MARK: - Ending

    /// Waits up to `grace` seconds for the process to exit by itself, then kills its group;
    /// reaps it either way. Returns how it ended ("exit status 1", "killed by signal 9").
    @discardableResult
    public func waitForExit(grace: Double) -> String {
        if let d = exitDescription { return d }
        let deadline = Deadline(seconds: grace)
        var status: Int32 = 0
        var pause: UInt32 = 100
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { exitDescription = "ended"; reaped = true; closePipes(); return "ended" }
            if deadline.millisecondsLeft <= 0 {
                Glibc.kill(-pid, SIGKILL)
                Glibc.kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
        reaped = true
        closePipes()
        let d = Self.describe(status)
        exitDescription = d
        return d
    }

    /// Closes its stdin (a polite end: a plugin exits at end of input), waits briefly, then
    /// kills the group if needed and reaps it.
    public func finish(grace: Double = 0.2) {
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        waitForExit(grace: grace)
    }

    /// Kills the whole process group at once and reaps the process.
    public func kill() {
        guard !reaped else { closePipes(); return }
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        exitDescription = exitDescription ?? Self.describe(status)
        closePipes()
    }

    public var hasExited: Bool { reaped }

    private func closePipes() {
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        stdinFD = -1
        stdoutFD = -1
        stderrFD = -1
    }

    static func describe(_ status: Int32) -> String {
        let sig = status & 0x7F
        if sig == 0 { return "exit status \((status >> 8) & 0xFF)" }
        if sig != 0x7F {
            let name: String
            switch sig {
            case SIGKILL: name = "SIGKILL"
            case SIGSEGV: name = "SIGSEGV"
            case SIGABRT: name = "SIGABRT"
            case SIGTERM: name = "SIGTERM"
            case SIGBUS: name = "SIGBUS"
            case SIGPIPE: name = "SIGPIPE"
            default: name = "signal \(sig)"
            }
            return "killed by \(name)"
        }
        return "stopped"
    }
}

/// A point in time on the monotonic clock.
public struct Deadline: Sendable {
    let nanoseconds: UInt64

    public init(seconds: Double) {
        nanoseconds = Deadline.now() &+ UInt64(max(0, seconds) * 1e9)
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    public var millisecondsLeft: Int {
        let n = Deadline.now()
        return n >= nanoseconds ? 0 : Int((nanoseconds - n) / 1_000_000) + 1
    }
}
