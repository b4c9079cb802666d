import SummitKit

/// A command provided by an external plugin. Until the program has been asked (its first use,
/// its help, or Tab after its name), only the name from the manifest is known; after the
/// handshake, its arguments, options and help are the plugin's own.
public struct ExternalCommand: Command {
    public let name: String
    public let plugin: ExternalPlugin

    public init(name: String, plugin: ExternalPlugin) {
        self.name = name
        self.plugin = plugin
    }

    /// The plugin's declaration of this command, starting the plugin if needed; nil when it cannot start.
    private var spec: PluginProtocol.CommandSpec? {
        plugin.declaration()?.commands.first { $0.name == name }
    }

    public var summary: String {
        plugin.knownHandshake?.commands.first { $0.name == name }?.summary ?? "From the external plugin \(plugin.name) (`help \(name)` starts it)"
    }

    public var help: String {
        if let s = spec { return s.help }
        do {
            _ = try plugin.handshake()
            return spec?.help ?? summary
        } catch {
            return "From the external plugin \(plugin.name), which cannot start now:\n\(error.message)"
        }
    }

    public var arguments: [ArgumentSpec] {
        spec?.arguments ?? [ArgumentSpec("arguments", help: "passed to the plugin", optional: true, variadic: true)]
    }

    public var options: [OptionSpec] { spec?.options ?? [] }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let spec: PluginProtocol.CommandSpec
        do {
            let h = try plugin.handshake()
            guard let s = h.commands.first(where: { $0.name == name }) else {
                throw CommandError(.failed, "external plugin '\(plugin.name)' no longer declares '\(name)'")
            }
            spec = s
        } catch let e as ExternalPlugin.Failure {
            throw CommandError(.failed, e.message)
        } catch {
            throw error as? CommandError ?? CommandError(.failed, "\(error)")
        }

        // Entity ids are resolved here, with suggestions, and the entities go with the call.
        var sent: [String] = []
        func send(_ id: String) { if !sent.contains(id) { sent.append(id) } }
        for (i, word) in args.positional.enumerated() {
            let argSpec = i < spec.arguments.count ? spec.arguments[i] : spec.arguments.last
            guard let a = argSpec, let kind = spec.entityArguments[a.name] else { continue }
            let e = try context.resolveEntity(word, kind: kind.isEmpty ? nil : kind, argument: args.tokenIndex(ofPositional: i))
            send(e.id)
        }
        var options: [JSONMember] = []
        for o in spec.options {
            guard let values = args.options[o.name] else { continue }
            if o.valueName == nil {
                options.append(JSONMember(o.name, .bool(true)))
                continue
            }
            if let kind = spec.entityOptions[o.name] {
                for v in values { send(try context.resolveEntity(v, kind: kind.isEmpty ? nil : kind, argument: args.tokenIndex(ofOption: o.name)).id) }
            }
            options.append(JSONMember(o.name, o.repeatable ? .array(values.map { .string($0) }) : .string(values.last ?? "")))
        }
        let entities = Self.payload(ids: sent, kinds: spec.kinds, registry: context.registry)
        // Arguments naming entities by name or alias are sent as their ids.
        var positional = args.positional
        for (i, word) in positional.enumerated() {
            let argSpec = i < spec.arguments.count ? spec.arguments[i] : spec.arguments.last
            if let a = argSpec, let kind = spec.entityArguments[a.name],
               let e = try? context.resolveEntity(word, kind: kind.isEmpty ? nil : kind) {
                positional[i] = e.id
            }
        }
        do {
            return try plugin.call(name, arguments: positional, options: options, entities: entities)
        } catch {
            throw CommandError(.failed, error.message)
        }
    }

    /// The entities sent with a call, as export records: those named, the entities they refer to
    /// (sources, relations, references), and every entity of `kinds`.
    static func payload(ids: [String], kinds: [String], registry: Registry) -> [JSONValue] {
        var order: [String] = []
        var seen = Set<String>()
        func add(_ id: String) { if registry.contains(id), seen.insert(id).inserted { order.append(id) } }
        for id in ids {
            add(id)
            guard let e = registry.entity(id) else { continue }
            for s in e.sources { add(s) }
            for f in e.fields { for c in f.claims { for s in c.sources { add(s) }; refs(c.value, add) } }
            for r in e.relations { for t in r.targets { add(t) } }
        }
        for k in kinds { for e in registry.entities(ofKind: k) { add(e.id) } }
        return order.compactMap { registry.entity($0) }.map { JSONValue(exporting: .record($0.record)) }
    }

    static func refs(_ v: Value, _ add: (String) -> Void) {
        switch v {
        case .ref(let id): add(id)
        case .list(let items): for i in items { refs(i, add) }
        case .record(let r): for f in r.fields { refs(f.value, add) }
        default: break
        }
    }
}
