/// An in-memory session for tests and embedding: feed it script text, read what it printed.
/// Diagnostics are one line each (`showsSourceLines` is off).
///
///     let s = ScriptedSession(registry: try BuiltinSeeds.registry(), plugins: [FundingPlugin()])
///     let r = s.run("funding list --currency EUR --format json")
///     #expect(r.status == .ok)
public final class ScriptedSession {
    public struct Output: Sendable {
        public var out: String
        public var err: String
        public var status: RunStatus
    }

    public let context: CommandContext
    public let interpreter: Interpreter
    private var out = ""
    private var err = ""

    public init(registry: Registry, plugins: [any SummitPlugin] = [], settings: Settings = Settings()) {
        context = CommandContext(registry: registry, settings: settings)
        context.load(LoadedPlugin(CorePlugin()))
        for p in plugins { context.load(LoadedPlugin(p)) }
        interpreter = Interpreter(context: context, write: { _ in }, writeError: { _ in })
        // One line per diagnostic, for easy comparison; set it to true to see the caret lines.
        interpreter.showsSourceLines = false
        interpreter.write = { [unowned self] in self.out += $0 }
        interpreter.writeError = { [unowned self] in self.err += $0 }
    }

    /// Runs script text (several lines allowed) and returns what it printed.
    /// `--format F` works on any line, as at the prompt.
    @discardableResult
    public func run(_ script: String, file: String = "<test>") -> Output {
        out = ""
        err = ""
        let status = interpreter.run(script: script, file: file)
        return Output(out: out, err: err, status: status)
    }
}
