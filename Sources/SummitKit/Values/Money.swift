/// An amount of money in units of an ISO 4217 currency (EUR 200bn is `200000000000 EUR`).
public struct Money: Sendable, Hashable {
    public var amount: Double
    /// ISO 4217 code, upper case (`EUR`, `USD`, `GBP`).
    public var currency: String
    public var qualifier: Qualifier
    /// Upper bound when the figure is a range.
    public var upperAmount: Double?

    public init(amount: Double, currency: String, qualifier: Qualifier = .exact, upperAmount: Double? = nil) {
        self.amount = amount
        self.currency = currency
        self.qualifier = qualifier
        self.upperAmount = upperAmount
    }

    /// True for three upper-case ASCII letters.
    public static func isCurrencyCode(_ s: String) -> Bool {
        s.utf8.count == 3 && s.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}

/// A count or measure with an optional qualifier and range (`more than 700`, `250-300`).
public struct Quantity: Sendable, Hashable {
    public var number: Double
    public var qualifier: Qualifier
    public var upper: Double?
    public init(number: Double, qualifier: Qualifier = .exact, upper: Double? = nil) {
        self.number = number
        self.qualifier = qualifier
        self.upper = upper
    }
}

/// Formatting of numbers for people: `200bn`, `1.5m`, `27m`, `700`.
public enum NumberFormat {
    /// Plain decimal without exponent or trailing `.0` (`200000000000`, `1.5`, `0.0000001`).
    public static func plain(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 9.0e18 { return String(Int64(x)) }
        // Fixed-point with up to 10 decimals, trailing zeros trimmed.
        guard abs(x) < 9.0e8 else { return String(x) }
        // In whole numbers (tables and the search text format many amounts): the integer
        // part, then the ten decimals less their trailing zeros, padded back with leading ones.
        let scaled = Int64((abs(x) * 1e10).rounded())
        var frac = scaled % 10_000_000_000, width = 10
        while width > 0, frac % 10 == 0 {
            frac /= 10
            width -= 1
        }
        var out = x < 0 && scaled != 0 ? "-" : ""
        out += String(scaled / 10_000_000_000)
        if width > 0 {
            let digits = String(frac)
            out += "." + String(repeating: "0", count: width - digits.utf8.count) + digits
        }
        return out
    }

    /// Short human form with magnitude suffix: `200bn`, `1.5m`, `300k`, `27`.
    public static func short(_ x: Double) -> String {
        let a = abs(x)
        let (div, suffix): (Double, String) =
            a >= 1e12 ? (1e12, "tn") : a >= 1e9 ? (1e9, "bn") : a >= 1e6 ? (1e6, "m") : a >= 1e4 ? (1e3, "k") : (1, "")
        var v = x / div
        var unit = suffix
        var rounded = (v * 100).rounded() / 100
        // 999,999,999 is "1bn", not "1000m".
        if abs(rounded) >= 1000, let next = ["k": ("m", 1e3), "m": ("bn", 1e3), "bn": ("tn", 1e3)][unit] {
            v /= next.1
            unit = next.0
            rounded = (v * 100).rounded() / 100
        }
        return plain(rounded) + unit
    }

    /// Digits grouped by thousands: `200,000,000,000`.
    public static func grouped(_ x: Double) -> String {
        let p = plain(x)
        var intPart = Substring(p)
        var rest = Substring("")
        if let dot = p.firstIndex(of: ".") {
            intPart = p[..<dot]
            rest = p[dot...]
        }
        var neg = false
        if intPart.first == "-" {
            neg = true
            intPart = intPart.dropFirst()
        }
        var out = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (neg ? "-" : "") + out + rest
    }
}
