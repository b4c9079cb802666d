/// The JSON form in which `summit-pack` hands read packs to `summit` (one document on stdout),
/// so that `summit` itself never links the YAML reader (docs/ARCHITECTURE.md, "Decisions").
///
/// Lossless for entities: every value keeps its type, qualifier and precision, every field and
/// relation its line. Text values are JSON strings; other typed values are tagged objects:
///
///     {"packWire": 1, "packs": [{"directory": "...", "manifest": {...} | null,
///                                "entities": [{"id", "kind", "name", ...}], "problems": [...]}]}
public enum PackWire {
    /// Bumped whenever the form changes; `summit` refuses a helper that writes another.
    public static let version = 1

    /// A reply `summit` cannot use: a stale or foreign helper, or a damaged document.
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    // MARK: - Encoding

    public static func encode(_ packs: [PackContents]) -> String {
        document(packs).serialized
    }

    static func json(_ p: PackContents) -> JSONValue {
        .object([
            JSONMember("directory", .string(p.directory)),
            JSONMember("manifest", p.manifest.map(json) ?? .null),
            JSONMember("entities", .array(p.entities.map(json))),
            JSONMember("problems", .array(p.problems.map(json))),
        ])
    }

    static func json(_ m: PackManifest) -> JSONValue {
        var members = [
            JSONMember("name", .string(m.name)), JSONMember("version", .string(m.version)),
            JSONMember("description", .string(m.description)), JSONMember("file", .string(m.file)),
            JSONMember("summits", strings(m.summits)), JSONMember("commandFiles", strings(m.commandFiles)),
            JSONMember("dataFiles", strings(m.dataFiles)), JSONMember("provides", strings(m.provides)),
            JSONMember("kinds", .array(m.kinds.map { k in
                .object([
                    JSONMember("name", .string(k.name)), JSONMember("summary", .string(k.summary)),
                    JSONMember("required", .object(k.required.keys.sorted().map { JSONMember($0, strings(k.required[$0]!)) })),
                ])
            })),
        ]
        if let e = m.executable { members.append(JSONMember("executable", .string(e))) }
        if let t = m.timeout { members.append(JSONMember("timeout", .number(t))) }
        return .object(members)
    }

    static func json(_ e: RegistryError) -> JSONValue {
        .object([
            JSONMember("file", e.location.map { .string($0.file) } ?? .null),
            JSONMember("line", .number(Double(e.location?.line ?? 0))),
            JSONMember("column", .number(Double(e.location?.column ?? 0))),
            JSONMember("message", .string(e.message)),
        ])
    }

    public static func json(_ e: Entity) -> JSONValue {
        var m = [JSONMember("id", .string(e.id)), JSONMember("kind", .string(e.kind)), JSONMember("name", .string(e.name))]
        if !e.aliases.isEmpty { m.append(JSONMember("aliases", strings(e.aliases))) }
        m.append(JSONMember("sources", strings(e.sources)))
        m.append(JSONMember("pack", .string(e.pack)))
        if let l = e.location {
            m.append(JSONMember("at", .array([.string(l.file), .number(Double(l.line)), .number(Double(l.column))])))
        }
        m.append(JSONMember("fields", .array(e.fields.map { f in
            .object([
                JSONMember("name", .string(f.name)), JSONMember("line", .number(Double(f.line))),
                JSONMember("claims", .array(f.claims.map { c in
                    var cm = [JSONMember("value", json(c.value))]
                    if !c.sources.isEmpty { cm.append(JSONMember("sources", strings(c.sources))) }
                    if let n = c.note { cm.append(JSONMember("note", .string(n))) }
                    return .object(cm)
                })),
            ])
        })))
        m.append(JSONMember("relations", .array(e.relations.map { r in
            .object([JSONMember("name", .string(r.name)), JSONMember("line", .number(Double(r.line))), JSONMember("column", .number(Double(r.column))), JSONMember("targets", strings(r.targets))])
        })))
        return .object(m)
    }

    public static func json(_ v: Value) -> JSONValue {
        func tagged(_ t: String, _ rest: [JSONMember]) -> JSONValue { .object([JSONMember("t", .string(t))] + rest) }
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .text(let s): return .string(s)
        case .list(let items): return .array(items.map(json))
        case .quantity(let q):
            var m = [JSONMember("number", .number(q.number)), JSONMember("qualifier", .string(q.qualifier.rawValue))]
            if let u = q.upper { m.append(JSONMember("to", .number(u))) }
            return tagged("quantity", m)
        case .money(let x):
            var m = [JSONMember("amount", .number(x.amount)), JSONMember("currency", .string(x.currency)), JSONMember("qualifier", .string(x.qualifier.rawValue))]
            if let u = x.upperAmount { m.append(JSONMember("to", .number(u))) }
            return tagged("money", m)
        case .date(let d): return tagged("date", [JSONMember("value", .string(d.description))])
        case .dateRange(let r): return tagged("range", [JSONMember("value", .string(r.description))])
        case .ref(let id): return tagged("ref", [JSONMember("value", .string(id))])
        case .record(let r): return tagged("record", [JSONMember("fields", .array(r.fields.map { .array([.string($0.key), json($0.value)]) }))])
        }
    }

    static func strings(_ s: [String]) -> JSONValue { .array(s.map { .string($0) }) }

    // MARK: - Decoding

    public static func decode(_ text: String) throws(DecodingError) -> [PackContents] {
        let doc: JSONValue
        do { doc = try JSONParser().parse(text) } catch { throw DecodingError(message: "not JSON (\(error))") }
        return try decode(document: doc)
    }

    /// The document as JSON, to keep (the pack cache stores it).
    public static func document(_ packs: [PackContents]) -> JSONValue {
        .object([JSONMember("packWire", .number(Double(version))), JSONMember("packs", .array(packs.map(json)))])
    }

    public static func decode(document doc: JSONValue) throws(DecodingError) -> [PackContents] {
        guard let v = doc["packWire"]?.intValue else { throw DecodingError(message: "not a pack reply (no packWire version)") }
        guard v == version else { throw DecodingError(message: "it writes pack form \(v), this summit reads \(version); rebuild both with `swift build`") }
        guard let packs = doc["packs"]?.arrayValue else { throw DecodingError(message: "no packs in the reply") }
        var out: [PackContents] = []
        for p in packs { out.append(try pack(p)) }
        return out
    }

    static func pack(_ j: JSONValue) throws(DecodingError) -> PackContents {
        let dir = try string(j["directory"], "directory")
        var contents = PackContents(directory: dir, manifest: nil)
        if let m = j["manifest"], !m.isNull { contents.manifest = try manifest(m) }
        for e in j["entities"]?.arrayValue ?? [] { contents.entities.append(try entity(e)) }
        for p in j["problems"]?.arrayValue ?? [] {
            let file = p["file"]?.stringValue
            let loc = file.map { SourceLocation(file: $0, line: p["line"]?.intValue ?? 0, column: p["column"]?.intValue ?? 0) }
            contents.problems.append(RegistryError(.other(p["message"]?.stringValue ?? "problem"), at: loc))
        }
        return contents
    }

    static func manifest(_ j: JSONValue) throws(DecodingError) -> PackManifest {
        var m = PackManifest(name: try string(j["name"], "name"), version: try string(j["version"], "version"),
                             description: try string(j["description"], "description"), file: try string(j["file"], "file"))
        m.summits = try strings(j["summits"], "summits")
        m.commandFiles = try strings(j["commandFiles"], "commandFiles")
        m.dataFiles = try strings(j["dataFiles"], "dataFiles")
        m.provides = try strings(j["provides"], "provides")
        m.executable = j["executable"]?.stringValue
        m.timeout = j["timeout"]?.numberValue
        for k in j["kinds"]?.arrayValue ?? [] {
            var required: [String: [String]] = [:]
            for member in k["required"]?.objectValue ?? [] { required[member.key] = try strings(member.value, "kinds.required") }
            m.kinds.append(KindSchema(name: try string(k["name"], "kinds.name"), required: required, summary: k["summary"]?.stringValue ?? ""))
        }
        return m
    }

    public static func entity(_ j: JSONValue) throws(DecodingError) -> Entity {
        var e = Entity(id: try string(j["id"], "id"), kind: try string(j["kind"], "kind"), name: try string(j["name"], "name"))
        e.aliases = try strings(j["aliases"], "aliases")
        e.sources = try strings(j["sources"], "sources")
        e.pack = j["pack"]?.stringValue ?? ""
        if let at = j["at"]?.arrayValue, at.count == 3, let file = at[0].stringValue {
            e.location = SourceLocation(file: file, line: at[1].intValue ?? 0, column: at[2].intValue ?? 0)
        }
        for f in j["fields"]?.arrayValue ?? [] {
            var claims: [Claim] = []
            for c in f["claims"]?.arrayValue ?? [] {
                claims.append(Claim(try value(c["value"] ?? .null), sources: try strings(c["sources"], "claim sources"), note: c["note"]?.stringValue))
            }
            e.fields.append(Field(try string(f["name"], "field name"), claims, line: f["line"]?.intValue ?? 0))
        }
        for r in j["relations"]?.arrayValue ?? [] {
            e.relations.append(Relation(try string(r["name"], "relation name"), try strings(r["targets"], "relation targets"), line: r["line"]?.intValue ?? 0, column: r["column"]?.intValue ?? 0))
        }
        return e
    }

    public static func value(_ j: JSONValue) throws(DecodingError) -> Value {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .text(s)
        case .array(let items):
            var out: [Value] = []
            for i in items { out.append(try value(i)) }
            return .list(out)
        case .object:
            let tag = j["t"]?.stringValue ?? ""
            func qualifier() throws(DecodingError) -> Qualifier {
                guard let q = Qualifier(rawValue: j["qualifier"]?.stringValue ?? "exact") else { throw DecodingError(message: "unknown qualifier in a value") }
                return q
            }
            switch tag {
            case "quantity":
                guard let n = j["number"]?.numberValue else { break }
                return .quantity(Quantity(number: n, qualifier: try qualifier(), upper: j["to"]?.numberValue))
            case "money":
                guard let a = j["amount"]?.numberValue, let c = j["currency"]?.stringValue else { break }
                return .money(Money(amount: a, currency: c, qualifier: try qualifier(), upperAmount: j["to"]?.numberValue))
            case "date":
                guard let d = j["value"]?.stringValue.flatMap({ ISODate($0) }) else { break }
                return .date(d)
            case "range":
                guard let r = j["value"]?.stringValue.flatMap({ DateRange($0) }) else { break }
                return .dateRange(r)
            case "ref":
                guard let id = j["value"]?.stringValue else { break }
                return .ref(id)
            case "record":
                var r = Record()
                for pair in j["fields"]?.arrayValue ?? [] {
                    guard let kv = pair.arrayValue, kv.count == 2, let k = kv[0].stringValue else { throw DecodingError(message: "a damaged record value") }
                    r.append(k, try value(kv[1]))
                }
                return .record(r)
            default: break
            }
            throw DecodingError(message: "a damaged or unknown value (tag '\(tag)')")
        }
    }

    static func string(_ j: JSONValue?, _ what: String) throws(DecodingError) -> String {
        guard let s = j?.stringValue else { throw DecodingError(message: "'\(what)' is missing or not a string") }
        return s
    }

    static func strings(_ j: JSONValue?, _ what: String) throws(DecodingError) -> [String] {
        guard let j, !j.isNull else { return [] }
        guard let a = j.arrayValue else { throw DecodingError(message: "'\(what)' is not a list") }
        var out: [String] = []
        for x in a {
            guard let s = x.stringValue else { throw DecodingError(message: "'\(what)' holds something other than text") }
            out.append(s)
        }
        return out
    }
}
