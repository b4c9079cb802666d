/// All entities known to a session, indexed by id and kind, with references resolved.
public struct Registry: Sendable {
    public private(set) var entities = EntityStore()
    private var indexByID: [String: Int] = [:]
    /// Packs linked from their mapped image (`add(image:)`): their entities sit in `entities`
    /// from `base` on, read in place, and their ids are found through the image's own index
    /// rather than `indexByID`.
    private var images: [(base: Int, image: PackImage)] { entities.images }
    private var indexByKind: [String: Positions] = [:]
    /// Incoming relations: target id -> (source index, relation name). Built at the first use
    /// after `scansBeforeIncomingIndex` lookups (`show` asks for them; loading a large pack need
    /// not build it), replaced on every change.
    private var incoming = BuiltOnce<[String: [(Int, String)]]>()
    private var incomingLookups = UseCount()
    /// Lookups of referrers that scan every relation before the index is built: a scan costs
    /// about a quarter of building the index (58M and 256M instructions on 100,000 entities),
    /// so a one-off `show` scans, and a session of lookups builds the index at the fifth.
    static let scansBeforeIncomingIndex = 4
    /// Each kind's required fields, in name order (for validation).
    private var requirements: [String: [(String, [String])]] = [:]
    public private(set) var kinds: [String: KindSchema] = [:]
    /// Every id, sorted, for prefix lookups (Tab completion): built on first use, shared by
    /// copies, replaced by a fresh one on every change.
    private var idIndex = BuiltOnce<[String]>()
    /// Folded text of every entity for `find`: built on first use, replaced on every change.
    private var searchIndex = BuiltOnce<SearchCorpus>()

    /// New entities below this many are checked on the calling thread alone.
    static let entitiesPerCheck = 20_000

    public init(kinds: [KindSchema] = KindSchema.builtIn) {
        for k in kinds { self.kinds[k.name] = k }
    }

    /// Builds a registry from entities, checking ids, kinds, required fields, sources and references.
    /// Throws every problem found, not only the first.
    public init(entities: [Entity], kinds: [KindSchema] = KindSchema.builtIn) throws(RegistryErrors) {
        self.init(kinds: kinds)
        try add(entities)
    }

    /// Builds a registry from entities already validated elsewhere (the compiled-in seeds, whose
    /// validity the test suite proves): indexes them without re-checking, to keep start-up cheap.
    public init(trusted entities: [Entity], kinds: [KindSchema] = KindSchema.builtIn) {
        self.init(kinds: kinds)
        self.entities = EntityStore(entities)
        indexByID.reserveCapacity(entities.count)
        for (i, e) in entities.enumerated() {
            indexByID[e.id] = i
            indexByKind[e.kind, default: []].append(i)
        }
    }

    public var count: Int { entities.count }

    public func entity(_ id: String) -> Entity? {
        position(of: id).map { entities[$0] }
    }

    public func contains(_ id: String) -> Bool { position(of: id) != nil }

    /// The position of `id` in `entities`: in the id index, else in a mapped image's.
    private func position(of id: String) -> Int? {
        if let i = indexByID[id] { return i }
        return imagePosition(of: id)
    }

    private func imagePosition(of id: String) -> Int? {
        for (base, image) in images { if let i = image.position(of: id) { return base + i } }
        return nil
    }

    /// How many ids there are (every entity has one of its own).
    private var idCount: Int { entities.count }

    /// The positions in `entities` of every entity of `kind`, in load order.
    public func indices(ofKind kind: String) -> Positions { indexByKind[kind] ?? [] }

    /// The folded search text of every entity, in `entities` order (built on first use).
    public var searchCorpus: SearchCorpus { searchIndex.value { SearchCorpus(entities) } }

    /// Every entity of `kind`, in load order.
    public func entities(ofKind kind: String) -> [Entity] {
        (indexByKind[kind] ?? []).map { entities[$0] }
    }

    /// How many entities of each kind came from the given packs. Kind by kind over the kind
    /// index, reading each entity's pack in place: no hashing or copying per entity (a pack
    /// of a million entities is counted as it loads).
    public func kindCounts(inPacks packs: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        // Positions in a mapped image whose entities share one pack are counted by range.
        let shared = images.compactMap { im in im.image.commonPack.map { (im.base..<(im.base + im.image.count), packs.contains($0)) } }
        for (kind, positions) in indexByKind {
            var n = 0
            for run in positions.runs {
                // The part of the run inside each such image counts whole or not at all.
                var rest = run.count
                for (range, counted) in shared {
                    let common = run.clamped(to: range).count
                    rest -= common
                    if counted { n += common }
                }
                guard rest > 0 else { continue }
                for i in run where !shared.contains(where: { $0.0.contains(i) }) && packs.contains(entities[i].pack) { n += 1 }
            }
            if n > 0 { counts[kind] = n }
        }
        return counts
    }

    /// The kinds present, sorted.
    public var presentKinds: [String] { indexByKind.keys.sorted() }

    private var incomingIndex: [String: [(Int, String)]] {
        incoming.value {
            var built: [String: [(Int, String)]] = [:]
            for (i, e) in entities.enumerated() {
                for r in e.relations { for t in r.targets { built[t, default: []].append((i, r.name)) } }
            }
            return built
        }
    }

    /// The positions of the entities that point at `id`, with the relation name: in entity
    /// order, then relation order, once per target naming `id`.
    private func incomingRelations(of id: String) -> [(Int, String)] {
        if incomingLookups.next() > Self.scansBeforeIncomingIndex { return incomingIndex[id] ?? [] }
        var found: [(Int, String)] = []
        var i = 0
        while i < entities.count {
            // A mapped image compares the targets' bytes in place, without building its relations.
            if let (base, image) = images.first(where: { $0.base == i }), let refs = image.referrers(of: id) {
                for (k, relation) in refs { found.append((base + k, relation)) }
                i += image.count
                continue
            }
            for r in entities[i].relations { for t in r.targets where t == id { found.append((i, r.name)) } }
            i += 1
        }
        return found
    }

    /// Entities that point at `id`, with the relation name.
    public func referrers(of id: String) -> [(entity: Entity, relation: String)] {
        incomingRelations(of: id).map { (entities[$0.0], $0.1) }
    }

    /// The ids of the entities that point at `id`, with the relation name (`referrers`
    /// without copying the entities).
    public func referrerIDs(of id: String) -> [(id: String, relation: String)] {
        incomingRelations(of: id).map { (entities[$0.0].id, $0.1) }
    }

    /// All ids, for completion.
    public var ids: [String] {
        var all = Array(indexByID.keys)
        for (_, image) in images { for i in 0..<image.count { all.append(image.id(i)) } }
        return all
    }

    /// Every id, sorted (built on the first use after a change).
    private var sortedIDs: [String] { idIndex.value { ids.sorted() } }

    /// Builds the sorted id index now rather than at the first `ids(withPrefix:)` (the REPL
    /// does this at start, so the first Tab is as quick as the next; about 1 s for a million ids).
    public func prepareIDIndex() { _ = sortedIDs }

    /// The ids that start with `prefix`, sorted (String order), optionally only of the given
    /// kinds. A binary search in a sorted index (built on the first call after a change), so
    /// Tab at the prompt stays instant with a million entities. With `limit`, at most that many
    /// from the start of the run and then its last id, so that the candidates' longest common
    /// prefix is still the whole run's (the run is sorted) without copying a million ids.
    public func ids(withPrefix prefix: String, kinds: [String]? = nil, limit: Int? = nil) -> [String] {
        let sorted = sortedIDs
        // First id not ordered before `prefix`: ids with the prefix follow it, contiguously.
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        // The run ends at the first id that does not start with the prefix's scalars; within
        // it, `hasPrefix` (whole characters) decides, as a filter over every id would.
        let scalars = prefix.unicodeScalars
        func wanted(_ id: String) -> Bool {
            guard id.hasPrefix(prefix) else { return false }
            guard let kinds else { return true }
            return position(of: id).map { kinds.contains(entities[$0].kind) } ?? false
        }
        var out: [String] = []
        var i = lo
        while i < sorted.count, sorted[i].unicodeScalars.starts(with: scalars) {
            let id = sorted[i]
            i += 1
            guard wanted(id) else { continue }
            if let limit, out.count == limit {
                // The run's end: a second binary search, then back to the last wanted id.
                var a = i, b = sorted.count
                while a < b {
                    let mid = (a + b) / 2
                    if sorted[mid].unicodeScalars.starts(with: scalars) { a = mid + 1 } else { b = mid }
                }
                var j = a - 1
                while j >= i, !wanted(sorted[j]) { j -= 1 }
                out.append(j >= i ? sorted[j] : id)
                return out
            }
            out.append(id)
        }
        return out
    }

    /// Adds entities (a pack) and validates the whole set; on error nothing is added.
    public mutating func add(_ new: [Entity], extraKinds: [KindSchema] = []) throws(RegistryErrors) {
        var copy = self
        for k in extraKinds where copy.kinds[k.name] == nil { copy.kinds[k.name] = k }
        copy.requirements = Self.requirements(of: copy.kinds)
        var errors: [RegistryError] = []
        let base = copy.entities.count
        copy.entities.reserveCapacity(base + new.count)
        copy.indexByID.reserveCapacity(base + new.count)
        // Only the first `RegistryErrors.reportLimit` problems are kept (a million duplicate
        // ids must not become a million messages); the rest are counted.
        var omitted = 0
        // Positions of the current run of one kind (packs list a kind's entities together),
        // added to the kind index when the kind changes: one kind lookup a run, not an entity.
        var runKind = "", run = Positions()
        for e in new {
            let position = copy.entities.count
            // One hash an id: the subscript stores `position` when the id is new.
            var existing: Int?
            func claim(_ slot: inout Int) { if slot != position { existing = slot } }
            claim(&copy.indexByID[e.id, default: position])
            if existing == nil, let mapped = copy.imagePosition(of: e.id) {
                copy.indexByID[e.id] = nil
                existing = mapped
            }
            if let existing {
                guard errors.count < RegistryErrors.reportLimit else { omitted += 1; continue }
                let first = copy.entities[existing]
                let firstAt = first.location?.description ?? "pack '\(first.pack)'"
                var error = RegistryError(.duplicateID(e.id, firstAt: firstAt), at: e.location)
                if !first.pack.isEmpty, !e.pack.isEmpty, first.pack != e.pack { error.packs = [first.pack, e.pack] }
                errors.append(error)
                continue
            }
            if e.kind != runKind {
                if !run.isEmpty { copy.indexByKind[runKind, default: []].append(contentsOf: run) }
                runKind = e.kind
                run = Positions()
            }
            run.append(position)
            copy.entities.append(e)
        }
        if !run.isEmpty { copy.indexByKind[runKind, default: []].append(contentsOf: run) }
        // The new entities are checked on every core, a range each, in place (no copy, with its
        // retain and release); the problems come back in entity order.
        let checked = copy
        let found = Parallel.chunks(checked.entities.count - base, minimum: Self.entitiesPerCheck) { range in
            var errors: [RegistryError] = []
            var omitted = 0
            for i in range {
                checked.validate(checked.entities[base + i], into: &errors)
                if errors.count > RegistryErrors.reportLimit {
                    omitted += errors.count - RegistryErrors.reportLimit
                    errors.removeLast(errors.count - RegistryErrors.reportLimit)
                }
            }
            return (errors, omitted)
        }
        for (more, left) in found {
            let room = max(0, RegistryErrors.reportLimit - errors.count)
            errors += more.prefix(room)
            omitted += left + max(0, more.count - room)
        }
        if !errors.isEmpty {
            copy.suggestIDs(for: &errors)
            throw RegistryErrors(capping: errors, omitted: omitted)
        }
        copy.forgetDerived()
        self = copy
    }

    /// Images of this many entities or more stay mapped, their entities read in place; smaller
    /// ones are decoded when they are linked. Decoding 10,000 entities takes about 18 ms, and
    /// every later read of them is then a pointer read: bench/run's 100,000 lookups on 10,000
    /// entities took a fifth longer on entities read in place.
    public static let entitiesMappedFrom = 50_000

    /// Adds a pack read from its image: what the image's summary says was checked is not
    /// checked again. It holds when the kinds the pack uses are still the ones it was checked
    /// against, every id it refers to outside itself is here, and none of its ids is. Otherwise
    /// (or with no summary) the entities are decoded and added as `add(_:)` does, with its checks
    /// and messages. An image of `mappedFrom` entities or more is linked without decoding its
    /// entities; a smaller one is decoded (on every core) into values of their own.
    public mutating func add(image: PackImage, extraKinds: [KindSchema] = [], mappedFrom: Int = entitiesMappedFrom) throws(RegistryErrors) {
        var copy = self
        for k in extraKinds where copy.kinds[k.name] == nil { copy.kinds[k.name] = k }
        guard let checked = image.checked, image.count < Int(UInt32.max),
              checked.kinds.allSatisfy({ copy.kinds[$0.key].map(Self.shapeKey) == $0.value }),
              checked.external.allSatisfy({ copy.position(of: $0) != nil }),
              !copy.sharesAnID(with: image)
        else {
            try add(image.decodedEntities(), extraKinds: extraKinds)
            return
        }
        copy.requirements = Self.requirements(of: copy.kinds)
        let base = copy.entities.count
        if image.count >= mappedFrom {
            // Linked whole: no entity is made until something asks for it.
            copy.entities.append(image: image)
        } else {
            // Checked, and no id is here already: each goes into the index as it is.
            copy.entities.reserveCapacity(base + image.count)
            copy.indexByID.reserveCapacity(base + image.count)
            for e in image.decodedEntities() {
                copy.indexByID[e.id] = copy.entities.count
                copy.entities.append(e)
            }
        }
        for run in image.kindRuns() { copy.indexByKind[run.kind, default: []].append(contentsOf: (base + run.range.lowerBound)..<(base + run.range.upperBound)) }
        copy.forgetDerived()
        self = copy
    }

    /// Whether an id of `image` is already here: each id of the smaller side looked up in the
    /// larger's index.
    private func sharesAnID(with image: PackImage) -> Bool {
        if indexByID.keys.contains(where: { image.position(of: $0) != nil }) { return true }
        for (_, other) in images {
            let (small, large) = other.count < image.count ? (other, image) : (image, other)
            for i in 0..<small.count where large.position(of: small.id(i)) != nil { return true }
        }
        return false
    }

    /// Drops what was built from the entities (sorted ids, search corpus, referrers) after a
    /// change: the next use builds it afresh.
    private mutating func forgetDerived() {
        idIndex = BuiltOnce()
        searchIndex = BuiltOnce()
        incoming = BuiltOnce()
        incomingLookups = UseCount()
    }

    /// "Did you mean" for the first few references to nothing, when the registry is small
    /// enough for the search (edit distance against every id) to be quick.
    private func suggestIDs(for errors: inout [RegistryError]) {
        guard idCount <= 20_000 else { return }
        var left = 5
        for i in errors.indices where left > 0 {
            guard case .danglingReference(let id, _, _) = errors[i].kind else { continue }
            left -= 1
            errors[i].suggestion = Suggest.closest(to: id, in: ids)
        }
    }

    private func validate(_ e: Entity, into errors: inout [RegistryError]) {
        Self.validateShape(e, requirements: requirements, into: &errors)
        func loc(_ line: Int, _ column: Int = 0) -> SourceLocation? { Self.location(of: e, line: line, column: column) }
        for s in e.sources where position(of: s) == nil {
            errors.append(RegistryError(.danglingReference(s, from: e.id, field: "sources"), at: e.location))
        }
        for r in e.relations {
            for t in r.targets where position(of: t) == nil {
                errors.append(RegistryError(.danglingReference(t, from: e.id, field: r.name), at: loc(r.line, r.column)))
            }
        }
        for f in e.fields {
            for c in f.claims {
                for s in c.sources where position(of: s) == nil {
                    errors.append(RegistryError(.danglingReference(s, from: e.id, field: f.name), at: loc(f.line)))
                }
                checkRefs(c.value, entity: e.id, field: f.name, at: loc(f.line), into: &errors)
            }
        }
    }

    /// Where line `line` (and column) of an entity's file is, when it came from one.
    private static func location(of e: Entity, line: Int, column: Int = 0) -> SourceLocation? {
        guard var l = e.location else { return nil }
        if line > 0 { l.line = line; l.column = max(1, column) }
        return l
    }

    /// The checks that need no other entity: a known kind, its required fields with the right
    /// types, and sources.
    private static func validateShape(_ e: Entity, requirements: [String: [(String, [String])]], into errors: inout [RegistryError]) {
        guard let required = requirements[e.kind] else {
            errors.append(RegistryError(.unknownKind(e.kind), at: e.location))
            return
        }
        for (name, types) in required {
            guard let f = e.field(name) else {
                errors.append(RegistryError(.missingField(name, kind: e.kind), at: e.location))
                continue
            }
            for c in f.claims where !types.contains(c.value.typeName) {
                errors.append(RegistryError(.wrongType(field: name, expected: types.joined(separator: " or "), found: c.value.typeName), at: location(of: e, line: f.line)))
            }
        }
        if e.sources.isEmpty && e.kind != "source" {
            errors.append(RegistryError(.noSource(e.id), at: e.location))
        }
    }

    private static func requirements(of kinds: [String: KindSchema]) -> [String: [(String, [String])]] {
        kinds.mapValues { $0.required.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    /// A kind's required fields as one text: whether a kind is still what a pack was checked
    /// against (`PackImage`).
    static func shapeKey(_ k: KindSchema) -> String {
        k.required.keys.sorted().map { $0 + ":" + k.required[$0]!.sorted().joined(separator: "|") }.joined(separator: ";")
    }

    /// Whether every entity passes the checks that need no other entity, against `kinds`.
    static func shapesHold(_ entities: [Entity], kinds: [String: KindSchema]) -> Bool {
        let requirements = requirements(of: kinds)
        var errors: [RegistryError] = []
        for e in entities {
            validateShape(e, requirements: requirements, into: &errors)
            if !errors.isEmpty { return false }
        }
        return true
    }

    /// Every id `e` refers to: sources, relation targets, claims' sources and references in values.
    static func references(of e: Entity, into ids: inout Set<String>) {
        func walk(_ v: Value) {
            switch v {
            case .ref(let id): ids.insert(id)
            case .list(let items): for i in items { walk(i) }
            case .record(let r): for f in r.fields { walk(f.value) }
            default: break
            }
        }
        for s in e.sources { ids.insert(s) }
        for r in e.relations { for t in r.targets { ids.insert(t) } }
        for f in e.fields {
            for c in f.claims {
                for s in c.sources { ids.insert(s) }
                walk(c.value)
            }
        }
    }

    private func checkRefs(_ v: Value, entity: String, field: String, at: SourceLocation?, into errors: inout [RegistryError]) {
        switch v {
        case .ref(let id) where position(of: id) == nil:
            errors.append(RegistryError(.danglingReference(id, from: entity, field: field), at: at))
        case .list(let items):
            for i in items { checkRefs(i, entity: entity, field: field, at: at, into: &errors) }
        case .record(let r):
            for f in r.fields { checkRefs(f.value, entity: entity, field: field, at: at, into: &errors) }
        default: break
        }
    }

    /// The display name of an id, or the id itself when unknown.
    public func name(of id: String) -> String { position(of: id).map { entities[$0].name } ?? id }

    /// The kind of entity `id`, read in place; nil when there is none.
    public func kind(of id: String) -> String? { position(of: id).map { entities[$0].kind } }

    /// The targets of relation `name` of entity `id`, read in place (`entity(id)?.related(name)`
    /// without copying the entity).
    public func related(_ name: String, of id: String) -> [String] { position(of: id).map { entities[$0].related(name) } ?? [] }

    /// The (first claim's) value of field `name` of entity `id`, read in place; `.null` when
    /// either is missing.
    public func value(of name: String, in id: String) -> Value { position(of: id).map { entities[$0][field: name] } ?? .null }
}
