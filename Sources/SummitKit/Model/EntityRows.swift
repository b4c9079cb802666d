/// Entities as rows built on demand (`list KIND`): flat rows (`flatRecord`: id, kind, name, each
/// field's value, each relation) for tables and CSV, or export records (`record`) for JSON.
public struct EntityRows: RowSource {
    public enum Form: Sendable {
        case flat
        case export
    }

    let registry: Registry
    /// Positions in `registry.entities`, in order.
    let positions: Positions
    let form: Form
    /// For flat rows, every key in the order rows first have it (the columns `CommandResult.table`
    /// would give the records); for export records, the keys such a record can have.
    public let keys: [String]

    public init(_ registry: Registry, positions: Positions, form: Form) {
        self.registry = registry
        self.positions = positions
        self.form = form
        switch form {
        case .export:
            keys = ["id", "kind", "name", "aliases", "fields", "field_sources", "relations", "sources"]
        case .flat:
            var seen: Set<String> = ["id", "kind", "name"]
            var keys = ["id", "kind", "name"]
            // Entities of a kind mostly have the same fields: one comparison skips the repeats.
            var last: ([String], [String]) = ([], [])
            for i in positions {
                let e = registry.entities[i]
                let names = (e.fields.map(\.name), e.relations.map(\.name))
                if names == last { continue }
                last = names
                for k in names.0 + names.1 where seen.insert(k).inserted { keys.append(k) }
            }
            self.keys = keys
        }
    }

    public var count: Int { positions.count }

    public func record(_ row: Int) -> Record {
        let e = registry.entities[positions[row]]
        return form == .flat ? e.flatRecord : e.record
    }

    public func field(_ key: String, row: Int) -> Value? {
        let e = registry.entities[positions[row]]
        switch form {
        case .flat: return e.flatValue(key)
        case .export:
            switch key {
            case "id": return .text(e.id)
            case "kind": return .text(e.kind)
            case "name": return .text(e.name)
            default: return e.record.fields.first { $0.key == key }?.value
            }
        }
    }
}
