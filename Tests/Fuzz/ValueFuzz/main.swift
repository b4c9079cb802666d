// libFuzzer harness: the typed-value parsers and formatters people and packs feed text to:
// ISO dates and ranges, numbers with suffixes, money, number formatting, and the table /
// JSON / CSV / Markdown renderers at every width. Built and run by `.ci/fuzz`.
import SummitKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1, size <= 16 << 10 else { return -1 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let width = Int(bytes[0])  // 0...255: below the renderer's minimum too
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)

    var values: [Value] = [.text(text)]
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(64) {
        let w = String(word)
        if let d = ISODate(w) {
            // A parsed date prints back as itself and survives the day-number round trip.
            precondition(ISODate(d.description) == d, "date round trip: \(w)")
            if let day = d.day, let month = d.month, d.year < 100_000 {
                let back = ISODate(dayNumber: d.dayNumber)
                precondition(back.year == d.year && back.month == month && back.day == day, "day number round trip: \(w)")
            }
            values.append(.date(d))
        }
        if let r = DateRange(w) {
            precondition(!(r.end.end < r.start.start))
            if r.start.year < 100_000 && r.end.year < 100_000 { precondition(r.dayCount >= 1) }
            values.append(.dateRange(r))
        }
        if let n = ValueParser.number(w) {
            _ = NumberFormat.plain(n)
            _ = NumberFormat.short(n)
            _ = NumberFormat.grouped(n)
            values.append(.number(n))
            values.append(.quantity(Quantity(number: n, qualifier: .about, upper: n * 2)))
        }
    }
    if let m = ValueParser.money(text) { values.append(.money(m)) }
    let row = Record(values.enumerated().map { RecordField("c\($0.offset)", $0.element) })
    let results: [CommandResult] = [
        .records([row, Record([RecordField("c0", .list(values))])], columns: row.keys),
        .detail(row, title: text),
        .value(.record(row)),
        .text(text),
    ]
    for format in OutputFormat.allCases {
        var settings = Settings()
        settings.format = format
        settings.width = width
        settings.color = width % 2 == 0
        for r in results { _ = Renderer.render(r, settings: settings) }
    }
    _ = TableRenderer.wrap(text, width: max(1, width))
    return 0
}
