/// What running a script or line came to.
public enum RunStatus: Sendable, Hashable {
    case ok
    /// An error was reported (and, without keep-going, the script stopped).
    case failed
    /// `exit` or `quit` was run, with this status.
    case exit(Int32)
}

/// Runs scripts in the summit language against a context: parses them (Language/Parser), then
/// evaluates statements (Language/Evaluator): commands, pipelines, variables, definitions, loops,
/// conditions and assertions. Renders results and reports errors with their location.
/// Knows `exit`, `quit` and `source` itself.
public final class Interpreter {
    public let context: CommandContext
    /// Where rendered results go (stdout).
    public var write: (String) -> Void {
        // Whoever replaces the text sink (to capture output) gets everything through it.
        didSet { writeUTF8 = nil }
    }
    /// The same sink taking UTF-8 bytes, for results rendered as bytes (CSV and JSON), which
    /// then need no conversion to a String. Optional; cleared whenever `write` is replaced.
    public var writeUTF8: (([UInt8]) -> Void)?
    /// Where diagnostics go (stderr).
    public var writeError: (String) -> Void
    /// Files being sourced, innermost last, to catch cycles.
    var sourceStack: [String] = []
    /// Errors reported so far.
    public private(set) var errorCount = 0
    /// Warnings reported so far.
    public private(set) var warningCount = 0
    /// Whether diagnostics show the source line with a caret under the column (the first line is
    /// always `FILE:LINE:COL: error: MESSAGE`).
    public var showsSourceLines = true
    /// Literals of conditions already read as a type (`where amount > 1bn` over many rows).
    let rereads = RereadMemo()
    /// The session's variables.
    public let environment = Environment()
    /// Who owns commands defined with `def` ("user", or a pack's name while a pack loads).
    public var definitionOwner = "user"
    /// The directory of each pack whose commands were loaded (real paths): what their `source`
    /// lines may read from.
    public var packRoots: [String: String] = [:]
    /// The `def` calls running, outermost first (for "called at" notes and the depth limit).
    var callStack: [(name: String, file: String, position: SourcePosition)] = []
    /// The deepest chain of `def` calls (recursion) allowed.
    public static let maxCallDepth = 100
    /// How many statements one top-level statement may run (loops, `def` calls) before it is
    /// stopped: a guard against runaway recursion such as `def f { f; f }`.
    public var stepLimit = 1_000_000
    var steps = 0
    /// Asked before every statement (the REPL answers whether Ctrl-C was pressed): when it says
    /// yes, the running line stops with "interrupted" and the prompt comes back.
    public var interruptRequested: (@Sendable () -> Bool)?
    var runDepth = 0
    /// The stack address at the outermost `run`, and how much stack evaluation may use below it.
    var stackBase: UInt = 0
    /// Bytes of stack evaluation may use (default: half the stack limit; read on first use).
    public var stackBudget: Int {
        get { stackBudgetOverride ?? StackGuard.defaultBudget }
        set { stackBudgetOverride = newValue }
    }
    private var stackBudgetOverride: Int?

    public init(context: CommandContext, write: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
        self.context = context
        self.write = write
        self.writeError = writeError
    }

    /// Runs a whole script. `file` names it in messages; `directory` anchors `source` paths.
    /// A script with a syntax error runs nothing.
    public func run(script text: String, file: String, directory: String = ".") -> RunStatus {
        let unit = SourceUnit(file: file, text: text, directory: directory)
        let program: Program
        do {
            program = try Parser.parse(unit)
        } catch {
            report(syntax: error, in: unit)
            return .failed
        }
        return run(program)
    }

    /// Runs a parsed script, statement by statement.
    public func run(_ program: Program) -> RunStatus {
        var status = RunStatus.ok
        let outermost = runDepth == 0
        if outermost { stackBase = StackGuard.here() }
        runDepth += 1
        defer { runDepth -= 1 }
        for s in program.statements {
            if outermost { steps = 0 }
            do {
                _ = try execute(s, in: program.unit, capture: false)
            } catch {
                switch error {
                case .exit(let code): return .exit(code)
                case .failed:
                    status = .failed
                    if !context.settings.keepGoing { return .failed }
                }
            }
        }
        return status
    }

    /// Runs a pack's script: its `def`s are registered with the pack's name as their owner.
    /// `root` is the pack's directory: the pack's commands may `source` files inside it only.
    public func loadDefinitions(script text: String, file: String, owner: String, directory: String = ".", root: String? = nil) -> RunStatus {
        if let root { packRoots[owner] = FileIO.realPath(root) ?? root }
        let saved = definitionOwner
        definitionOwner = owner
        defer { definitionOwner = saved }
        return run(script: text, file: file, directory: directory)
    }

    /// Renders and writes a result.
    public func emit(_ result: CommandResult) {
        if case .text(let t) = result, t.isEmpty {
            write("\n")
            return
        }
        if let writeUTF8, var bytes = Renderer.utf8(result, settings: context.settings) {
            // Built from Strings, so valid UTF-8: written as they are, without re-validating them.
            if bytes.isEmpty { return }
            if bytes.last != 10 { bytes.append(10) }
            writeUTF8(bytes)
            return
        }
        let text = Renderer.render(result, settings: context.settings)
        if !text.isEmpty { write(text.hasSuffix("\n") ? text : text + "\n") }
    }

    /// Reports an error.
    public func report(_ d: Diagnostic) {
        errorCount += 1
        var d = d
        // A message quoting a huge word (a 10 MB id) is cut, not printed whole.
        if d.message.utf8.count > 1000 { d.message = TextForm.short(d.message, 500) }
        writeError(showsSourceLines ? d.rendered : d.description + "\n" + d.notes.map { "note: \($0)\n" }.joined())
    }

    /// Reports a warning (not counted as an error).
    public func warn(_ d: Diagnostic) {
        warningCount += 1
        var d = d
        d.severity = "warning"
        writeError(showsSourceLines ? d.rendered : d.description + "\n")
    }

    func report(syntax error: SyntaxError, in unit: SourceUnit) {
        var d = Diagnostic(file: unit.file, line: error.line, column: error.column, message: error.message)
        d.sourceLine = Caret.line(error.line, of: unit.text)
        d.length = error.length
        report(d)
    }

    /// Marks a file as the outermost script, so a script that sources itself is caught.
    public func enterFile(_ path: String) { if let r = FileIO.realPath(path) { sourceStack.append(r) } }
    public func leaveFile() { if !sourceStack.isEmpty { sourceStack.removeLast() } }
}

extension FileIO {
    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
