// libyaml itself (Yams's C part), for a streaming check before Yams builds the tree.
internal import CYaml
import SummitKit
import Yams

/// One pack file read from YAML: its entities (sources included) in file order.
public struct PackFile: Sendable {
    public var pack: String
    public var title: String?
    public var entities: [Entity]
}

/// Reads pack files (docs/SEEDS.md) into entities, reporting every problem with file, line and field.
///
/// Reading checks the form of each file (value types, dates, money, ids). Links between
/// entities (duplicate ids, dangling references, required fields) are checked when the
/// entities are added to a `Registry`.
public enum PackLoader {
    /// Parses one YAML pack file. `file` names it in messages.
    public static func parse(yaml text: String, file: String) throws(RegistryErrors) -> PackFile {
        var reader = Reader(file: file)
        guard let root = try compose(yaml: text, file: file) else {
            throw RegistryErrors([RegistryError(.other("empty pack file; it needs `pack:` and `entities:`"), at: SourceLocation(file: file, line: 1))])
        }
        let result = reader.pack(root)
        if !reader.errors.isEmpty { throw RegistryErrors(capping: reader.errors, omitted: reader.omittedErrors) }
        return result
    }

    /// The largest pack file read, in bytes (the seeds are well under 1 MB each).
    public static let maxBytes = 64 << 20
    /// The deepest nesting of lists and mappings a pack may have (the format needs about ten).
    public static let maxDepth = 64
    /// The most values (scalars, lists, mappings) in one pack file: about 100,000 entities.
    public static let maxNodes = 1_000_000

    /// Composes YAML text for a pack (or manifest) into a tree, safely for files nobody vouches
    /// for: a streaming pass over libyaml's events first refuses aliases (`*name`: a few lines of
    /// them can stand for billions of values, the "billion laughs"), nesting deeper than
    /// `maxDepth` and more than `maxNodes` values, before any tree is built. A leading UTF-8
    /// byte-order mark is ignored. Syntax errors come back with file, line and column.
    public static func compose(yaml text: String, file: String) throws(RegistryErrors) -> Node? {
        var text = text
        if text.utf8.first == 0xEF, text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        if text.utf8.count > maxBytes {
            throw RegistryErrors([RegistryError(.other("the file is larger than \(maxBytes >> 20) MB; split it into several packs"), at: SourceLocation(file: file, line: 1))])
        }
        if let problem = preflight(text, file: file) { throw RegistryErrors([problem]) }
        do {
            // `.basic`: every scalar stays a string; `Reader.value` types them itself (docs/SEEDS.md).
            // Yams's default resolver runs up to seven regular expressions on every scalar and
            // again on every mapping key when it checks for duplicates: over half the read.
            return try Yams.compose(yaml: text, .basic)
        } catch let e as YamlError {
            throw RegistryErrors([Reader(file: file).yamlError(e)])
        } catch {
            throw RegistryErrors([RegistryError(.other("cannot read YAML: \(error)"), at: SourceLocation(file: file, line: 1))])
        }
    }

    /// The first alias, too-deep nesting or excess of values, found without building a tree;
    /// nil when there is none (or on a syntax error, which `Yams.compose` then reports).
    static func preflight(_ text: String, file: String) -> RegistryError? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> RegistryError? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            var nodes = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let at = SourceLocation(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    return RegistryError(.other("YAML aliases (*\(name)) are not allowed in packs; write the value out in full"), at: at)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    nodes += 1
                    if depth > maxDepth {
                        return RegistryError(.other("lists and mappings are nested more than \(maxDepth) deep; a pack needs only a few levels"), at: at)
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                case YAML_SCALAR_EVENT:
                    nodes += 1
                default:
                    break
                }
                if nodes > maxNodes {
                    return RegistryError(.other("the file has more than \(maxNodes) values; split it into several packs"), at: at)
                }
            }
        }
    }

    /// Reads every `*.yaml`/`*.yml` file of a directory, in name order. Files are named
    /// `dir/NAME` in messages; `base` (if given) is where `dir` is, when it is relative.
    public static func loadDirectory(_ dir: String, relativeTo base: String? = nil) throws(RegistryErrors) -> [PackFile] {
        var files: [PackFile] = []
        var errors: [RegistryError] = []
        let real = base.map { FileIO.resolve(dir, relativeTo: $0) } ?? dir
        for name in FileIO.list(real) where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = FileIO.resolve(name, relativeTo: dir)
            do {
                let text = try FileIO.readText(FileIO.resolve(name, relativeTo: real))
                files.append(try parse(yaml: text, file: path))
            } catch let e as RegistryErrors {
                errors += e.errors
            } catch {
                errors.append(RegistryError(.other("\(error)"), at: SourceLocation(file: path, line: 1)))
            }
        }
        if !errors.isEmpty { throw RegistryErrors(capping: errors) }
        return files
    }

    /// Reads a directory of packs and links them into a registry: every problem at once.
    public static func registry(directory: String, kinds: [KindSchema] = KindSchema.builtIn) throws(RegistryErrors) -> Registry {
        let files = try loadDirectory(directory)
        return try Registry(entities: files.flatMap(\.entities), kinds: kinds)
    }
}

/// Walks the YAML tree and collects errors instead of stopping at the first.
struct Reader {
    let file: String
    var errors: [RegistryError] = []
    /// Problems found beyond `RegistryErrors.reportLimit`, counted but not kept.
    var omittedErrors = 0

    init(file: String) { self.file = file }

    func loc(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func error(_ node: Node?, _ message: String) {
        guard errors.count < RegistryErrors.reportLimit else { omittedErrors += 1; return }
        errors.append(RegistryError(.other(message), at: loc(node)))
    }

    func yamlError(_ e: YamlError) -> RegistryError {
        var line = 1
        var column = 1
        var message = "\(e)"
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            line = mark.line
            column = mark.column
            message = "YAML syntax: \(problem)"
        case .composer(_, let problem, let mark, _):
            line = mark.line
            column = mark.column
            message = "YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Not `"\(e)"`: Yams puts the whole file in this one's context.
            line = context.mark.line
            column = context.mark.column
            let keys = duplicates.sorted().prefix(5).map { "'\($0.prefix(60))'" }.joined(separator: ", ")
            message = "YAML: a mapping has the key \(keys) more than once; each key may appear once"
        case .reader(let problem, let offset, _, _):
            message = "YAML: \(problem)" + (offset.map { " (at byte \($0))" } ?? "")
        default: break
        }
        if message.contains("Maximum nesting level") {
            message = "YAML: lists and mappings are nested too deep; a pack needs only a few levels"
        }
        return RegistryError(.other(message + "; check indentation and quoting"), at: SourceLocation(file: file, line: line, column: column))
    }

    static func pairs(_ node: Node) -> [(String, Node, Node)]? {
        guard case .mapping(let m) = node else { return nil }
        return m.map { ($0.key.string ?? "", $0.key, $0.value) }
    }

    mutating func pack(_ root: Node) -> PackFile {
        guard let top = Self.pairs(root) else {
            error(root, "a pack file is a mapping with `pack:`, `sources:` and `entities:`")
            return PackFile(pack: "", title: nil, entities: [])
        }
        var pack = ""
        var title: String?
        var entities: [Entity] = []
        for (key, keyNode, value) in top {
            switch key {
            case "pack": pack = value.string ?? ""
            case "title": title = value.string
            case "sources", "entities":
                guard case .sequence(let seq) = value else {
                    error(value, "`\(key):` must be a list of entities (lines starting with `- id:`)")
                    continue
                }
                for item in seq {
                    if let e = entity(item, defaultKind: key == "sources" ? "source" : nil, pack: pack) { entities.append(e) }
                }
            default:
                error(keyNode, "unknown top-level key '\(key)'; a pack file has pack, title, sources and entities")
            }
        }
        if pack.isEmpty { error(root, "the file needs `pack: NAME` at the top") }
        for i in entities.indices { entities[i].pack = pack }
        return PackFile(pack: pack, title: title, entities: entities)
    }

    static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    mutating func entity(_ node: Node, defaultKind: String?, pack: String) -> Entity? {
        guard let pairs = Self.pairs(node) else {
            error(node, "each entity is a mapping with id, kind, name, sources and fields")
            return nil
        }
        var e = Entity(id: "", kind: defaultKind ?? "", name: "", pack: pack, location: loc(node))
        var sawSources = false
        var sourceFields: [Field] = []
        for (key, keyNode, value) in pairs {
            switch key {
            case "id":
                let id = value.string ?? ""
                if !Self.isSlug(id) { error(value, "field 'id': '\(id)' is not a valid id; use lowercase letters, digits and '-'") }
                e.id = id
            case "kind": e.kind = value.string ?? ""
            case "name": e.name = value.string ?? ""
            case "aliases":
                e.aliases = stringList(value, field: "aliases")
            case "sources":
                sawSources = true
                e.sources = stringList(value, field: "sources")
            case "fields":
                guard let fp = Self.pairs(value) else {
                    error(value, "field 'fields' must be a mapping of field names to values")
                    continue
                }
                for (fname, fnode, fvalue) in fp {
                    if let f = field(fname, fnode, fvalue) { e.fields.append(f) }
                }
            case "relations":
                guard let rp = Self.pairs(value) else {
                    error(value, "field 'relations' must be a mapping of relation names to ids")
                    continue
                }
                for (rname, rnode, rvalue) in rp {
                    let targets = stringList(rvalue, field: "relations.\(rname)")
                    for t in targets where !Self.isSlug(t) { error(rvalue, "relation '\(rname)': '\(t)' is not an id") }
                    e.relations.append(Relation(rname, targets, line: rvalue.mark?.line ?? rnode.mark?.line ?? 0, column: rvalue.mark?.column ?? 0))
                }
            // Shorthand for source entities: title, publisher, date, url, note at the top level.
            case _ where ["title", "publisher", "date", "url", "note"].contains(key) && (defaultKind == "source" || e.kind == "source"):
                if let f = field(key, keyNode, value) { sourceFields.append(f) }
            default:
                if let s = Suggest.closest(to: key, in: Self.entityKeys) {
                    error(keyNode, "unknown key '\(key)' in an entity; did you mean '\(s)'?")
                } else {
                    error(keyNode, "unknown key '\(key)' in an entity; put facts under `fields:` and links under `relations:`")
                }
            }
        }
        e.fields = sourceFields + e.fields
        if e.id.isEmpty { error(node, "an entity needs an `id:`"); return nil }
        if e.kind.isEmpty { error(node, "field 'kind': '\(e.id)' needs a `kind:`") }
        if e.name.isEmpty {
            if e.kind == "source", case .text(let t) = e[field: "title"] { e.name = t } else { error(node, "field 'name': '\(e.id)' needs a `name:`") }
        }
        if !sawSources && e.kind != "source" { error(node, "field 'sources': '\(e.id)' cites no source; add `sources: [SOURCE-ID]`") }
        return e
    }

    mutating func stringList(_ node: Node, field: String) -> [String] {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? [] : [s.string]
        case .sequence(let seq):
            return seq.compactMap { item in
                guard let s = item.string else { error(item, "field '\(field)': expected a plain word, found a nested structure"); return nil }
                return s
            }
        default:
            error(node, "field '\(field)': expected an id or a list of ids")
            return []
        }
    }

    /// The keys an entity may have (for "did you mean").
    static let entityKeys = ["id", "kind", "name", "aliases", "sources", "fields", "relations"]

    mutating func field(_ name: String, _ keyNode: Node, _ node: Node) -> Field? {
        let line = keyNode.mark?.line ?? 0
        if let pairs = Self.pairs(node), pairs.contains(where: { $0.0 == "claims" }) {
            guard pairs.count == 1, case .sequence(let seq) = pairs[0].2 else {
                error(node, "field '\(name)': `claims:` must be the only key and hold a list")
                return nil
            }
            let claims = seq.compactMap { claim($0, field: name) }
            if claims.isEmpty { error(node, "field '\(name)': `claims:` is empty") }
            return Field(name, claims, line: line)
        }
        guard let c = claim(node, field: name) else { return nil }
        return Field(name, [c], line: line)
    }

    /// A claim is `{value: V, source: S, note: N}` or a bare value.
    mutating func claim(_ node: Node, field: String) -> Claim? {
        if let pairs = Self.pairs(node), pairs.contains(where: { $0.0 == "value" }) {
            var c = Claim(.null)
            for (k, kn, v) in pairs {
                switch k {
                case "value": guard let val = value(v, field: field) else { return nil }; c.value = val
                case "source", "sources": c.sources = stringList(v, field: field + ".source")
                case "note": c.note = v.string
                default: error(kn, "field '\(field)': unknown key '\(k)' in a claim (value, source, note)")
                }
            }
            return c
        }
        return value(node, field: field).map { Claim($0) }
    }

    mutating func value(_ node: Node, field: String) -> Value? {
        switch node {
        case .scalar(let s):
            return scalar(s, node: node, field: field)
        case .sequence(let seq):
            var items: [Value] = []
            for item in seq { if let v = value(item, field: field) { items.append(v) } }
            return .list(items)
        case .mapping:
            return typedMapping(node, field: field)
        case .alias:
            error(node, "field '\(field)': YAML aliases are not allowed in packs; write the value out")
            return nil
        }
    }

    mutating func scalar(_ s: Node.Scalar, node: Node, field: String) -> Value? {
        let text = s.string
        if s.style == .singleQuoted || s.style == .doubleQuoted || s.style == .literal || s.style == .folded { return .text(text) }
        if text.contains(".."), text.first?.isNumber == true {
            guard let r = DateRange(text) else {
                error(node, "field '\(field)': '\(text)' is not a valid date range; write START..END with ISO dates, END not before START")
                return nil
            }
            return .dateRange(r)
        }
        if Self.looksLikeDate(text) {
            guard let d = ISODate(text) else {
                error(node, "field '\(field)': '\(text)' is not a real date; write an ISO date like 2025-02-10")
                return nil
            }
            return .date(d)
        }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if text == "~" || text == "null" { return .null }
        if let n = Self.plainNumber(text) { return .number(n) }
        return .text(text)
    }

    static func looksLikeDate(_ t: String) -> Bool {
        let u = Array(t.utf8)
        guard u.count == 7 || u.count == 10, u[4] == 45 else { return false }
        return u.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    static func plainNumber(_ t: String) -> Double? {
        guard let f = t.utf8.first, (f >= 48 && f <= 57) || f == 45 else { return nil }
        guard t.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 95 || $0 == 101 || $0 == 43 }) else { return nil }
        return Double(t.replacingOccurrences("_", with: ""))
    }

    mutating func number(_ node: Node, field: String, key: String) -> Double? {
        guard let s = node.scalar, s.style != .singleQuoted && s.style != .doubleQuoted || ValueParser.number(s.string) != nil,
              let n = Self.plainNumber(s.string) ?? ValueParser.number(s.string) else {
            error(node, "field '\(field)': `\(key)` must be a number (units, e.g. 200000000000), not '\(node.string ?? "a structure")'")
            return nil
        }
        return n
    }

    mutating func qualifier(_ node: Node?, field: String) -> Qualifier {
        guard let node else { return .exact }
        guard let s = node.string, let q = Qualifier(text: s) else {
            error(node, "field '\(field)': unknown qualifier '\(node.string ?? "")'; use one of \(Qualifier.allCases.map(\.rawValue).joined(separator: ", "))")
            return .exact
        }
        return q
    }

    mutating func typedMapping(_ node: Node, field: String) -> Value? {
        guard let pairs = Self.pairs(node) else { return nil }
        let keys = Set(pairs.map(\.0))
        func get(_ k: String) -> Node? { pairs.first { $0.0 == k }?.2 }
        func allow(_ allowed: Set<String>, _ what: String) -> Bool {
            let extra = keys.subtracting(allowed)
            if !extra.isEmpty {
                error(node, "field '\(field)': unknown key '\(extra.sorted()[0])' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
                return false
            }
            return true
        }
        if keys.contains("amount") || keys.contains("currency") {
            guard allow(["amount", "currency", "qualifier", "to"], "money") else { return nil }
            guard let an = get("amount") else { error(node, "field '\(field)': money needs an `amount:`"); return nil }
            guard let cn = get("currency") else {
                error(node, "field '\(field)': the amount has no currency; add `currency:` with an ISO 4217 code such as EUR or USD")
                return nil
            }
            guard let amount = number(an, field: field, key: "amount") else { return nil }
            let cur = cn.string ?? ""
            guard Money.isCurrencyCode(cur) else {
                error(cn, "field '\(field)': '\(cur)' is not an ISO 4217 currency code; use three capital letters such as EUR, USD, GBP")
                return nil
            }
            let upper = get("to").flatMap { number($0, field: field, key: "to") }
            return .money(Money(amount: amount, currency: cur, qualifier: qualifier(get("qualifier"), field: field), upperAmount: upper))
        }
        if keys.contains("number") {
            guard allow(["number", "qualifier", "to"], "a quantity") else { return nil }
            guard let n = number(get("number")!, field: field, key: "number") else { return nil }
            let upper = get("to").flatMap { number($0, field: field, key: "to") }
            return .quantity(Quantity(number: n, qualifier: qualifier(get("qualifier"), field: field), upper: upper))
        }
        if keys.contains("ref") {
            guard allow(["ref"], "a reference") else { return nil }
            return .ref(get("ref")!.string ?? "")
        }
        if keys.contains("text") {
            guard allow(["text"], "a text value") else { return nil }
            return .text(get("text")!.string ?? "")
        }
        if keys.contains("date") {
            guard allow(["date"], "a date") else { return nil }
            let t = get("date")!.string ?? ""
            guard let d = ISODate(t) else { error(node, "field '\(field)': '\(t)' is not an ISO date"); return nil }
            return .date(d)
        }
        if keys.contains("from") && keys.contains("to") && keys.count == 2 {
            let a = get("from")!.string ?? "", b = get("to")!.string ?? ""
            guard let r = DateRange("\(a)..\(b)") else { error(node, "field '\(field)': '\(a)'..'\(b)' is not a valid date range"); return nil }
            return .dateRange(r)
        }
        // A plain record of named values.
        var r = Record()
        for (k, _, v) in pairs {
            guard let val = value(v, field: field + "." + k) else { return nil }
            r.append(k, val)
        }
        return .record(r)
    }
}
