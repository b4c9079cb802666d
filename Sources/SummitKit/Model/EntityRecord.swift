/// The machine form of an entity, as `export` and `show --format json` print it:
/// `id`, `kind`, `name`, `fields` (one value, or `{"claims": [...]}` when several sources are kept),
/// `field_sources` (fields backed by their own source), `relations` by id, and `sources`.
extension Entity {
    public var record: Record {
        var r = Record()
        r.append("id", .text(id))
        r.append("kind", .text(kind))
        r.append("name", .text(name))
        if !aliases.isEmpty { r.append("aliases", .list(aliases.map { .text($0) })) }
        var fieldsRecord = Record()
        var fieldSources = Record()
        for f in fields {
            if f.claims.count == 1 {
                fieldsRecord.append(f.name, f.claims[0].value)
                if !f.claims[0].sources.isEmpty { fieldSources.append(f.name, .list(f.claims[0].sources.map { .ref($0) })) }
            } else {
                let claims: [Value] = f.claims.map { c in
                    var cr = Record()
                    cr.append("value", c.value)
                    cr.append("sources", .list(self.sources(of: c).map { .ref($0) }))
                    if let n = c.note { cr.append("note", .text(n)) }
                    return .record(cr)
                }
                fieldsRecord.append(f.name, .record(Record([RecordField("claims", .list(claims))])))
            }
        }
        r.append("fields", .record(fieldsRecord))
        if !fieldSources.fields.isEmpty { r.append("field_sources", .record(fieldSources)) }
        var rel = Record()
        for x in relations { rel.append(x.name, .list(x.targets.map { .ref($0) })) }
        r.append("relations", .record(rel))
        r.append("sources", .list(sources.map { .ref($0) }))
        return r
    }

    /// What `flatRecord` holds under `key` (its first such field), read without building it;
    /// nil when it has no such key.
    public func flatValue(_ key: String) -> Value? {
        switch key {
        case "id": return .text(id)
        case "kind": return .text(kind)
        case "name": return .text(name)
        default:
            if let f = fields.first(where: { $0.name == key }) { return f.value }
            if let x = relations.first(where: { $0.name == key }) { return x.targets.count == 1 ? .ref(x.targets[0]) : .list(x.targets.map { .ref($0) }) }
            return nil
        }
    }

    /// A flat row for tables: id, kind, name, then the first value of each field, then each
    /// relation (one id, or a list).
    public var flatRecord: Record {
        var r = Record()
        r.append("id", .text(id))
        r.append("kind", .text(kind))
        r.append("name", .text(name))
        for f in fields { r.append(f.name, f.value) }
        for x in relations { r.append(x.name, x.targets.count == 1 ? .ref(x.targets[0]) : .list(x.targets.map { .ref($0) })) }
        return r
    }
}
