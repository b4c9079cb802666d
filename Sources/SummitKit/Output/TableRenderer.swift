/// Aligned text tables that fit the terminal width; long cells wrap onto more lines, never cut silently.
public struct TableRenderer: Sendable {
    public var width: Int
    public var style: Style

    public init(width: Int, color: Bool) {
        self.width = max(20, width)
        self.style = Style(enabled: color)
    }

    public func render(_ result: CommandResult) -> String {
        switch result {
        case .records(let rows, let cols):
            if rows.isEmpty { return style.dim("(no results)") }
            return table(header: cols, rows: rows.map { r in cols.map { r.value(at: $0).display } })
        case .chart(let chart, _, _): return chart
        case .lazyRecords: return render(result.materialized)
        case .detail(let r, let title), .entity(let r, let title, _):
            let body = table(header: nil, rows: r.fields.map { [$0.key, $0.value.display] }, boldFirstColumn: true)
            return style.bold(title) + "\n" + body
        case .value(let v): return v.display
        case .text(let t): return t
        case .none: return ""
        }
    }

    /// Lays out rows under an optional header, wrapping cells to fit `width`.
    public func table(header: [String]?, rows: [[String]], boldFirstColumn: Bool = false) -> String {
        let ncol = header?.count ?? rows.first?.count ?? 0
        guard ncol > 0 else { return "" }
        let gap = 2
        var natural = [Int](repeating: 1, count: ncol)
        // Keep whole words (ids, names) unbroken where possible: a column shrinks to its longest word first.
        var longestWord = [Int](repeating: 1, count: ncol)
        for c in 0..<ncol {
            if let h = header {
                natural[c] = max(natural[c], DisplayWidth.of(h[c]))
                longestWord[c] = max(longestWord[c], DisplayWidth.of(h[c]))
            }
            for r in rows where c < r.count {
                let (line, word) = Self.measure(r[c])
                natural[c] = max(natural[c], line)
                longestWord[c] = max(longestWord[c], word)
            }
        }
        // Too many columns to show readably side by side: one block per record instead
        // (like psql's expanded display), so nothing is squeezed into slivers.
        if let header, ncol > 2, natural.map({ min($0, 12) }).reduce(0, +) + gap * (ncol - 1) > width {
            return expanded(header: header, rows: rows)
        }
        let widths = fit(natural, floors: longestWord, available: width - gap * (ncol - 1))
        var out: [String] = []
        if let h = header {
            out.append(contentsOf: renderRow(h, widths: widths, gap: gap, styleCell: { _, s in style.bold(s) }))
            out.append(TextForm.join(widths.map { String(repeating: "─", count: $0) }, String(repeating: " ", count: gap)))
        }
        for r in rows {
            out.append(contentsOf: renderRow(r, widths: widths, gap: gap, styleCell: { c, s in boldFirstColumn && c == 0 ? style.bold(s) : s }))
        }
        return TextForm.join(out, "\n")
    }

    /// The widest line of a cell and its widest word (at most 30), in columns. ASCII text is
    /// measured in one pass over its bytes (one byte a column); other text line by line and
    /// word by word.
    static func measure(_ cell: String) -> (line: Int, word: Int) {
        var line = 0, word = 0, widestLine = 0, widestWord = 0
        var ascii = true
        for b in cell.utf8 {
            if b >= 0x80 || b == 13 { ascii = false; break }
            if b == 10 {
                widestLine = max(widestLine, line)
                widestWord = max(widestWord, word)
                line = 0
                word = 0
                continue
            }
            if b >= 0x20 { line += 1 }
            if b == 32 {
                widestWord = max(widestWord, word)
                word = 0
            } else if b >= 0x20 {
                word += 1
            }
        }
        if ascii { return (max(widestLine, line), min(30, max(widestWord, word))) }
        widestLine = 0
        widestWord = 0
        for l in cell.split(separator: "\n", omittingEmptySubsequences: false) { widestLine = max(widestLine, DisplayWidth.of(String(l))) }
        for w in cell.split(whereSeparator: { $0 == " " || $0 == "\n" }) { widestWord = max(widestWord, min(30, DisplayWidth.of(String(w)))) }
        return (widestLine, widestWord)
    }

    /// One block per record: a rule with the record number, then `column  value` lines.
    func expanded(header: [String], rows: [[String]]) -> String {
        var blocks: [String] = []
        for (i, r) in rows.enumerated() {
            let label = "─[ \(i + 1) ]"
            let rule = style.dim(label + String(repeating: "─", count: max(0, min(width, 40) - DisplayWidth.of(label))))
            let pairs = header.indices.compactMap { c -> [String]? in
                let v = c < r.count ? r[c] : ""
                return v.isEmpty ? nil : [header[c], v]
            }
            blocks.append(rule + "\n" + table(header: nil, rows: pairs, boldFirstColumn: true))
        }
        return TextForm.join(blocks, "\n")
    }

    /// Shrinks the widest columns first until the total fits; each column keeps at least a few characters.
    func fit(_ natural: [Int], floors: [Int]? = nil, available: Int) -> [Int] {
        if natural.reduce(0, +) <= available { return natural }
        let minWidth = 6
        // Start every column at its longest word (so ids and names stay whole)...
        var w = natural.indices.map { min(natural[$0], max(minWidth, floors?[$0] ?? minWidth)) }
        if w.reduce(0, +) > available {
            // ...and if even that is too wide, shrink the widest columns, down to a few characters.
            while w.reduce(0, +) > available {
                guard let i = w.indices.filter({ w[$0] > minWidth }).max(by: { w[$0] < w[$1] }) else { break }
                w[i] -= 1
            }
            return w
        }
        // Then share the remaining room among the columns that want more, narrowest first.
        var extra = available - w.reduce(0, +)
        while extra > 0 {
            guard let i = w.indices.filter({ w[$0] < natural[$0] }).min(by: { w[$0] < w[$1] }) else { break }
            w[i] += 1
            extra -= 1
        }
        return w
    }

    func renderRow(_ cells: [String], widths: [Int], gap: Int, styleCell: (Int, String) -> String) -> [String] {
        var wrapped: [[String]] = []
        wrapped.reserveCapacity(widths.count)
        var height = 1
        for c in widths.indices {
            let w = Self.wrap(c < cells.count ? cells[c] : "", width: widths[c])
            height = max(height, w.count)
            wrapped.append(w)
        }
        // Each line is written into one string: cell, padding and gap, then trailing spaces cut.
        var lines: [String] = []
        lines.reserveCapacity(height)
        for l in 0..<height {
            var line = ""
            for c in widths.indices {
                let text = l < wrapped[c].count ? wrapped[c][l] : ""
                line += styleCell(c, text)
                if c < widths.count - 1 { Self.appendSpaces(max(0, widths[c] - DisplayWidth.of(text)) + gap, to: &line) }
            }
            var trailing = 0
            for b in line.utf8.reversed() {
                guard b == 32 else { break }
                trailing += 1
            }
            if trailing > 0 { line.removeLast(trailing) }
            lines.append(line)
        }
        return lines
    }

    private static let spaces = String(repeating: " ", count: 128)

    /// Appends `n` spaces (copied from one string of spaces, not built each time).
    static func appendSpaces(_ n: Int, to s: inout String) {
        var left = n
        while left > 0 {
            let k = min(left, 128)
            // `append(contentsOf:)` with a Substring copies bytes; `+=` would go character by
            // character through the generic sequence version.
            s.append(contentsOf: spaces[..<spaces.utf8.index(spaces.startIndex, offsetBy: k)])
            left -= k
        }
    }

    /// Word-wraps `text` to `width` columns; a word longer than a line is broken after a `/`,
    /// `-`, `_` or `.` in its second half, else cut with a `-` added.
    public static func wrap(_ text: String, width: Int) -> [String] {
        if !text.utf8.contains(10), DisplayWidth.of(text) <= width { return [text] }
        var lines: [String] = []
        // ASCII text (without CR, which joins a following LF into one character) splits on its
        // bytes, several times quicker than by characters, with the same pieces.
        let bytewise = !ByteScan.contains(text) { $0 >= 0x80 || $0 == 13 }
        func pieces(_ s: Substring, _ separator: UInt8) -> [Substring] {
            if bytewise {
                // Each byte a character: cut at the separator's byte positions.
                var out: [Substring] = []
                let u = s.utf8
                var start = u.startIndex, i = u.startIndex
                while i < u.endIndex {
                    if u[i] == separator {
                        out.append(s[start..<i])
                        start = u.index(after: i)
                    }
                    i = u.index(after: i)
                }
                out.append(s[start..<u.endIndex])
                return out
            }
            return s.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false)
        }
        for para in pieces(text[...], 10) {
            var line = ""
            var lineWidth = 0
            for word in pieces(para, 32) {
                let w = String(word)
                let ww = DisplayWidth.of(w)
                if lineWidth > 0 && lineWidth + 1 + ww <= width {
                    line += " " + w
                    lineWidth += 1 + ww
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                guard ww > width else {
                    line = w
                    lineWidth = ww
                    continue
                }
                // A word wider than the column: cut it into pieces of `width - 1` columns and a
                // hyphen. One pass over the word (no copying of what is left: a 10 MB cell
                // must not take quadratic time); widths per character, as the pieces are cut.
                var rest = Substring(w)
                var restWidth = 0
                for ch in rest { restWidth += DisplayWidth.of(ch) }
                while restWidth > width {
                    var end = rest.startIndex
                    var hw = 0
                    // After the last '/', '-', '_' or '.' that fits: ids and paths break where
                    // they already have a separator, and read back whole when the lines are joined.
                    var natural: (end: Substring.Index, width: Int)?
                    while end < rest.endIndex {
                        let ch = rest[end]
                        let cw = DisplayWidth.of(ch)
                        if end != rest.startIndex && hw + cw > width { break }
                        hw += cw
                        end = rest.index(after: end)
                        if ch == "/" || ch == "-" || ch == "_" || ch == "." { natural = (end, hw) }
                    }
                    if let n = natural, n.width * 2 >= width, n.end < rest.endIndex {
                        lines.append(String(rest[..<n.end]))
                        rest = rest[n.end...]
                        restWidth -= n.width
                        continue
                    }
                    // No separator late enough: cut at `width - 1` columns and add a hyphen.
                    end = rest.startIndex
                    hw = 0
                    while end < rest.endIndex {
                        let cw = DisplayWidth.of(rest[end])
                        if end != rest.startIndex && hw + cw > width - 1 { break }
                        hw += cw
                        end = rest.index(after: end)
                    }
                    lines.append(String(rest[..<end]) + "-")
                    rest = rest[end...]
                    restWidth -= hw
                }
                line = String(rest)
                lineWidth = DisplayWidth.of(line)
            }
            lines.append(line)
        }
        return lines
    }
}

/// Terminal column width of text: wide East Asian characters and emoji count two.
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        var n = 0
        var ascii = true
        for b in s.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b >= 0x20 { n += 1 }
        }
        if ascii { return n }
        n = 0
        for u in s.unicodeScalars { n += of(u) }
        return n
    }

    /// Width of one scalar: combining marks and zero-width characters take none.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 { return 0 }
        if v < 0x300 { return 1 }
        switch v {
        case 0x300...0x36F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// Width of one character: the sum over its scalars, as ``of(_:)-swift.type.method`` for
    /// text counts it (a flag is two regional indicators, an accent on a letter adds none), so
    /// text cut character by character measures the same as the whole.
    public static func of(_ ch: Character) -> Int {
        if ch.isASCII, let u = ch.unicodeScalars.first?.value { return u < 0x20 ? 0 : 1 }
        var n = 0
        for u in ch.unicodeScalars { n += of(u) }
        return n
    }
}
