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
    /// Replaces every occurrence of `target` (FoundationEssentials-free).
    package func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
