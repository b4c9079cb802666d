/// An error as the user sees it: `FILE:LINE:COL: error: MESSAGE`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: String = "error"

    public init(file: String, line: Int, column: Int, message: String, severity: String = "error") {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(file):\(line):\(column): \(severity): \(message)" }
}
