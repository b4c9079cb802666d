import LineEditor
import PluginHost
import SummitKit

/// Run-time plugins: packs and external plugins (docs/PLUGINS.md).
extension App {
    /// Registers `plugin load/reload/check/list` and loads the plugins named with `--plugin`,
    /// in `SUMMIT_PLUGIN_PATH` and in the plugin directory. Problems go to stderr; a plugin that
    /// fails is skipped. Returns false when one the user named (`--plugin`, `SUMMIT_PLUGIN_PATH`)
    /// failed, so the exit status can say so.
    func setUpPlugins(flags: [String]) -> Bool {
        let manager = PluginManager(interpreter: interpreter)
        // Ctrl-C at the prompt while an external plugin works stops the plugin, not summit.
        manager.shouldStop = { LineEditor.takeInterrupt() }
        context.pluginLoader = manager
        for c in PluginCommands.all { context.register(c) }
        let (found, warnings) = PluginSearch.find(flags: flags)
        for w in warnings { StandardStream.err("summit: warning: \(w)\n") }
        var ok = true
        for p in manager.loadAtStartup(found, into: context) {
            StandardStream.err("summit: \(p.isError ? "error" : "warning"): \(p.message)\n")
            if p.isError { ok = false }
        }
        return ok
    }

    /// Stops external plugins still running.
    func shutDownPlugins() {
        (context.pluginLoader as? PluginManager)?.shutdown()
    }
}
