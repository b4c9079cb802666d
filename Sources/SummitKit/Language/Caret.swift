/// The source line under a diagnostic, with a caret under the column:
///
///         4 | show  paris-2052
///           |       ^~~~~~~~~~
public enum Caret {
    /// Line `n` (from 1) of `text`, without its line end; nil past the end.
    public static func line(_ n: Int, of text: String) -> String? {
        guard n >= 1 else { return nil }
        var current = 1
        var start = text.utf8.startIndex
        if n > 1 {
            var found = false
            for i in text.utf8.indices where text.utf8[i] == 10 {
                current += 1
                if current == n {
                    start = text.utf8.index(after: i)
                    found = true
                    break
                }
            }
            guard found else { return nil }
        }
        let rest = text.utf8[start...]
        let end = rest.firstIndex(of: 10) ?? text.utf8.endIndex
        var s = String(Substring(text.utf8[start..<end]))
        if s.hasSuffix("\r") { s.removeLast() }
        if n == 1, s.unicodeScalars.first == "\u{FEFF}" { s.unicodeScalars.removeFirst() }
        return s
    }

    /// The two display lines (each ending in a newline). Tabs show as one space, so columns line up;
    /// a very long line is cut to a window around the column.
    public static func render(_ source: String, line: Int, column: Int, length: Int = 1) -> String {
        var scalars = Array(source.unicodeScalars.map { $0 == "\t" ? " " : $0 })
        var col = max(1, column)
        var prefix = ""
        let window = 100
        if scalars.count > window + 20 {
            let start = max(0, min(col - 1 - 40, scalars.count - window))
            let end = min(scalars.count, start + window)
            if start > 0 { prefix = "…" }
            let suffix: [Unicode.Scalar] = end < scalars.count ? ["…"] : []
            scalars = Array(scalars[start..<end]) + suffix
            col = col - start
        }
        var text = prefix
        text.unicodeScalars.append(contentsOf: scalars)
        let before = String(String.UnicodeScalarView(scalars.prefix(max(0, min(col - 1, scalars.count)))))
        let pad = String(repeating: " ", count: DisplayWidth.of(before) + (prefix.isEmpty ? 0 : 1))
        let marks = "^" + String(repeating: "~", count: max(0, min(length, 80) - 1))
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        return " \(number) | \(text)\n \(gutter) | \(pad)\(marks)\n"
    }
}
