/// Plugins coming and going during a session: what each added, and taking it away again.
extension CommandContext {
    /// The loaded plugin named `name`, if any.
    public func plugin(named name: String) -> LoadedPlugin? {
        plugins.first { $0.plugin.name == name }
    }

    /// Names of the commands a plugin owns, sorted.
    public func commandNames(ownedBy owner: String) -> [String] {
        commandOwner.filter { $0.value == owner }.keys.sorted()
    }

    /// Removes every command owned by `owner`.
    public func unregisterCommands(ownedBy owner: String) {
        for name in commandNames(ownedBy: owner) {
            commands[name] = nil
            commandOwner[name] = nil
        }
    }

    /// Takes a plugin out of the session: its commands, its entities and the kinds it declared.
    /// Fails, changing nothing, when entities of another pack still refer to its entities.
    public func unload(plugin name: String) throws(RegistryErrors) {
        guard let i = plugins.firstIndex(where: { $0.plugin.name == name }) else { return }
        let p = plugins[i]
        var reg = registry
        for pack in p.entityPacks {
            try reg.removePack(pack, kinds: p.plugin.kinds.map(\.name))
        }
        registry = reg
        unregisterCommands(ownedBy: name)
        plugins.remove(at: i)
    }

    /// The session's plugin state, to put back when a load or reload fails half-way.
    public struct PluginState {
        var registry: Registry
        var plugins: [LoadedPlugin]
        var commands: [String: any Command]
        var commandOwner: [String: String]
    }

    public func pluginState() -> PluginState {
        PluginState(registry: registry, plugins: plugins, commands: commands, commandOwner: commandOwner)
    }

    public func restore(_ state: PluginState) {
        registry = state.registry
        plugins = state.plugins
        commands = state.commands
        commandOwner = state.commandOwner
    }

    /// Entity counts by kind for the given packs: `1 summit, 7 track, 12 source`, most first.
    public func entitySummary(packs: [String]) -> String {
        guard !packs.isEmpty else { return "" }
        let counts = registry.kindCounts(inPacks: packs)
        guard !counts.isEmpty else { return "" }
        let total = counts.values.reduce(0, +)
        let parts = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
        return "\(total) entities (\(parts.joined(separator: ", ")))"
    }

    /// What a plugin added, for `plugins` and `plugin load`: entities by kind, kinds, commands.
    public func addedSummary(_ p: LoadedPlugin) -> String {
        var parts: [String] = []
        let entities = entitySummary(packs: p.entityPacks)
        if !entities.isEmpty { parts.append(entities) }
        if !p.plugin.kinds.isEmpty { parts.append("kinds: " + p.plugin.kinds.map(\.name).joined(separator: ", ")) }
        let names = commandNames(ownedBy: p.plugin.name)
        if !names.isEmpty { parts.append("commands: " + names.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

extension CommandContext {
    /// Takes a plugin's entry and commands out of the session, leaving the registry alone (a
    /// reload replaces its entities itself).
    public func forget(plugin name: String) {
        unregisterCommands(ownedBy: name)
        plugins.removeAll { $0.plugin.name == name }
    }
}
