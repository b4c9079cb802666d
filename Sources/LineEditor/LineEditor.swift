import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interactive line editor over libedit: emacs key bindings, history (Up/Down, Ctrl-R),
/// Tab completion, Ctrl-C and Ctrl-D, and a history file shared safely between sessions.
///
/// Use it only when standard input is a terminal (``standardInputIsTerminal``); for piped
/// input read lines directly, with no prompt. Use it from one thread (the main thread).
///
/// ```swift
/// let editor = LineEditor(programName: "summit",
///                         history: HistoryFile.defaultPath().map { HistoryFile(path: $0) })
/// editor.completer = { line in ... }
/// loop: while true {
///     switch editor.readLine(prompt: "summit> ") {
///     case .line(let line):
///         editor.addHistory(line)
///         run(line)
///     case .interrupted:                 // Ctrl-C: the line was discarded
///         if editor.discardedLine.isEmpty { print("Press Ctrl-D or type quit to leave.") }
///     case .endOfInput:                  // Ctrl-D
///         break loop
///     }
/// }
/// editor.close()                         // saves the history; call it before any exit()
/// ```
///
/// ## Signals
///
/// While an editor is open it installs handlers (and ``close()`` puts the previous back):
/// - **SIGINT** only sets a flag (installed without `SA_RESTART`): Ctrl-C at the prompt
///   makes ``readLine(prompt:)`` return ``ReadResult/interrupted``. Ctrl-C while a command
///   runs stays pending; a long command may poll ``takeInterrupt()``. A second Ctrl-C
///   before the first is taken restores the terminal and exits with status 130, so a
///   stuck command can always be left (this session's history is then not saved).
/// - **SIGTERM** and **SIGHUP** at the prompt save the history, restore the terminal and
///   exit with status 128 + signal. While a command runs, that exit happens at the next
///   ``readLine(prompt:)`` (see ``pendingTerminationSignal``); a second signal exits at
///   once, restoring the terminal but without saving this session's history.
///
/// Do not replace these handlers while an editor is open. libedit (`EL_SIGNAL`) re-sends
/// each signal it catches at the prompt to the whole process group, so start helper
/// processes in their own process group.
public final class LineEditor {
    /// Tab completion: given the line up to the cursor, the candidates for the word under
    /// the cursor and where it starts (a UTF-8 byte offset; see ``Completion``).
    /// When `nil`, Tab beeps.
    public var completer: ((_ lineBeforeCursor: String) -> Completion)?

    /// The name libedit reports itself as (and the prefix of warnings).
    public let programName: String
    /// Where history is saved, or `nil` for an in-memory history only.
    public let historyFile: HistoryFile?
    /// What was on the line when the last ``ReadResult/interrupted`` discarded it; empty
    /// when Ctrl-C was pressed on an empty line (the moment to hint how to leave).
    public private(set) var discardedLine = ""

    private var editLine: OpaquePointer?
    private var history: OpaquePointer?
    /// The prompt as libedit shows it (colour sequences wrapped in `\u{1}`), owned here.
    private var promptCString: UnsafeMutablePointer<CChar>?
    private var promptSource: String?
    /// Lines added in this session and not saved yet, oldest first.
    private var unsavedLines: [String] = []
    private var lastEntry: String?
    private var historyErrorWasThrown = false

    /// Opens an editor on the process's standard input and output and loads `history`.
    public init(programName: String, history historyFile: HistoryFile?) {
        self.programName = programName
        self.historyFile = historyFile
        LineEditor.configureLocale()

        history = history_init()
        if let history {
            _ = summit_history_setsize(history, Int32(clamping: historyFile?.limit ?? 2000))
            _ = summit_history_setunique(history, 1)
            for entry in historyFile?.load() ?? [] {
                _ = summit_history_enter(history, entry)
                lastEntry = entry
            }
        }

        setPrompt("")
        TerminalSignals.editorOpened()
        editLine = summit_el_init(programName)
        if let editLine {
            configure(editLine)
        }
    }

    deinit {
        close()
    }

    private func configure(_ el: OpaquePointer) {
        _ = summit_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = summit_el_set_prompt(el, LineEditor.promptFunction, LineEditor.promptLiteral)
        _ = summit_el_set_editor(el, "emacs")
        if let history { _ = summit_el_set_history(el, history) }
        _ = summit_el_set_signal(el, 1)
        // Keys are read through a wait that cannot miss a Ctrl-C pressed just as the prompt
        // appears (shim.h, summit_read_char).
        _ = summit_el_use_signal_safe_reader(el, TerminalSignals.flags)
        _ = summit_el_addfn(el, "summit-complete", "Complete the word under the cursor",
                            LineEditor.completeFunction)
        let bindings: [(String, String)] = [
            ("^I", "summit-complete"),
            ("^R", "em-inc-search-prev"),
            ("^W", "ed-delete-prev-word"),
            ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
            ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
            ("\\e[3~", "ed-delete-next-char"),
            ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"),
            ("\\e[1;3C", "em-next-word"), ("\\e[1;3D", "ed-prev-word"),
        ]
        for (key, command) in bindings {
            _ = summit_el_bind(el, key, command)
        }
    }

    // MARK: - Reading

    /// Shows `prompt` (ANSI colour sequences allowed) and reads one line.
    ///
    /// The trailing newline is removed. After ``ReadResult/interrupted`` the cursor is
    /// already on a fresh line.
    public func readLine(prompt: String) -> ReadResult {
        guard let editLine else { return .endOfInput }
        if TerminalSignals.termination != 0 { exitAfterTerminationSignal() }
        setPrompt(prompt)

        TerminalSignals.interrupted = 0
        var count: Int32 = 0
        TerminalSignals.inReadLine = 1
        // Editing mode before the prompt shows: el_gets prints the prompt first and sets the
        // mode only when it reads, and a key typed in between is read by the terminal's line
        // discipline — a Ctrl-D there becomes a NUL byte and is lost, leaving the REPL waiting.
        if isatty(STDIN_FILENO) != 0 { _ = summit_el_set_prep_term(editLine, 1) }
        let text = el_gets(editLine, &count)
        TerminalSignals.inReadLine = 0

        if TerminalSignals.termination != 0 { exitAfterTerminationSignal() }
        guard let text else {
            if TerminalSignals.interrupted != 0 {
                TerminalSignals.interrupted = 0
                discardedLine = ""
                if let info = el_line(editLine) {
                    let count = info.pointee.lastchar - info.pointee.buffer
                    let bytes = UnsafeRawBufferPointer(start: info.pointee.buffer, count: max(0, count))
                    discardedLine = String(decoding: bytes, as: UTF8.self)
                }
                el_reset(editLine)
                writeOutput("\n")
                return .interrupted
            }
            // Ctrl-D: move off the prompt line so the next output starts on a fresh line.
            if isatty(STDIN_FILENO) != 0 { writeOutput("\n") }
            return .endOfInput
        }
        var length = strlen(text)
        while length > 0 && (text[length - 1] == 0x0A || text[length - 1] == 0x0D) {
            length -= 1
        }
        let bytes = UnsafeRawBufferPointer(start: text, count: length)
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    /// Makes `prompt` the text libedit's prompt callback returns.
    private func setPrompt(_ prompt: String) {
        guard prompt != promptSource else { return }
        free(promptCString)
        promptCString = strdup(LineEditor.libeditPrompt(prompt))
        promptSource = prompt
    }

    /// The prompt for libedit's callback (never NULL while the editor is open).
    var currentPromptCString: UnsafeMutablePointer<CChar>? {
        promptCString
    }

    // MARK: - History

    /// Adds `line` to the history (Up, Ctrl-R) and to the lines saved at ``close()``.
    /// Blank lines and a repeat of the previous entry are not added.
    public func addHistory(_ line: String) {
        guard HistoryFileFormat.isStorable(line), line != lastEntry else { return }
        lastEntry = line
        if let history { _ = summit_history_enter(history, line) }
        unsavedLines.append(line)
    }

    /// Appends the lines added since the last save to the history file now.
    /// ``close()`` does this too; call it yourself to learn about a failure.
    public func saveHistory() throws(HistoryFileError) {
        do {
            try appendUnsavedLines()
        } catch {
            historyErrorWasThrown = true
            throw error
        }
    }

    private func appendUnsavedLines() throws(HistoryFileError) {
        guard let historyFile, !unsavedLines.isEmpty else { return }
        try historyFile.append(newLines: unsavedLines)
        unsavedLines = []
    }

    // MARK: - Closing

    /// Saves the history, ends libedit and restores the terminal. Safe to call twice;
    /// the editor reads nothing afterwards. A failure to save is printed to standard
    /// error as a warning unless ``saveHistory()`` already threw.
    public func close() {
        guard let editLine else { return }
        do {
            try appendUnsavedLines()
        } catch {
            if !historyErrorWasThrown {
                _ = fputs("\(programName): warning: \(error)\n", summit_stderr())
            }
        }
        el_end(editLine)
        self.editLine = nil
        if let history { history_end(history) }
        history = nil
        free(promptCString)
        promptCString = nil
        TerminalSignals.editorClosed()
    }

    /// Whether standard input is a terminal, that is whether a line editor makes sense.
    public static var standardInputIsTerminal: Bool {
        isatty(STDIN_FILENO) != 0
    }

    /// Restores the terminal settings saved when the first editor opened.
    /// Async-signal-safe: an app's own signal handler may call it before exiting.
    public static func restoreTerminal() {
        TerminalSignals.restoreTerminal()
    }

    /// Whether Ctrl-C was pressed since the last prompt (while a command ran), clearing it.
    /// A long-running command may poll this to stop early.
    public static func takeInterrupt() -> Bool {
        defer { TerminalSignals.interrupted = 0 }
        return TerminalSignals.interrupted != 0
    }

    /// The SIGTERM or SIGHUP received while a command ran, or 0. The next
    /// ``readLine(prompt:)`` saves the history and exits; a long command may stop early.
    public static var pendingTerminationSignal: Int32 {
        TerminalSignals.termination
    }

    /// Saves the history, restores the terminal and exits with status 128 + signal.
    private func exitAfterTerminationSignal() -> Never {
        let signal = TerminalSignals.termination
        writeOutput("\n")
        close()
        exit(128 + signal)
    }

    // MARK: - Output

    /// Writes `text` to standard output through libedit's stream, and flushes it.
    func writeOutput(_ text: String) {
        let out = summit_stdout()
        _ = fputs(text, out)
        _ = fflush(out)
    }

    // MARK: - Locale

    /// `setlocale(LC_CTYPE, "")`; when that leaves the plain C locale (no LANG or LC_*),
    /// UTF-8 is assumed so that non-ASCII input still works.
    private static func configureLocale() {
        guard let name = setlocale(LC_CTYPE, "") else {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
            return
        }
        let current = String(cString: name)
        if current == "C" || current == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
