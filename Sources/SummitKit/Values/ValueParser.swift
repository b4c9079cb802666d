/// Parses values typed by people: numbers with suffixes, money, dates.
public enum ValueParser {
    /// `20bn`, `1.5m`, `300k`, `2tn`, `1,000`, `-3.5` → a number.
    public static func number(_ text: String) -> Double? {
        var t = Substring(text.replacingOccurrences(",", with: "").replacingOccurrences("_", with: ""))
        var scale = 1.0
        let suffixes: [(String, Double)] = [("tn", 1e12), ("bn", 1e9), ("b", 1e9), ("m", 1e6), ("k", 1e3)]
        let lower = t.lowercased()
        for (s, f) in suffixes where lower.hasSuffix(s) && lower.count > s.count {
            let head = lower.dropLast(s.count)
            if head.last?.isNumber == true || head.last == "." {
                t = Substring(head)
                scale = f
                break
            }
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e") }),
              let x = Double(t) else { return nil }
        return x * scale
    }

    /// `200bn EUR`, `EUR 200bn`, `USD 400m` → money.
    public static func money(_ text: String) -> Money? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        if Money.isCurrencyCode(String(parts[1])), let n = number(String(parts[0])) {
            return Money(amount: n, currency: String(parts[1]))
        }
        if Money.isCurrencyCode(String(parts[0])), let n = number(String(parts[1])) {
            return Money(amount: n, currency: String(parts[0]))
        }
        return nil
    }
}
