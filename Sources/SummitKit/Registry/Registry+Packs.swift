/// Packs loaded and unloaded at run time (`plugin load`, `plugin reload`): entities are
/// attributed to a pack by `Entity.pack`.
extension Registry {
    /// The packs entities came from, in load order.
    public var packNames: [String] {
        var seen = Set<String>()
        return entities.compactMap { seen.insert($0.pack).inserted ? $0.pack : nil }
    }

    /// Every entity of pack `name`, in load order.
    public func entities(ofPack name: String) -> [Entity] {
        entities.filter { $0.pack == name }
    }

    /// A copy without pack `name`'s entities and without the kinds named in `kinds`.
    ///
    /// Fails, changing nothing, when an entity of another pack refers to one that would go
    /// (or has a kind that would go): the error names both packs.
    public func removingPack(_ name: String, kinds removedKinds: [String] = []) throws(RegistryErrors) -> Registry {
        try replacingPack(name, with: [], removingKinds: removedKinds)
    }

    /// Removes pack `name` (see `removingPack`).
    public mutating func removePack(_ name: String, kinds removedKinds: [String] = []) throws(RegistryErrors) {
        self = try removingPack(name, kinds: removedKinds)
    }

    /// A copy in which pack `name`'s entities are replaced by `new` (a reload), validated as a
    /// whole: the other packs may keep referring to ids the new version still has. Kinds in
    /// `removingKinds` are dropped first, then `extraKinds` added.
    public func replacingPack(_ name: String, with new: [Entity], removingKinds: [String] = [], extraKinds: [KindSchema] = []) throws(RegistryErrors) -> Registry {
        let gone = Set(entities.lazy.filter { $0.pack == name }.map(\.id))
        let keptKinds = kinds.values.filter { !removingKinds.contains($0.name) }.sorted { $0.name < $1.name }
        var fresh = Registry(kinds: keptKinds)
        do {
            try fresh.add(entities.filter { $0.pack != name } + new, extraKinds: extraKinds)
        } catch {
            let stillThere = Set(new.map(\.id))
            throw RegistryErrors(error.errors.map { e in
                switch e.kind {
                case .danglingReference(let id, let from, let field) where gone.contains(id) && !stillThere.contains(id):
                    let owner = entity(from)?.pack ?? "?"
                    var r = RegistryError(.other("'\(from)' (pack '\(owner)') field '\(field)' refers to '\(id)' from pack '\(name)', which would no longer have it; unload or fix pack '\(owner)' first"), at: e.location)
                    r.packs = [name, owner]
                    return r
                case .unknownKind(let k) where removingKinds.contains(k):
                    return RegistryError(.other("an entity of kind '\(k)' remains, but pack '\(name)' declared that kind; unload the packs that use it first"), at: e.location)
                default:
                    return e
                }
            })
        }
        return fresh
    }
}
