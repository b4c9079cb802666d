#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program on a pseudo-terminal, types at it and reads what it shows.
///
/// The child runs in a new session with the terminal as its controlling terminal, so
/// Ctrl-C typed with ``sendKey(_:)`` becomes SIGINT exactly as in a real terminal, and
/// `isatty` is true on its standard input, output and error.
///
/// ```swift
/// let pty = try PTYSession(executable: summitPath, arguments: [],
///                          environment: ["HOME": home, "TERM": "xterm", "LANG": "C.UTF-8"])
/// defer { pty.terminate() }
/// try pty.waitFor("summit> ")
/// pty.send("show summits\r")
/// let printed = try pty.waitFor("summit> ")   // what appeared since the previous match
/// pty.sendKey(.ctrlD)
/// #expect(try pty.waitForExit(timeout: 5) == 0)
/// ```
///
/// Every wait has a timeout and throws ``PTYError`` (with the output so far) instead of
/// hanging; ``terminate()`` (also run by `deinit`) kills the child's process group.
final class PTYSession {
    /// Keys with their terminal byte sequences (xterm, normal cursor mode).
    enum Key: String, CaseIterable {
        case enter = "\r"
        case tab = "\t"
        case backspace = "\u{7F}"
        case escape = "\u{1B}"
        case up = "\u{1B}[A"
        case down = "\u{1B}[B"
        case right = "\u{1B}[C"
        case left = "\u{1B}[D"
        case home = "\u{1B}[H"
        case end = "\u{1B}[F"
        case delete = "\u{1B}[3~"
        case ctrlA = "\u{01}"
        case ctrlC = "\u{03}"
        case ctrlD = "\u{04}"
        case ctrlE = "\u{05}"
        case ctrlK = "\u{0B}"
        case ctrlL = "\u{0C}"
        case ctrlR = "\u{12}"
        case ctrlU = "\u{15}"
        case ctrlW = "\u{17}"
        case ctrlZ = "\u{1A}"
        case ctrlBackslash = "\u{1C}"
    }

    /// The child's process id (also its process group and session id).
    let pid: pid_t
    let rows: Int
    let cols: Int

    private var master: Int32
    /// Kept open so output is never lost to a hang-up while the child runs.
    private var slave: Int32
    private var bytes: [UInt8] = []
    /// How far into ``plainOutput`` (as UTF-8) earlier ``waitFor(_:timeout:)`` calls matched.
    private var matchedUpTo = 0
    private var exitStatus: Int32?

    /// Starts `executable` (a path, or a name looked up in `PATH`) with exactly
    /// `environment` (plus `TERM=xterm` when it has no `TERM`) on a `rows` x `cols` terminal.
    init(executable: String, arguments: [String], environment: [String: String],
         rows: Int = 24, cols: Int = 100) throws {
        self.rows = rows
        self.cols = cols

        let pty = try PTYSession.openMaster()
        master = pty.master
        let slavePath = pty.slavePath
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let code = errno
            close(master)
            throw PTYError.system("open \(slavePath)", code)
        }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        var environment = environment
        if environment["TERM"] == nil { environment["TERM"] = "xterm" }
        do {
            pid = try PTYSession.spawn(executable, arguments, environment, terminal: slavePath)
        } catch {
            close(master)
            close(slave)
            throw error
        }
    }

    deinit {
        terminate()
    }

    // MARK: - Typing

    /// Types `text` (use "\r" for Enter).
    func send(_ text: String) {
        var pending = Array(text.utf8)[...]
        let deadline = PTYSession.now() + 5
        while !pending.isEmpty, master >= 0, PTYSession.now() < deadline {
            let written = pending.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                pending = pending.dropFirst(written)
            } else if written < 0 && errno != EAGAIN && errno != EINTR {
                return
            } else {
                // The child is not reading: keep its output flowing so it can get to it.
                pump(timeout: 0.01)
            }
        }
    }

    /// Types one key.
    func sendKey(_ key: Key) {
        send(key.rawValue)
    }

    /// Changes the terminal's size as resizing its window does: the kernel sends SIGWINCH to
    /// the foreground process group. The emulated ``screen`` keeps its first size; read
    /// ``plainOutput`` for what is written afterwards.
    func resize(rows: Int, cols: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    // MARK: - Reading

    /// Everything the child wrote, escape sequences included.
    var output: String {
        pump(timeout: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything the child wrote without escape sequences, "\r\n" as "\n".
    var plainOutput: String {
        pump(timeout: 0)
        return String(decoding: PTYSession.plainBytes(bytes), as: UTF8.self)
    }

    /// Waits until `text` appears in ``plainOutput`` after the previous match, and returns
    /// the plain output from the previous match through this one. Throws on timeout or
    /// when the child exits without printing it.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 5) throws -> String {
        let needle = Array(text.utf8)
        let deadline = PTYSession.now() + timeout
        while true {
            let plain = PTYSession.plainBytes(bytes)
            if let range = PTYSession.firstRange(of: needle, in: plain, from: matchedUpTo) {
                let result = String(decoding: plain[matchedUpTo..<range.upperBound], as: UTF8.self)
                matchedUpTo = range.upperBound
                return result
            }
            if exitStatus != nil || PTYSession.now() >= deadline {
                let unmatched = String(decoding: plain[min(matchedUpTo, plain.count)...], as: UTF8.self)
                throw PTYError.timeout(waitingFor: text, exited: exitStatus != nil, output: unmatched,
                                       screen: screenText)
            }
            pump(timeout: min(0.05, max(0, deadline - PTYSession.now())))
        }
    }

    /// Waits until `condition` holds (checked as output arrives), e.g. on ``screen``.
    func waitUntil(timeout: Double = 5, description: String = "a condition on the output",
                   _ condition: (PTYSession) -> Bool) throws {
        let deadline = PTYSession.now() + timeout
        while !condition(self) {
            if exitStatus != nil || PTYSession.now() >= deadline {
                throw PTYError.timeout(waitingFor: description, exited: exitStatus != nil,
                                       output: plainOutput, screen: screenText)
            }
            pump(timeout: min(0.05, max(0, deadline - PTYSession.now())))
        }
    }

    /// The visible screen, one string per row, trailing spaces removed.
    var screen: [String] {
        pump(timeout: 0)
        var model = Screen(rows: rows, cols: cols)
        model.feed(bytes)
        return model.lines
    }

    /// ``screen`` joined with newlines, without trailing empty rows.
    var screenText: String {
        var lines = screen
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    // MARK: - Ending

    /// Waits for the child to exit and returns its exit status, or 128 + signal when a
    /// signal killed it. Throws on timeout (the child is left running; call ``terminate()``).
    func waitForExit(timeout: Double) throws -> Int32 {
        let deadline = PTYSession.now() + timeout
        while exitStatus == nil {
            if PTYSession.now() >= deadline {
                throw PTYError.timeout(waitingFor: "exit", exited: false, output: plainOutput,
                                       screen: screenText)
            }
            pump(timeout: min(0.05, max(0, deadline - PTYSession.now())))
        }
        pump(timeout: 0)
        return exitStatus!
    }

    /// Whether the child is still running.
    var isRunning: Bool {
        pump(timeout: 0)
        return exitStatus == nil
    }

    /// Kills the child's process group (SIGTERM, then SIGKILL after half a second), reaps
    /// the child and closes the terminal. Safe to call more than once.
    func terminate() {
        if exitStatus == nil {
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
            let deadline = PTYSession.now() + 0.5
            while exitStatus == nil && PTYSession.now() < deadline { pump(timeout: 0.02) }
            if exitStatus == nil {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                let hardDeadline = PTYSession.now() + 5
                while exitStatus == nil && PTYSession.now() < hardDeadline { pump(timeout: 0.02) }
            }
        }
        if master >= 0 { close(master); master = -1 }
        if slave >= 0 { close(slave); slave = -1 }
    }

    // MARK: - Internals

    /// Reads what is available (waiting up to `timeout` seconds for the first bytes) and
    /// notes the child's exit.
    private func pump(timeout: Double) {
        if master >= 0 {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, Int32(timeout * 1000)) > 0 { drain() }
        }
        if exitStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                drain()
            }
        }
    }

    private func drain() {
        var chunk = [UInt8](repeating: 0, count: 8192)
        while master >= 0 {
            let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// posix_openpt, grantpt, unlockpt and ptsname_r. Swift's Glibc module leaves them
    /// out (they need _XOPEN_SOURCE), so they are looked up in the C library at run time.
    private static func openMaster() throws -> (master: Int32, slavePath: String) {
        typealias OpenPT = @convention(c) (Int32) -> Int32
        typealias GrantPT = @convention(c) (Int32) -> Int32
        typealias PTSName = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let handle = dlopen(nil, RTLD_NOW)
        func lookup<T>(_ name: String, as type: T.Type) throws -> T {
            guard let symbol = dlsym(handle, name) else { throw PTYError.system("dlsym \(name)", ENOSYS) }
            return unsafeBitCast(symbol, to: type)
        }
        let openpt = try lookup("posix_openpt", as: OpenPT.self)
        let grantpt = try lookup("grantpt", as: GrantPT.self)
        let unlockpt = try lookup("unlockpt", as: GrantPT.self)
        let ptsname = try lookup("ptsname_r", as: PTSName.self)

        let master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw PTYError.system("posix_openpt", errno) }
        var name = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0, ptsname(master, &name, name.count) == 0 else {
            let code = errno
            close(master)
            throw PTYError.system("grantpt/unlockpt/ptsname_r", code)
        }
        let length = name.firstIndex(of: 0) ?? name.count
        return (master, String(decoding: name[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    private static func spawn(_ executable: String, _ arguments: [String], _ environment: [String: String],
                              terminal: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid and without O_NOCTTY: it becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc), not imported into Swift
        posix_spawnattr_setflags(&attributes,
                                 Int16(setsid | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw PTYError.system("posix_spawn \(executable)", result) }
        return pid
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty else { return start..<start }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index..<index + needle.count
            }
            index += 1
        }
        return nil
    }

    // MARK: - Escape sequences

    /// `text` without ANSI escape sequences, with "\r\n" as "\n".
    static func stripANSI(_ text: String) -> String {
        String(decoding: plainBytes(Array(text.utf8)), as: UTF8.self)
    }

    /// The bytes without escape sequences (CSI, OSC, two-byte ESC), BEL and NUL, with
    /// "\r\n" as "\n". An unfinished sequence at the end is left out, so the result for a
    /// prefix of the output is always a prefix of the result for the whole.
    static func plainBytes(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            switch byte {
            case 0x1B:
                guard let end = escapeSequenceEnd(input, from: i) else { return output }
                i = end
            case 0x0D:
                if i + 1 < input.count && input[i + 1] == 0x0A {
                    output.append(0x0A)
                    i += 2
                } else if i + 1 == input.count {
                    return output  // maybe the first half of "\r\n"
                } else {
                    output.append(byte)
                    i += 1
                }
            case 0x00, 0x07:
                i += 1
            default:
                output.append(byte)
                i += 1
            }
        }
        return output
    }

    /// The index after the escape sequence starting at `start` (an ESC), or nil when the
    /// input ends inside it.
    fileprivate static func escapeSequenceEnd(_ input: [UInt8], from start: Int) -> Int? {
        var i = start + 1
        guard i < input.count else { return nil }
        switch input[i] {
        case UInt8(ascii: "["):
            i += 1
            while i < input.count {
                if (0x40...0x7E).contains(input[i]) { return i + 1 }
                i += 1
            }
            return nil
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"):
            i += 1
            while i < input.count {
                if input[i] == 0x07 { return i + 1 }
                if input[i] == 0x1B {
                    guard i + 1 < input.count else { return nil }
                    return i + 2
                }
                i += 1
            }
            return nil
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "#"):
            return i + 2 <= input.count ? i + 2 : nil
        default:
            return i + 1
        }
    }
}

// MARK: - Screen model

extension PTYSession {
    /// A small VT100/xterm screen: enough of cursor movement, erasing, scrolling and
    /// deferred wrapping to show what a line editor leaves on the terminal.
    struct Screen {
        let rows: Int
        let cols: Int
        /// Cells; a wide character's second cell is "".
        private(set) var cells: [[String]]
        private var row = 0
        private var col = 0
        private var wrapPending = false
        private var saved = (0, 0)
        private var utf8: [UInt8] = []

        init(rows: Int, cols: Int) {
            self.rows = max(1, rows)
            self.cols = max(1, cols)
            cells = Array(repeating: Array(repeating: " ", count: max(1, cols)), count: max(1, rows))
        }

        /// The rows as text, trailing spaces removed.
        var lines: [String] {
            cells.map { row in
                var line = row.joined()
                while line.hasSuffix(" ") { line.removeLast() }
                return line
            }
        }

        mutating func feed(_ input: [UInt8]) {
            var i = 0
            while i < input.count {
                let byte = input[i]
                if byte == 0x1B {
                    guard let end = PTYSession.escapeSequenceEnd(input, from: i) else { return }
                    escape(Array(input[i..<end]))
                    i = end
                    continue
                }
                i += 1
                switch byte {
                case 0x0A, 0x0B, 0x0C: lineFeed()
                case 0x0D: col = 0; wrapPending = false
                case 0x08: col = max(0, col - 1); wrapPending = false
                case 0x09: col = min(cols - 1, (col / 8 + 1) * 8); wrapPending = false
                case 0x00..<0x20, 0x7F: break
                default:
                    utf8.append(byte)
                    if let scalar = decodeScalar() { put(scalar) }
                }
            }
        }

        private mutating func decodeScalar() -> Unicode.Scalar? {
            let expected: Int
            switch utf8[0] {
            case 0x00..<0x80: expected = 1
            case 0xC0..<0xE0: expected = 2
            case 0xE0..<0xF0: expected = 3
            case 0xF0..<0xF8: expected = 4
            default: utf8 = []; return "\u{FFFD}"
            }
            guard utf8.count >= expected else { return nil }
            defer { utf8 = [] }
            var decoded: Unicode.Scalar = "\u{FFFD}"
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = utf8.makeIterator()
            if case .valid(let encoded) = parser.parseScalar(from: &iterator) {
                decoded = Unicode.UTF8.decode(encoded)
            }
            return decoded
        }

        private mutating func put(_ scalar: Unicode.Scalar) {
            let width = Screen.width(of: scalar)
            if width == 0 {
                let target = col > 0 ? col - 1 : 0
                cells[row][target] += String(scalar)
                return
            }
            if wrapPending || col + width > cols {
                col = 0
                lineFeed()
            }
            cells[row][col] = String(scalar)
            if width == 2 && col + 1 < cols { cells[row][col + 1] = "" }
            if col + width >= cols {
                col = cols - 1
                wrapPending = true
            } else {
                col += width
            }
        }

        private mutating func lineFeed() {
            wrapPending = false
            if row == rows - 1 {
                scrollUp(1)
            } else {
                row += 1
            }
        }

        private mutating func scrollUp(_ count: Int) {
            for _ in 0..<min(count, rows) {
                cells.removeFirst()
                cells.append(blankRow())
            }
        }

        private mutating func scrollDown(_ count: Int) {
            for _ in 0..<min(count, rows) {
                cells.removeLast()
                cells.insert(blankRow(), at: 0)
            }
        }

        private func blankRow() -> [String] {
            Array(repeating: " ", count: cols)
        }

        private mutating func escape(_ sequence: [UInt8]) {
            guard sequence.count >= 2 else { return }
            switch sequence[1] {
            case UInt8(ascii: "["): csi(sequence)
            case UInt8(ascii: "7"): saved = (row, col)
            case UInt8(ascii: "8"): (row, col) = saved; wrapPending = false
            case UInt8(ascii: "D"): lineFeed()
            case UInt8(ascii: "E"): col = 0; lineFeed()
            case UInt8(ascii: "M"):
                wrapPending = false
                if row == 0 { scrollDown(1) } else { row -= 1 }
            case UInt8(ascii: "c"):
                self = Screen(rows: rows, cols: cols)
            default: break
            }
        }

        private mutating func csi(_ sequence: [UInt8]) {
            let final = sequence[sequence.count - 1]
            let body = sequence[2..<(sequence.count - 1)]
            if body.first.map({ (0x3C...0x3F).contains($0) }) == true { return }  // private modes
            let parameters = body.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
                .map { Int(String(decoding: $0, as: UTF8.self)) ?? 0 }
            func parameter(_ index: Int, _ fallback: Int = 1) -> Int {
                index < parameters.count && parameters[index] != 0 ? parameters[index] : fallback
            }
            let n = parameter(0)
            wrapPending = false
            switch final {
            case UInt8(ascii: "A"): row = max(0, row - n)
            case UInt8(ascii: "B"), UInt8(ascii: "e"): row = min(rows - 1, row + n)
            case UInt8(ascii: "C"), UInt8(ascii: "a"): col = min(cols - 1, col + n)
            case UInt8(ascii: "D"): col = max(0, col - n)
            case UInt8(ascii: "E"): row = min(rows - 1, row + n); col = 0
            case UInt8(ascii: "F"): row = max(0, row - n); col = 0
            case UInt8(ascii: "G"), UInt8(ascii: "`"): col = min(cols - 1, n - 1)
            case UInt8(ascii: "d"): row = min(rows - 1, n - 1)
            case UInt8(ascii: "H"), UInt8(ascii: "f"):
                row = min(rows - 1, parameter(0) - 1)
                col = min(cols - 1, parameter(1) - 1)
            case UInt8(ascii: "J"):
                let mode = parameter(0, 0)
                if mode == 0 {
                    eraseInRow(from: col, to: cols)
                    for r in (row + 1)..<rows { cells[r] = blankRow() }
                } else if mode == 1 {
                    for r in 0..<row { cells[r] = blankRow() }
                    eraseInRow(from: 0, to: col + 1)
                } else {
                    cells = Array(repeating: blankRow(), count: rows)
                }
            case UInt8(ascii: "K"):
                switch parameter(0, 0) {
                case 0: eraseInRow(from: col, to: cols)
                case 1: eraseInRow(from: 0, to: col + 1)
                default: eraseInRow(from: 0, to: cols)
                }
            case UInt8(ascii: "X"): eraseInRow(from: col, to: min(cols, col + n))
            case UInt8(ascii: "P"):
                let count = min(n, cols - col)
                cells[row].removeSubrange(col..<(col + count))
                cells[row] += Array(repeating: " ", count: count)
            case UInt8(ascii: "@"):
                let count = min(n, cols - col)
                cells[row].insert(contentsOf: Array(repeating: " ", count: count), at: col)
                cells[row].removeLast(count)
            case UInt8(ascii: "L"):
                for _ in 0..<min(n, rows - row) {
                    cells.remove(at: rows - 1)
                    cells.insert(blankRow(), at: row)
                }
            case UInt8(ascii: "M"):
                for _ in 0..<min(n, rows - row) {
                    cells.remove(at: row)
                    cells.append(blankRow())
                }
            case UInt8(ascii: "S"): scrollUp(n)
            case UInt8(ascii: "T"): scrollDown(n)
            case UInt8(ascii: "s"): saved = (row, col)
            case UInt8(ascii: "u"): (row, col) = saved
            default: break  // colours (m), modes (h/l), reports: no effect on the text
            }
        }

        private mutating func eraseInRow(from start: Int, to end: Int) {
            guard start < end else { return }
            for c in max(0, start)..<min(cols, end) { cells[row][c] = " " }
        }

        /// Terminal columns for `scalar`: 0 for combining marks, 2 for East Asian wide.
        static func width(of scalar: Unicode.Scalar) -> Int {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return 0
            default: break
            }
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
                 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                return 2
            default:
                return 1
            }
        }
    }
}

// MARK: - Errors

/// A pseudo-terminal session failed.
enum PTYError: Error, CustomStringConvertible {
    /// A system call failed while setting up the terminal or the child.
    case system(String, Int32)
    /// The expected text (or exit) did not come in time, or the child exited first.
    case timeout(waitingFor: String, exited: Bool, output: String, screen: String)

    var description: String {
        switch self {
        case let .system(call, code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case let .timeout(expected, exited, output, screen):
            let why = exited ? "the program exited before printing" : "timed out waiting for"
            return "\(why) \(expected.debugDescription)\n--- output since the last match ---\n"
                + output.suffix(2000) + "\n--- screen ---\n" + screen
        }
    }
}
