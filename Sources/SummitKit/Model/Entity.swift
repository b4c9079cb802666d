/// Where something was written: a pack file and line (and column when known).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One source's account of a fact: a value, the sources that back it, and an optional note.
public struct Claim: Sendable, Hashable {
    public var value: Value
    /// Ids of source entities. Empty means "the entity's own sources".
    public var sources: [String]
    public var note: String?
    public init(_ value: Value, sources: [String] = [], note: String? = nil) {
        self.value = value
        self.sources = sources
        self.note = note
    }
}

/// A named field of an entity: one claim, or several when sources disagree.
public struct Field: Sendable, Hashable {
    public var name: String
    public var claims: [Claim]
    public var line: Int
    public init(_ name: String, _ claims: [Claim], line: Int = 0) {
        self.name = name
        self.claims = claims
        self.line = line
    }

    /// The first claim's value: what a table shows when it needs one value.
    public var value: Value { claims.first?.value ?? .null }
    /// True when the claims do not all agree on the value.
    public var isContested: Bool {
        guard let first = claims.first?.value else { return false }
        return claims.dropFirst().contains { $0.value != first }
    }
}

/// A named relation from an entity to other entities, by id.
public struct Relation: Sendable, Hashable {
    public var name: String
    public var targets: [String]
    public var line: Int
    /// The column of the ids, when read from a file (0: unknown).
    public var column: Int
    public init(_ name: String, _ targets: [String], line: Int = 0, column: Int = 0) {
        self.name = name
        self.targets = targets
        self.line = line
        self.column = column
    }
}

/// A thing the registry knows: a summit, event, person, pledge, source...
public struct Entity: Sendable, Hashable, Identifiable {
    public var id: String
    public var kind: String
    public var name: String
    public var aliases: [String]
    public var fields: [Field]
    public var relations: [Relation]
    /// Ids of the source entities that back this entity.
    public var sources: [String]
    /// The pack this entity came from.
    public var pack: String
    /// Where it was written, when it came from a file.
    public var location: SourceLocation?

    public init(
        id: String, kind: String, name: String, aliases: [String] = [], fields: [Field] = [],
        relations: [Relation] = [], sources: [String] = [], pack: String = "", location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.aliases = aliases
        self.fields = fields
        self.relations = relations
        self.sources = sources
        self.pack = pack
        self.location = location
    }

    /// The field named `name`, if present.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
    /// The (first claim's) value of field `name`, or `.null`.
    public subscript(field name: String) -> Value { field(name)?.value ?? .null }
    /// The ids related through `name`, or [].
    public func related(_ name: String) -> [String] { relations.first { $0.name == name }?.targets ?? [] }

    /// The sources backing a claim: its own, else the entity's.
    public func sources(of claim: Claim) -> [String] { claim.sources.isEmpty ? sources : claim.sources }
}
