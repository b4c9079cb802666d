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
///
/// A value type whose data sits in one shared box until a copy changes (copy on write): copying
/// an entity (`registry.entity(id)`, a pledge holding its entity, a pack joining the registry)
/// is one retain, not one for each of its strings and arrays.
public struct Entity: Sendable, Hashable, Identifiable {
    struct Data: Hashable {
        var id: String
        var kind: String
        var name: String
        var aliases: [String]
        var fields: [Field]
        var relations: [Relation]
        var sources: [String]
        var pack: String
        var location: SourceLocation?
    }

    /// Changed only when uniquely referenced (`unique()`), so sharing it across threads is safe.
    final class Box: @unchecked Sendable {
        var data: Data
        init(_ data: Data) { self.data = data }
    }

    private var box: Box

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.data) }
    }

    public var id: String {
        get { box.data.id }
        set { unique(); box.data.id = newValue }
    }
    public var kind: String {
        get { box.data.kind }
        set { unique(); box.data.kind = newValue }
    }
    public var name: String {
        get { box.data.name }
        set { unique(); box.data.name = newValue }
    }
    public var aliases: [String] {
        get { box.data.aliases }
        set { unique(); box.data.aliases = newValue }
        _modify { unique(); yield &box.data.aliases }
    }
    public var fields: [Field] {
        get { box.data.fields }
        set { unique(); box.data.fields = newValue }
        _modify { unique(); yield &box.data.fields }
    }
    public var relations: [Relation] {
        get { box.data.relations }
        set { unique(); box.data.relations = newValue }
        _modify { unique(); yield &box.data.relations }
    }
    /// Ids of the source entities that back this entity.
    public var sources: [String] {
        get { box.data.sources }
        set { unique(); box.data.sources = newValue }
        _modify { unique(); yield &box.data.sources }
    }
    /// The pack this entity came from.
    public var pack: String {
        get { box.data.pack }
        set { unique(); box.data.pack = newValue }
    }
    /// Where it was written, when it came from a file.
    public var location: SourceLocation? {
        get { box.data.location }
        set { unique(); box.data.location = newValue }
        _modify { unique(); yield &box.data.location }
    }

    public init(
        id: String, kind: String, name: String, aliases: [String] = [], fields: [Field] = [],
        relations: [Relation] = [], sources: [String] = [], pack: String = "", location: SourceLocation? = nil
    ) {
        box = Box(Data(id: id, kind: kind, name: name, aliases: aliases, fields: fields, relations: relations,
                       sources: sources, pack: pack, location: location))
    }

    public static func == (a: Entity, b: Entity) -> Bool { a.box === b.box || a.box.data == b.box.data }
    public func hash(into hasher: inout Hasher) { box.data.hash(into: &hasher) }

    /// The field named `name`, if present.
    public func field(_ name: String) -> Field? { box.data.fields.first { $0.name == name } }
    /// The (first claim's) value of field `name`, or `.null`.
    public subscript(field name: String) -> Value { field(name)?.value ?? .null }
    /// The ids related through `name`, or [].
    public func related(_ name: String) -> [String] { box.data.relations.first { $0.name == name }?.targets ?? [] }

    /// The sources backing a claim: its own, else the entity's.
    public func sources(of claim: Claim) -> [String] { claim.sources.isEmpty ? sources : claim.sources }
}
