/// A problem found while loading or linking packs.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Two entities share an id.
        case duplicateID(String, firstAt: String)
        /// A relation, reference or source names no entity.
        case danglingReference(String, from: String, field: String)
        /// An entity's kind is not known to the registry.
        case unknownKind(String)
        /// A required field is missing or has the wrong type.
        case missingField(String, kind: String)
        /// A field's value has a type the kind does not accept.
        case wrongType(field: String, expected: String, found: String)
        /// An entity cites no source.
        case noSource(String)
        /// Anything else, already phrased.
        case other(String)
    }

    public var kind: Kind
    public var location: SourceLocation?
    /// For a duplicate id between two packs: the pack that has it first, then the one adding it.
    public var packs: [String] = []
    /// For a reference to nothing: the id it probably meant.
    public var suggestion: String?

    public init(_ kind: Kind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    public var message: String {
        switch kind {
        case .duplicateID(let id, let first):
            if packs.count == 2, packs[0] != packs[1] {
                return "duplicate id '\(id)': pack '\(packs[1])' defines it, but pack '\(packs[0])' already does\(first.hasPrefix("pack '") ? "" : " (at \(first))"); give one of them another id"
            }
            return "duplicate id '\(id)' (first defined at \(first)); give one of them another id"
        case .danglingReference(let id, let from, let field):
            if let suggestion { return "'\(from)' field '\(field)' refers to '\(id)', which is not an entity; did you mean '\(suggestion)'?" }
            return "'\(from)' field '\(field)' refers to '\(id)', which is not an entity; add it or fix the id"
        case .unknownKind(let k):
            return "unknown kind '\(k)'; use one of the known kinds (`help kinds`) or declare it in the pack manifest"
        case .missingField(let f, let k):
            return "a \(k) needs the field '\(f)'"
        case .wrongType(let f, let expected, let found):
            return "field '\(f)' should be \(expected), not \(found)"
        case .noSource(let id):
            return "'\(id)' cites no source; add `sources: [SOURCE-ID]`"
        case .other(let m):
            return m
        }
    }

    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// Several registry problems at once (a pack is checked whole, not to its first error).
public struct RegistryErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RegistryError]
    public init(_ errors: [RegistryError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension RegistryErrors {
    /// The most problems one report lists; the rest are counted in a last line. A pack with a
    /// million broken entities gets a readable report, in bounded time and memory.
    public static let reportLimit = 100

    /// `errors` cut to `reportLimit`, plus a last problem saying how many more there were
    /// (`omitted` counts any the caller already left out).
    public init(capping errors: [RegistryError], omitted: Int = 0) {
        var kept = errors
        var more = omitted
        if kept.count > Self.reportLimit {
            more += kept.count - Self.reportLimit
            kept.removeLast(kept.count - Self.reportLimit)
        }
        if more > 0 {
            kept.append(RegistryError(.other("... and \(more) more problem\(more == 1 ? "" : "s") not shown; fix these first")))
        }
        self.init(kept)
    }
}
