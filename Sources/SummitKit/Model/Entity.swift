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
///
/// An entity of a pack read from its mapped image (`PackImage`) holds only the image and its
/// position there: each property is read from the image's bytes when asked for, and the first
/// change decodes it into a box of its own.
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

    /// Changed only when uniquely referenced (`uniqueBox()`), so sharing it across threads is safe.
    final class Box: @unchecked Sendable {
        var data: Data
        init(_ data: Data) { self.data = data }
    }

    enum Storage: Sendable {
        case box(Box)
        case mapped(PackImage, UInt32)
        /// Only while `uniqueBox()` checks the box's references.
        case moving
    }

    private var storage: Storage

    init(data: Data) {
        storage = .box(Box(data))
    }

    init(image: PackImage, position: Int) {
        storage = .mapped(image, UInt32(position))
    }

    /// The image and position of an entity read in place, else nil.
    var mapped: (image: PackImage, position: Int)? {
        if case .mapped(let image, let i) = storage { return (image, Int(i)) }
        return nil
    }

    /// Every property at once: the box's, or decoded from the image.
    var data: Data {
        switch storage {
        case .box(let b): return b.data
        case .mapped(let image, let i): return image.data(Int(i))
        case .moving: Self.changing()
        }
    }

    private static func changing() -> Never { preconditionFailure("an entity read while it changes") }

    /// The box, made this entity's own first (decoded from the image when mapped).
    private mutating func uniqueBox() -> Box {
        switch storage {
        case .box(var b):
            storage = .moving
            if !isKnownUniquelyReferenced(&b) { b = Box(b.data) }
            storage = .box(b)
            return b
        case .mapped(let image, let i):
            let b = Box(image.data(Int(i)))
            storage = .box(b)
            return b
        case .moving: Self.changing()
        }
    }

    public var id: String {
        get {
            switch storage {
            case .box(let b): return b.data.id
            case .mapped(let image, let i): return image.id(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.id = newValue }
    }
    public var kind: String {
        get {
            switch storage {
            case .box(let b): return b.data.kind
            case .mapped(let image, let i): return image.kind(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.kind = newValue }
    }
    public var name: String {
        get {
            switch storage {
            case .box(let b): return b.data.name
            case .mapped(let image, let i): return image.name(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.name = newValue }
    }
    public var aliases: [String] {
        get {
            switch storage {
            case .box(let b): return b.data.aliases
            case .mapped(let image, let i): return image.aliases(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.aliases = newValue }
        _modify { let b = uniqueBox(); yield &b.data.aliases }
    }
    public var fields: [Field] {
        get {
            switch storage {
            case .box(let b): return b.data.fields
            case .mapped(let image, let i): return image.fields(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.fields = newValue }
        _modify { let b = uniqueBox(); yield &b.data.fields }
    }
    public var relations: [Relation] {
        get {
            switch storage {
            case .box(let b): return b.data.relations
            case .mapped(let image, let i): return image.relations(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.relations = newValue }
        _modify { let b = uniqueBox(); yield &b.data.relations }
    }
    /// Ids of the source entities that back this entity.
    public var sources: [String] {
        get {
            switch storage {
            case .box(let b): return b.data.sources
            case .mapped(let image, let i): return image.sources(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.sources = newValue }
        _modify { let b = uniqueBox(); yield &b.data.sources }
    }
    /// The pack this entity came from.
    public var pack: String {
        get {
            switch storage {
            case .box(let b): return b.data.pack
            case .mapped(let image, let i): return image.pack(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.pack = newValue }
    }
    /// Where it was written, when it came from a file.
    public var location: SourceLocation? {
        get {
            switch storage {
            case .box(let b): return b.data.location
            case .mapped(let image, let i): return image.location(Int(i))
            case .moving: Self.changing()
            }
        }
        set { uniqueBox().data.location = newValue }
        _modify { let b = uniqueBox(); yield &b.data.location }
    }

    public init(
        id: String, kind: String, name: String, aliases: [String] = [], fields: [Field] = [],
        relations: [Relation] = [], sources: [String] = [], pack: String = "", location: SourceLocation? = nil
    ) {
        storage = .box(Box(Data(id: id, kind: kind, name: name, aliases: aliases, fields: fields, relations: relations,
                                sources: sources, pack: pack, location: location)))
    }

    public static func == (a: Entity, b: Entity) -> Bool {
        switch (a.storage, b.storage) {
        case (.box(let x), .box(let y)) where x === y: return true
        case (.mapped(let x, let i), .mapped(let y, let j)) where x === y && i == j: return true
        default: return a.data == b.data
        }
    }
    public func hash(into hasher: inout Hasher) { data.hash(into: &hasher) }

    /// The field named `name`, if present.
    public func field(_ name: String) -> Field? {
        switch storage {
        case .mapped(let image, let i): return image.field(name, of: Int(i))
        case .box(let b): return b.data.fields.first { $0.name == name }
        case .moving: Self.changing()
        }
    }
    /// The (first claim's) value of field `name`, or `.null`.
    public subscript(field name: String) -> Value {
        if case .mapped(let image, let i) = storage { return image.value(name, of: Int(i)) }
        return field(name)?.value ?? .null
    }
    /// The ids related through `name`, or [].
    public func related(_ name: String) -> [String] {
        if case .mapped(let image, let i) = storage { return image.related(name, of: Int(i)) }
        return relations.first { $0.name == name }?.targets ?? []
    }

    /// The sources backing a claim: its own, else the entity's.
    public func sources(of claim: Claim) -> [String] { claim.sources.isEmpty ? sources : claim.sources }
}
