/// How results are printed.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case table, json, csv, markdown

    public init?(name: String) {
        switch name.lowercased() {
        case "table", "text": self = .table
        case "json": self = .json
        case "csv": self = .csv
        case "markdown", "md": self = .markdown
        default: return nil
        }
    }
}

/// Renders a command result in the session's format: the one place output is shaped.
public enum Renderer {
    public static func render(_ result: CommandResult, settings: Settings) -> String {
        switch settings.format {
        case .table: return TableRenderer(width: settings.width, color: settings.color).render(result)
        case .json: return JSONRenderer.render(result)
        case .csv: return CSVRenderer.render(result)
        case .markdown: return MarkdownRenderer.render(result)
        }
    }

    /// The same rendering as UTF-8 bytes, for the formats and shapes built as bytes (CSV and
    /// JSON tables and records); nil for the rest.
    public static func utf8(_ result: CommandResult, settings: Settings) -> [UInt8]? {
        switch settings.format {
        case .csv: return CSVRenderer.utf8(result)
        case .json: return JSONRenderer.utf8(result)
        case .table, .markdown: return nil
        }
    }
}

/// ANSI styling, applied only when colour is on.
public struct Style: Sendable {
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }
    public func bold(_ s: String) -> String { enabled ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    public func dim(_ s: String) -> String { enabled ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    public func yellow(_ s: String) -> String { enabled ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    public func red(_ s: String) -> String { enabled ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    public func cyan(_ s: String) -> String { enabled ? "\u{1B}[36m\(s)\u{1B}[0m" : s }
}
