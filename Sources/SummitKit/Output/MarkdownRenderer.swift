/// Markdown output: pipe tables, with `|` escaped in cells.
public enum MarkdownRenderer {
    public static func render(_ result: CommandResult) -> String {
        switch result {
        case .records(let rows, let cols), .chart(_, let rows, let cols):
            guard !cols.isEmpty else { return "" }
            var lines = ["| " + cols.map(escape).joined(separator: " | ") + " |"]
            lines.append("|" + cols.map { _ in " --- " }.joined(separator: "|") + "|")
            for r in rows { lines.append("| " + cols.map { escape(r.value(at: $0).display) }.joined(separator: " | ") + " |") }
            return lines.joined(separator: "\n")
        case .lazyRecords: return render(result.materialized)
        case .detail(let r, let title), .entity(let r, let title, _):
            var lines = ["### " + escape(title), "", "| field | value |", "| --- | --- |"]
            for f in r.fields { lines.append("| \(escape(f.key)) | \(escape(f.value.display)) |") }
            return lines.joined(separator: "\n")
        case .value(let v): return v.display
        case .text(let t): return t
        case .none: return ""
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences("|", with: "\\|").replacingOccurrences("\n", with: "<br>")
    }
}
