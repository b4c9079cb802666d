import SummitKit

/// A compact Gantt chart for the terminal: one bar (█) per multi-day entry on a shared date
/// axis (├──┼──┤), with the dates at the axis ends. Long spans are compressed to N days per
/// column; short ones get several columns per day and a tick (┼) at each day.
struct GanttChart {
    struct Bar {
        var label: String
        var firstDay: Int
        var lastDay: Int
    }

    var bars: [Bar]
    var width: Int
    var style: Style

    /// The most columns one day may take, so a two-day span does not become a wall.
    static let maxColumnsPerDay = 10

    func render() -> String {
        guard let axisFirst = bars.map(\.firstDay).min(), let axisLast = bars.map(\.lastDay).max() else { return "" }
        let span = axisLast - axisFirst + 1
        let sameYear = ISODate(dayNumber: axisFirst).year == ISODate(dayNumber: axisLast).year
        func dates(_ a: Int, _ b: Int) -> String {
            func short(_ d: Int) -> String {
                let s = ISODate(dayNumber: d).description
                return sameYear ? String(s.dropFirst(5)) : s
            }
            return a == b ? short(a) : short(a) + ".." + short(b)
        }

        // Columns: label, gap, axis, gap, date range.
        let gap = 2
        let rangeWidth = bars.map { DisplayWidth.of(dates($0.firstDay, $0.lastDay)) }.max() ?? 0
        let naturalLabel = bars.map { DisplayWidth.of($0.label) }.max() ?? 0
        var labelWidth = min(naturalLabel, max(12, width * 3 / 10))
        var axisWidth = width - labelWidth - rangeWidth - 2 * gap
        if axisWidth < 12 {
            labelWidth = max(8, labelWidth - (12 - axisWidth))
            axisWidth = max(12, width - labelWidth - rangeWidth - 2 * gap)
        }

        // Scale: several columns per day, or several days per column.
        let columnsPerDay = span <= axisWidth ? min(Self.maxColumnsPerDay, axisWidth / span) : 1
        let daysPerColumn = span <= axisWidth ? 1 : (span + axisWidth - 1) / axisWidth
        let columns = span <= axisWidth ? span * columnsPerDay : (span + daysPerColumn - 1) / daysPerColumn
        func column(ofDay d: Int) -> Int { (d - axisFirst) * columnsPerDay / daysPerColumn }
        func lastColumn(ofDay d: Int) -> Int { columnsPerDay > 1 ? column(ofDay: d + 1) - 1 : column(ofDay: d) }

        let indent = String(repeating: " ", count: labelWidth + gap)
        var lines: [String] = []
        let scale = columnsPerDay > 1 ? "1 day = \(columnsPerDay) columns" : daysPerColumn == 1 ? "1 column = 1 day" : "1 column = \(daysPerColumn) days"
        lines.append(style.bold("Multi-day events") + style.dim("  (\(scale))"))
        for bar in bars {
            let from = column(ofDay: bar.firstDay)
            let to = max(from, lastColumn(ofDay: bar.lastDay))
            let track = String(repeating: " ", count: from) + style.cyan(String(repeating: "█", count: to - from + 1))
                + String(repeating: " ", count: columns - to - 1)
            let label = Self.fit(bar.label, labelWidth)
            let pad = String(repeating: " ", count: labelWidth - DisplayWidth.of(label))
            lines.append(label + pad + String(repeating: " ", count: gap) + track + String(repeating: " ", count: gap) + dates(bar.firstDay, bar.lastDay))
        }

        // The axis: ├ and ┤ at the ends, ┼ where each day starts when days are wide enough to see.
        var axis = [Character](repeating: "─", count: columns)
        if columnsPerDay > 1 {
            for d in axisFirst...axisLast { axis[column(ofDay: d)] = "┼" }
        }
        axis[0] = "├"
        axis[columns - 1] = "┤"
        lines.append(indent + String(axis))
        let left = ISODate(dayNumber: axisFirst).description
        let right = ISODate(dayNumber: axisLast).description
        let between = max(1, columns - left.count - right.count)
        lines.append(indent + left + String(repeating: " ", count: between) + right)
        return lines.map { line in
            var line = line
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// `text` cut to `width` display columns, ending in … when cut.
    static func fit(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = DisplayWidth.of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }
}
