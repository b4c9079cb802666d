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

    public init(_ kind: Kind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    public var message: String {
        switch kind {
        case .duplicateID(let id, let first):
            return "duplicate id '\(id)' (first defined at \(first)); give one of them another id"
        case .danglingReference(let id, let from, let field):
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
