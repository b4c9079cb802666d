import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// Where plugins are found at start-up, in this order (the first of a name wins):
///
/// 1. `--plugin PATH` (repeatable),
/// 2. `SUMMIT_PLUGIN_PATH`, directories separated by `:`,
/// 3. the plugin directory, `$XDG_DATA_HOME/summit/plugins` (default `~/.local/share/summit/plugins`).
///
/// Each PATH is a plugin (a directory with `pack.yaml`) or a directory of plugins (each
/// subdirectory with a `pack.yaml`). The plugin directory and the plugins in it are skipped,
/// with a warning, when other users could write to them (as ssh treats its files).
public enum PluginSearch {
    public enum Source: Sendable, Hashable {
        case flag
        case environment
        case directory

        /// How a message names it.
        public var label: String {
            switch self {
            case .flag: return "--plugin"
            case .environment: return "SUMMIT_PLUGIN_PATH"
            case .directory: return "the plugin directory"
            }
        }

        /// Failing to load what the user named explicitly is an error; the plugin directory's
        /// plugins are skipped with a warning.
        public var isExplicit: Bool { self != .directory }
    }

    public struct Found: Sendable, Hashable {
        public var path: String
        public var source: Source
    }

    /// `$XDG_DATA_HOME/summit/plugins`, else `$HOME/.local/share/summit/plugins`.
    public static func pluginDirectory(environment env: (String) -> String? = PluginSearch.getenv) -> String? {
        if let x = env("XDG_DATA_HOME"), x.hasPrefix("/") { return x + "/summit/plugins" }
        if let h = env("HOME"), !h.isEmpty { return h + "/.local/share/summit/plugins" }
        return nil
    }

    public static func getenv(_ name: String) -> String? {
        guard let p = Glibc.getenv(name) else { return nil }
        return String(cString: p)
    }

    /// Every plugin to load at start-up, with warnings for what was skipped.
    public static func find(flags: [String], environment env: (String) -> String? = PluginSearch.getenv) -> (found: [Found], warnings: [String]) {
        var found: [Found] = []
        var warnings: [String] = []
        var seen = Set<String>()
        func add(_ path: String, _ source: Source) {
            let key = FileIO.realPath(path) ?? path
            if seen.insert(key).inserted { found.append(Found(path: path, source: source)) }
        }
        /// A plugin, or a directory of plugins.
        func expand(_ raw: String, _ source: Source) {
            let path = FileIO.expandingTilde(raw)
            if !FileIO.isDirectory(path) || FileIO.exists(FileIO.resolve(PackManifest.fileName, relativeTo: path)) {
                add(path, source)  // a plugin, or a missing path: loading it says what is wrong
                return
            }
            let subs = FileIO.list(path).map { FileIO.resolve($0, relativeTo: path) }.filter(FileIO.isDirectory)
            let plugins = subs.filter { FileIO.exists(FileIO.resolve(PackManifest.fileName, relativeTo: $0)) }
            if plugins.isEmpty {
                if source.isExplicit { add(path, source) }  // reported as "no pack.yaml"
                return
            }
            for p in plugins { add(p, source) }
        }
        for f in flags { expand(f, .flag) }
        if let list = env("SUMMIT_PLUGIN_PATH") {
            for entry in list.split(separator: ":") where !entry.isEmpty {
                let path = FileIO.expandingTilde(String(entry))
                if FileIO.exists(path) { expand(path, .environment) } else { warnings.append("SUMMIT_PLUGIN_PATH names '\(path)', which does not exist; skipped") }
            }
        }
        if let dir = pluginDirectory(environment: env), FileIO.isDirectory(dir) {
            if let why = FileIO.unsafeWritability(dir) {
                warnings.append("plugin directory \(dir) skipped: \(why), so another user could add a plugin to it; run `chmod go-w \(dir)`")
            } else {
                for name in FileIO.list(dir) where !name.hasPrefix(".") {
                    let sub = FileIO.resolve(name, relativeTo: dir)
                    guard FileIO.isDirectory(sub) else { continue }
                    guard FileIO.exists(FileIO.resolve(PackManifest.fileName, relativeTo: sub)) else {
                        warnings.append("\(sub) skipped: no \(PackManifest.fileName) in it (each plugin is a directory with a \(PackManifest.fileName))")
                        continue
                    }
                    if let why = FileIO.unsafeWritability(sub) {
                        warnings.append("plugin \(sub) skipped: \(why); run `chmod go-w \(sub)`")
                        continue
                    }
                    add(sub, .directory)
                }
            }
        }
        return (found, warnings)
    }
}
