/// How a figure relates to the true value: "more than 700", "about 109bn", "up to 300".
public enum Qualifier: String, Sendable, Hashable, CaseIterable, Codable {
    case exact
    case about
    case moreThan = "more-than"
    case atLeast = "at-least"
    case upTo = "up-to"
    case fewerThan = "fewer-than"
    case nearly

    /// Words put before a number when it is shown ("more than 700").
    public var prefix: String {
        switch self {
        case .exact: return ""
        case .about: return "about "
        case .moreThan: return "more than "
        case .atLeast: return "at least "
        case .upTo: return "up to "
        case .fewerThan: return "fewer than "
        case .nearly: return "nearly "
        }
    }

    /// Parses `more-than`, `more than`, `more_than`, `+` (more than), `~` (about).
    public init?(text: String) {
        let t = text.lowercased().replacingOccurrences(" ", with: "-").replacingOccurrences("_", with: "-")
        switch t {
        case "+", "over": self = .moreThan
        case "~", "approximately", "around", "some", "circa": self = .about
        case "almost": self = .nearly
        default:
            guard let q = Qualifier(rawValue: t) else { return nil }
            self = q
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced, left to right, comparing UTF-8 bytes (a match
    /// always starts and ends on a scalar boundary; the CSV and Markdown renderers call this for
    /// every cell, and `split` by characters was a fifth of a `show`).
    package func replacingOccurrences(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return self }
        let bytes = Array(utf8)
        guard var at = SearchText.firstOffset(of: t, in: bytes) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var start = 0
        let r = Array(replacement.utf8)
        while true {
            out += bytes[start..<at]
            out += r
            start = at + t.count
            guard let next = SearchText.firstOffset(of: t, in: bytes, from: start) else { break }
            at = next
        }
        out += bytes[start...]
        return String(decoding: out, as: UTF8.self)
    }
}
