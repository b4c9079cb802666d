/// A bundle of commands (and optionally kinds) that extends summit.
///
/// Compiled-in plugins are listed once, in the executable's `BuiltinPlugins.swift`.
public protocol SummitPlugin: Sendable {
    /// Short unique name (`funding`).
    var name: String { get }
    /// One line for `plugins`.
    var summary: String { get }
    var version: String { get }
    /// The commands it adds.
    var commands: [any Command] { get }
    /// Extra entity kinds it introduces.
    var kinds: [KindSchema] { get }
}

extension SummitPlugin {
    public var kinds: [KindSchema] { [] }
}

/// How a plugin came to be loaded.
public enum PluginOrigin: Sendable, Hashable {
    case builtIn
    case pack(path: String)
    case external(path: String)

    public var kindName: String {
        switch self {
        case .builtIn: return "built-in"
        case .pack: return "pack"
        case .external: return "external"
        }
    }
}
