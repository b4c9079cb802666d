import SummitKit
import Yams

/// Reads a plugin manifest (`pack.yaml`, docs/PLUGINS.md) and reports every problem with file,
/// line and field.
public enum ManifestReader {
    /// The keys a manifest may have.
    public static let keys = ["name", "version", "description", "summits", "kinds", "commands", "executable", "provides", "timeout"]

    /// The value types a kind's `required:` fields may name (`Value.typeName`).
    public static let typeNames = ["boolean", "number", "quantity", "money", "date", "date range", "text", "reference", "list", "record"]

    /// Parses manifest text. `file` names it in messages. Returns nil (with problems) when it is
    /// not a manifest at all; otherwise what could be read, plus the problems found.
    public static func parse(yaml text: String, file: String) -> (PackManifest?, [RegistryError]) {
        let (m, walker) = walk(yaml: text, file: file)
        return (m, walker.errors)
    }

    static func walk(yaml text: String, file: String) -> (PackManifest?, ManifestWalker) {
        var walker = ManifestWalker(file: file)
        let root: Node?
        do {
            // The same guarded reading as data files (no aliases, bounded depth and size).
            root = try PackLoader.compose(yaml: text, file: file)
        } catch {
            walker.errors += error.errors
            return (nil, walker)
        }
        guard let root else {
            walker.errors.append(RegistryError(.other("the manifest is empty; it needs name, version and description"), at: SourceLocation(file: file, line: 1)))
            return (nil, walker)
        }
        let manifest = walker.manifest(root)
        return (manifest, walker)
    }
}

/// Walks a manifest's YAML tree, collecting problems instead of stopping at the first.
struct ManifestWalker {
    let file: String
    var errors: [RegistryError] = []
    /// Lines of the top-level keys, for problems found later (a summit the pack lacks).
    var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    func loc(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func error(_ node: Node?, _ message: String) {
        errors.append(RegistryError(.other(message), at: loc(node)))
    }

    mutating func manifest(_ root: Node) -> PackManifest? {
        guard let top = Reader.pairs(root) else {
            error(root, "a manifest is a mapping of keys (name, version, description, ...) to values")
            return nil
        }
        var m = PackManifest(name: "", version: "", description: "", file: file)
        var seen = Set<String>()
        for (key, keyNode, value) in top {
            lines[key] = keyNode.mark?.line
            if !seen.insert(key).inserted { error(keyNode, "field '\(key)' is given twice; keep one"); continue }
            switch key {
            case "name":
                m.name = text(value, field: key) ?? ""
                if !m.name.isEmpty && !PackManifest.isName(m.name) {
                    error(value, "field 'name': '\(m.name)' is not a valid plugin name; use lowercase letters, digits and '-' (india-2026)")
                }
            case "version": m.version = text(value, field: key) ?? ""
            case "description": m.description = text(value, field: key) ?? ""
            case "summits":
                m.summits = list(value, field: key)
                for (i, s) in m.summits.enumerated() where !Reader.isSlug(s) {
                    error(item(value, i), "field 'summits': '\(s)' is not an id")
                }
            case "provides":
                m.provides = list(value, field: key)
                for (i, s) in m.provides.enumerated() where !PackManifest.isCommandName(s) {
                    error(item(value, i), "field 'provides': '\(s)' is not a command name; use one to three words of lowercase letters, digits and '-'")
                }
            case "commands":
                m.commandFiles = list(value, field: key)
            case "executable":
                m.executable = text(value, field: key)
            case "timeout":
                guard let s = value.scalar, let t = Double(s.string), t > 0, t <= 600 else {
                    error(value, "field 'timeout': give the seconds a call may take, a number from 0.1 to 600")
                    continue
                }
                m.timeout = t
            case "kinds":
                m.kinds = kinds(value)
            default:
                var msg = "unknown field '\(key)' in the manifest"
                if let s = Suggest.closest(to: key, in: ManifestReader.keys) { msg += "; did you mean '\(s)'?" } else {
                    msg += "; a manifest has \(ManifestReader.keys.joined(separator: ", "))"
                }
                error(keyNode, msg)
            }
        }
        for (key, value) in [("name", m.name), ("version", m.version), ("description", m.description)] where value.isEmpty {
            if !seen.contains(key) { error(root, "field '\(key)': the manifest needs `\(key):`") }
            else { error(root, "field '\(key)' is empty") }
        }
        if m.executable == nil && !m.provides.isEmpty {
            error(root, "field 'provides' lists commands of an external plugin, but there is no `executable:`")
        }
        if m.executable != nil && m.provides.isEmpty {
            error(root, "field 'provides': an external plugin lists the commands it provides, e.g. `provides: [cite]`, so summit can start it on first use")
        }
        return m
    }

    func item(_ node: Node, _ i: Int) -> Node {
        if case .sequence(let seq) = node, i < seq.count { return seq[i] }
        return node
    }

    mutating func text(_ node: Node, field: String) -> String? {
        guard let s = node.scalar else {
            error(node, "field '\(field)' must be text, not a list or mapping")
            return nil
        }
        return s.string
    }

    mutating func list(_ node: Node, field: String) -> [String] {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? [] : [s.string]
        case .sequence(let seq):
            return seq.compactMap { item in
                guard let s = item.scalar?.string else { error(item, "field '\(field)': expected a plain word, found a nested structure"); return nil }
                return s
            }
        default:
            error(node, "field '\(field)' must be a list, like [a, b]")
            return []
        }
    }

    mutating func kinds(_ node: Node) -> [KindSchema] {
        guard case .sequence(let seq) = node else {
            error(node, "field 'kinds' must be a list of kinds, each with name, summary and optional required")
            return []
        }
        var out: [KindSchema] = []
        for item in seq {
            guard let pairs = Reader.pairs(item) else { error(item, "field 'kinds': each kind is a mapping with name, summary and optional required"); continue }
            var k = KindSchema(name: "", summary: "")
            for (key, keyNode, value) in pairs {
                switch key {
                case "name":
                    k.name = text(value, field: "kinds.name") ?? ""
                    if !Reader.isSlug(k.name) || k.name.isEmpty { error(value, "field 'kinds.name': '\(k.name)' is not a valid kind name") }
                case "summary": k.summary = text(value, field: "kinds.summary") ?? ""
                case "required":
                    guard let fields = Reader.pairs(value) else { error(value, "field 'kinds.required' maps field names to types, e.g. {date: [date]}"); continue }
                    for (fname, _, types) in fields {
                        let ts = list(types, field: "kinds.required.\(fname)")
                        for t in ts where !ManifestReader.typeNames.contains(t) {
                            var msg = "field 'kinds.required.\(fname)': unknown type '\(t)'"
                            if let s = Suggest.closest(to: t, in: ManifestReader.typeNames) { msg += "; did you mean '\(s)'?" } else { msg += "; use \(ManifestReader.typeNames.joined(separator: ", "))" }
                            error(types, msg)
                        }
                        k.required[fname] = ts
                    }
                default:
                    error(keyNode, "field 'kinds': unknown key '\(key)' in a kind (name, summary, required)")
                }
            }
            if k.summary.isEmpty && !k.name.isEmpty { error(item, "field 'kinds.summary': kind '\(k.name)' needs a one-line `summary:`") }
            if KindSchema.builtIn.contains(where: { $0.name == k.name }) { error(item, "field 'kinds.name': '\(k.name)' is a built-in kind already") }
            if !k.name.isEmpty { out.append(k) }
        }
        return out
    }
}
