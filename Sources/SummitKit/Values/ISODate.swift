/// An ISO 8601 calendar date with day, month or year precision (`2025-02-10`, `2025-02`, `2025`).
public struct ISODate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1...12, or nil for year precision.
    public var month: Int?
    /// 1...31, or nil for month or year precision.
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-30.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]), y > 0 else { return nil }
        var m: Int?
        var d: Int?
        if parts.count >= 2 {
            guard parts[1].count == 2, let mm = Int(parts[1]), (1...12).contains(mm) else { return nil }
            m = mm
        }
        if parts.count == 3 {
            guard parts[2].count == 2, let dd = Int(parts[2]), dd >= 1, dd <= ISODate.daysIn(year: y, month: m!) else { return nil }
            d = dd
        }
        guard parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var s = String(year)
        while s.count < 4 { s = "0" + s }
        if let month { s += "-" + Self.pad(month) }
        if let day { s += "-" + Self.pad(day) }
        return s
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The first day this date covers (2025-02 starts on 2025-02-01).
    public var start: ISODate { ISODate(year: year, month: month ?? 1, day: day ?? 1) }
    /// The last day this date covers (2025-02 ends on 2025-02-28).
    public var end: ISODate {
        let m = month ?? 12
        return ISODate(year: year, month: m, day: day ?? ISODate.daysIn(year: year, month: m))
    }

    /// Days since 1970-01-01 of the first day covered (proleptic Gregorian).
    public var dayNumber: Int {
        let s = start
        let y = s.month! <= 2 ? s.year - 1 : s.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (s.month! + 9) % 12
        let doy = (153 * mp + 2) / 5 + s.day! - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day-precision date for a day number (inverse of `dayNumber`).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public static func < (a: ISODate, b: ISODate) -> Bool {
        let ka = (a.year, a.month ?? 0, a.day ?? 0)
        let kb = (b.year, b.month ?? 0, b.day ?? 0)
        return ka < kb
    }
}

/// An inclusive range of dates (`2025-02-06..2025-02-11`).
public struct DateRange: Sendable, Hashable, CustomStringConvertible {
    public var start: ISODate
    public var end: ISODate
    public init(start: ISODate, end: ISODate) {
        self.start = start
        self.end = end
    }

    /// Parses `DATE..DATE` or `DATE/DATE`; the end may not come before the start.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        let sep = s.contains("..") ? ".." : "/"
        let parts = s.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 2, let a = ISODate(parts[0]), let b = ISODate(parts[1]), !(b.end < a.start) else { return nil }
        self.init(start: a, end: b)
    }

    public var description: String { "\(start)..\(end)" }
    /// The number of days covered, counting both ends.
    public var dayCount: Int { end.end.dayNumber - start.start.dayNumber + 1 }
    public func contains(_ d: ISODate) -> Bool { !(d.end < start.start) && !(end.end < d.start) }
}
