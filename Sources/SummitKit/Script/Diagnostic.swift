/// An error as the user sees it: `FILE:LINE:COL: error: MESSAGE`, optionally followed by the
/// source line with a caret under the column, and notes (`note: in 'top', called at ...`).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// `error`, `warning`, or `assertion failed`.
    public var severity: String = "error"
    /// The text of the line the problem is on, for the caret display.
    public var sourceLine: String?
    /// How many columns to underline.
    public var length: Int = 1
    /// Further lines: where a `def` was called from.
    public var notes: [String] = []

    public init(file: String, line: Int, column: Int, message: String, severity: String = "error") {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    /// The first line: `FILE:LINE:COL: SEVERITY: MESSAGE`.
    public var description: String { "\(file):\(line):\(column): \(severity): \(message)" }

    /// Every line: the first, the source line and caret (when known), then the notes.
    public var rendered: String {
        var out = description + "\n"
        if let sourceLine { out += Caret.render(sourceLine, line: line, column: column, length: length) }
        for n in notes { out += "note: " + n + "\n" }
        return out
    }
}
