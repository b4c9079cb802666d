/// What ``LineEditor/readLine(prompt:)`` read.
public enum ReadResult: Equatable, Sendable {
    /// A line the user entered, without its trailing newline.
    case line(String)
    /// The user pressed Ctrl-C: the half-typed line was discarded; prompt again.
    case interrupted
    /// The user pressed Ctrl-D on an empty line, or input ended: leave the REPL.
    case endOfInput
}
