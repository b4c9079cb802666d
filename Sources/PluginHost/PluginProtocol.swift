import SummitKit

/// The external plugin protocol, version 1 (docs/PLUGINS.md): JSON lines over stdin/stdout.
///
///     summit → plugin  {"summit": 1, "type": "hello"}
///     plugin → summit  {"protocol": 1, "name": "cite", "version": "1.0.0", "commands": [...]}
///     summit → plugin  {"type": "call", "id": 1, "command": "cite", "arguments": [...], "options": {...}, "entities": [...]}
///     plugin → summit  {"id": 1, "records": [...], "columns": [...]}  or  {"id": 1, "text": "..."}  or  {"id": 1, "error": "..."}
public enum PluginProtocol {
    public static let version = 1

    /// The first message summit sends.
    public static var hello: JSONValue {
        .object([JSONMember("summit", .number(Double(version))), JSONMember("type", .string("hello"))])
    }

    /// A command as a plugin declares it in its handshake.
    public struct CommandSpec: Sendable, Hashable {
        public var name: String
        public var summary: String
        public var help: String
        public var arguments: [ArgumentSpec]
        public var options: [OptionSpec]
        /// For each argument (by name) and option (by name): the entity kind it names, "" for any
        /// kind. summit resolves those ids, and sends the entities with the call.
        public var entityArguments: [String: String]
        public var entityOptions: [String: String]
        /// Kinds whose every entity is sent with each call.
        public var kinds: [String]
    }

    /// What a plugin says about itself in its handshake.
    public struct Handshake: Sendable, Hashable {
        public var protocolVersion: Int
        public var name: String
        public var version: String
        public var commands: [CommandSpec]
    }

    /// A handshake or reply that breaks the protocol: what is wrong, in words.
    public struct Violation: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        init(_ m: String) { message = m }
    }

    // MARK: - Handshake

    public static func handshake(_ j: JSONValue) throws(Violation) -> Handshake {
        guard case .object = j else { throw Violation("its handshake is \(j.typeDescription), not a JSON object") }
        guard let p = j["protocol"] else {
            throw Violation("its handshake has no \"protocol\" member; a summit plugin answers the hello with {\"protocol\": \(version), \"name\": ..., \"version\": ..., \"commands\": [...]}")
        }
        guard let pv = p.intValue else { throw Violation("its handshake's \"protocol\" is \(p.typeDescription), not a whole number") }
        guard pv == version else {
            throw Violation("it speaks protocol version \(pv), but this summit speaks version \(version); use a plugin made for protocol \(version) (docs/PLUGINS.md)")
        }
        guard let name = j["name"]?.stringValue, !name.isEmpty else { throw Violation("its handshake has no \"name\" text") }
        guard let ver = j["version"]?.stringValue else { throw Violation("its handshake has no \"version\" text") }
        guard let cmds = j["commands"]?.arrayValue else { throw Violation("its handshake has no \"commands\" list") }
        var specs: [CommandSpec] = []
        for (i, c) in cmds.enumerated() { specs.append(try command(c, index: i)) }
        return Handshake(protocolVersion: pv, name: name, version: ver, commands: specs)
    }

    static func command(_ c: JSONValue, index: Int) throws(Violation) -> CommandSpec {
        guard let name = c["name"]?.stringValue, PackManifest.isCommandName(name) else {
            throw Violation("command \(index + 1) of its handshake has no valid \"name\" (one to three lowercase words)")
        }
        let summary = c["summary"]?.stringValue ?? ""
        if summary.isEmpty { throw Violation("command '\(name)' has no \"summary\"") }
        var spec = CommandSpec(name: name, summary: summary, help: c["help"]?.stringValue ?? summary, arguments: [], options: [],
                               entityArguments: [:], entityOptions: [:], kinds: [])
        for (i, a) in (c["arguments"]?.arrayValue ?? []).enumerated() {
            guard let an = a["name"]?.stringValue, !an.isEmpty else { throw Violation("argument \(i + 1) of command '\(name)' has no \"name\"") }
            let kind = entityKind(a["entity"])
            var completion: CompletionKind = .none
            if let k = kind { completion = .entities(kind: k.isEmpty ? nil : k) }
            if let vs = a["values"]?.arrayValue { completion = .values(vs.compactMap(\.stringValue)) }
            let variadic = a["variadic"]?.boolValue ?? false
            if variadic && i + 1 < (c["arguments"]?.arrayValue?.count ?? 0) { throw Violation("argument '\(an)' of command '\(name)' is variadic but not the last") }
            spec.arguments.append(ArgumentSpec(an, help: a["help"]?.stringValue ?? "", optional: a["optional"]?.boolValue ?? false,
                                               variadic: variadic, completion: completion))
            if let kind { spec.entityArguments[an] = kind }
        }
        for (i, o) in (c["options"]?.arrayValue ?? []).enumerated() {
            guard let on = o["name"]?.stringValue, !on.isEmpty, !on.hasPrefix("-") else { throw Violation("option \(i + 1) of command '\(name)' has no \"name\" (without dashes)") }
            let kind = entityKind(o["entity"])
            var completion: CompletionKind = .none
            if let k = kind { completion = .entities(kind: k.isEmpty ? nil : k) }
            if let vs = o["values"]?.arrayValue { completion = .values(vs.compactMap(\.stringValue)) }
            spec.options.append(OptionSpec(on, value: o["value"]?.stringValue, help: o["help"]?.stringValue ?? "", completion: completion,
                                           repeatable: o["repeatable"]?.boolValue ?? false))
            if let kind { spec.entityOptions[on] = kind }
        }
        spec.kinds = (c["kinds"]?.arrayValue ?? []).compactMap(\.stringValue)
        return spec
    }

    /// `"entity": true` → any kind (""), `"entity": "summit"` → that kind, else nil.
    static func entityKind(_ j: JSONValue?) -> String? {
        switch j {
        case .bool(true): return ""
        case .string(let s): return s
        default: return nil
        }
    }

    // MARK: - Calls

    public static func call(id: Int, command: String, arguments: [String], options: [JSONMember], entities: [JSONValue]) -> JSONValue {
        .object([
            JSONMember("type", .string("call")), JSONMember("id", .number(Double(id))), JSONMember("command", .string(command)),
            JSONMember("arguments", .array(arguments.map { .string($0) })), JSONMember("options", .object(options)),
            JSONMember("entities", .array(entities)),
        ])
    }

    /// A reply to call `id`, as a result; the plugin's own `error` comes back as `.failure`.
    public enum Reply: Sendable {
        case result(CommandResult)
        case failure(String)
    }

    public static func reply(_ j: JSONValue, id: Int) throws(Violation) -> Reply {
        guard case .object = j else { throw Violation("its reply is \(j.typeDescription), not a JSON object") }
        guard let rid = j["id"] else { throw Violation("its reply has no \"id\"") }
        guard rid.intValue == id else { throw Violation("its reply has id \(rid.serialized.prefix(20)), not \(id) (the call it answers)") }
        if let e = j["error"] {
            guard let msg = e.stringValue else { throw Violation("its reply's \"error\" is \(e.typeDescription), not text") }
            return .failure(msg.isEmpty ? "(no message)" : msg)
        }
        if let t = j["text"] {
            guard let text = t.stringValue else { throw Violation("its reply's \"text\" is \(t.typeDescription), not text") }
            return .result(.text(text))
        }
        guard let recs = j["records"] else { throw Violation("its reply has none of \"records\", \"text\" or \"error\"") }
        guard let items = recs.arrayValue else { throw Violation("its reply's \"records\" is \(recs.typeDescription), not a list") }
        var records: [Record] = []
        for (i, item) in items.enumerated() {
            guard let members = item.objectValue else { throw Violation("record \(i + 1) of its reply is \(item.typeDescription), not an object") }
            records.append(Record(members.map { RecordField($0.key, Value(exported: $0.value)) }))
        }
        if let cols = j["columns"], !cols.isNull {
            guard let list = cols.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { throw Violation("its reply's \"columns\" is not a list of names") }
            return .result(.records(records, columns: list.compactMap(\.stringValue)))
        }
        return .result(.table(records))
    }
}
