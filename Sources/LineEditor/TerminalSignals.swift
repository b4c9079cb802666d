import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal handling and terminal restoration shared by every ``LineEditor``; the behaviour
/// is described under "Signals" in ``LineEditor``.
enum TerminalSignals {
    /// Flags shared with the signal handlers. They live in raw memory rather than in
    /// static variables so that no Swift exclusivity check runs inside a handler.
    nonisolated(unsafe) static let flags: UnsafeMutablePointer<Int32> = {
        let flags = UnsafeMutablePointer<Int32>.allocate(capacity: 4)
        flags.initialize(repeating: 0, count: 4)
        return flags
    }()
    /// The terminal settings from before the first editor opened.
    private nonisolated(unsafe) static let savedTerminal: UnsafeMutablePointer<termios> = {
        let saved = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        saved.initialize(to: termios())
        return saved
    }()

    /// Set by the SIGINT handler, cleared when taken.
    static var interrupted: Int32 {
        get { flags[0] }
        set { flags[0] = newValue }
    }
    /// The SIGTERM/SIGHUP number received and not yet acted on, or 0.
    static var termination: Int32 {
        get { flags[1] }
        set { flags[1] = newValue }
    }
    /// 1 while `el_gets` runs.
    static var inReadLine: Int32 {
        get { flags[2] }
        set { flags[2] = newValue }
    }
    /// 1 once `savedTerminal` holds the terminal settings.
    private static var hasSavedTerminal: Int32 {
        get { flags[3] }
        set { flags[3] = newValue }
    }

    /// How many editors are open.
    nonisolated(unsafe) static var openEditors = 0
    /// The handlers in place before the first editor opened.
    nonisolated(unsafe) static var previousActions: [(Int32, sigaction)] = []

    static let terminationSignals: [Int32] = [SIGTERM, SIGHUP]

    // MARK: - Handlers (async-signal-safe: they only touch the flags above)

    private static let interruptHandler: @convention(c) (Int32) -> Void = { _ in
        if TerminalSignals.inReadLine == 0 && TerminalSignals.interrupted != 0 {
            TerminalSignals.exitFromHandler(status: 128 + SIGINT)
        }
        TerminalSignals.interrupted = 1
    }

    private static let terminationHandler: @convention(c) (Int32) -> Void = { signal in
        if TerminalSignals.inReadLine == 0 && TerminalSignals.termination != 0 {
            TerminalSignals.exitFromHandler(status: 128 + signal)
        }
        TerminalSignals.termination = signal
    }

    // MARK: - Lifetime

    /// Called when an editor opens: remembers the terminal and installs the handlers.
    static func editorOpened() {
        openEditors += 1
        guard openEditors == 1 else { return }
        if hasSavedTerminal == 0, isatty(STDIN_FILENO) != 0,
           tcgetattr(STDIN_FILENO, savedTerminal) == 0 {
            hasSavedTerminal = 1
        }
        // Initialise the shared storage before a handler can run.
        _ = savedTerminal
        interrupted = 0
        termination = 0
        inReadLine = 0
        var actions: [(Int32, sigaction)] = []
        var old = sigaction()
        if summit_sigaction_set(SIGINT, interruptHandler, 0, &old) == 0 {
            actions.append((SIGINT, old))
        }
        for signal in terminationSignals {
            if summit_sigaction_set(signal, terminationHandler, 0, &old) == 0 {
                actions.append((signal, old))
            }
        }
        previousActions = actions
    }

    /// Called when an editor closes: the last one puts the previous handlers back.
    static func editorClosed() {
        openEditors -= 1
        guard openEditors == 0 else { return }
        for (signal, action) in previousActions {
            var action = action
            _ = summit_sigaction_restore(signal, &action)
        }
        previousActions = []
        restoreTerminal()
    }

    /// Restores the terminal and leaves at once, from inside a signal handler.
    private static func exitFromHandler(status: Int32) -> Never {
        restoreTerminal()
        var newline: UInt8 = 0x0A
        _ = write(STDOUT_FILENO, &newline, 1)
        _exit(status)
    }

    /// Puts the terminal settings from before the first editor back. Async-signal-safe.
    static func restoreTerminal() {
        guard hasSavedTerminal != 0 else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, savedTerminal)
    }
}
