/// What running a script or line came to.
public enum RunStatus: Sendable, Hashable {
    case ok
    /// An error was reported (and, without keep-going, the script stopped).
    case failed
    /// `exit` or `quit` was run, with this status.
    case exit(Int32)
}

/// Runs statements against a context: resolves commands, parses arguments, renders results,
/// and reports errors with their location. Knows `exit`, `quit` and `source` itself.
public final class Interpreter {
    public let context: CommandContext
    /// Where rendered results go (stdout).
    public var write: (String) -> Void
    /// Where diagnostics go (stderr).
    public var writeError: (String) -> Void
    /// Files being sourced, innermost last, to catch cycles.
    private var sourceStack: [String] = []
    /// Errors reported so far.
    public private(set) var errorCount = 0
    private let lexer = Lexer()

    public init(context: CommandContext, write: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
        self.context = context
        self.write = write
        self.writeError = writeError
    }

    /// Runs a whole script. `file` names it in messages; `directory` anchors `source` paths.
    public func run(script text: String, file: String, directory: String = ".") -> RunStatus {
        let statements: [Statement]
        do {
            statements = try lexer.statements(text)
        } catch {
            report(Diagnostic(file: file, line: error.line, column: error.column, message: error.message))
            return .failed
        }
        var status = RunStatus.ok
        for s in statements {
            switch execute(s, file: file, directory: directory) {
            case .ok: continue
            case .exit(let code): return .exit(code)
            case .failed:
                status = .failed
                if !context.settings.keepGoing { return .failed }
            }
        }
        return status
    }

    /// Runs one statement.
    public func execute(_ statement: Statement, file: String, directory: String) -> RunStatus {
        let tokens = statement.tokens
        guard !tokens.isEmpty else { return .ok }
        let words = tokens.map(\.text)
        func fail(_ message: String, at token: Token? = nil) -> RunStatus {
            let t = token ?? tokens[0]
            report(Diagnostic(file: file, line: t.line, column: t.column, message: message))
            return .failed
        }
        switch words[0] {
        case "exit", "quit":
            if words.count > 2 { return fail("\(words[0]) takes at most one argument, the exit status", at: tokens[2]) }
            if words.count == 2 {
                guard let code = Int32(words[1]), (0...255).contains(code) else { return fail("exit status must be a number from 0 to 255, not '\(words[1])'", at: tokens[1]) }
                return .exit(code)
            }
            return .exit(0)
        case "source":
            guard words.count == 2 else { return fail("usage: source FILE (one file; quote paths with spaces)", at: tokens.count > 2 ? tokens[2] : tokens[0]) }
            return source(words[1], token: tokens[1], file: file, directory: directory)
        default: break
        }
        guard let (command, used) = context.resolveCommand(words) else {
            // A group name alone (`funding`) lists its subcommands.
            let subs = context.subcommands(of: words[0])
            if !subs.isEmpty {
                if words.count == 1 {
                    emit(.text(HelpText.group(words[0], subs)))
                    return .ok
                }
                let names = subs.map { String($0.name.split(separator: " ").last!) }
                var msg = "'\(words[0])' has no subcommand '\(words[1])'"
                if let s = Suggest.closest(to: words[1], in: names) { msg += "; did you mean '\(words[0]) \(s)'?" } else { msg += "; try one of: " + names.joined(separator: ", ") }
                return fail(msg, at: tokens[1])
            }
            var msg = "unknown command '\(words[0])'"
            let known = context.topLevelWords + ["exit", "quit", "source"]
            if let s = Suggest.closest(to: words[0], in: known) { msg += "; did you mean '\(s)'?" } else { msg += "; type `help` to list commands" }
            return fail(msg)
        }
        var argTokens = Array(tokens[used...])
        // `--format F` applies to this one command, unless the command has its own --format.
        let savedFormat = context.settings.format
        var overridden = false
        defer { if overridden { context.settings.format = savedFormat } }
        if !command.options.contains(where: { $0.name == "format" }),
           let i = argTokens.firstIndex(where: { $0.text == "--format" || $0.text.hasPrefix("--format=") }) {
            let t = argTokens[i]
            var name = String(t.text.dropFirst("--format".count))
            var end = i + 1
            if name.hasPrefix("=") { name.removeFirst() } else if i + 1 < argTokens.count { name = argTokens[i + 1].text; end = i + 2 } else {
                return fail("--format needs a value: table, json, csv or markdown", at: t)
            }
            guard let f = OutputFormat(name: name) else {
                return fail("unknown format '\(name)'; use table, json, csv or markdown", at: end == i + 2 ? argTokens[i + 1] : t)
            }
            context.settings.format = f
            overridden = true
            argTokens.removeSubrange(i..<end)
        }
        do {
            let args = try Arguments.parse(argTokens.map(\.text), for: command)
            let result = try command.run(args, in: context)
            emit(result)
            return .ok
        } catch {
            let token = error.argumentIndex.flatMap { $0 < argTokens.count ? argTokens[$0] : nil } ?? tokens[0]
            return fail(error.message, at: token)
        }
    }

    /// Renders and writes a result.
    public func emit(_ result: CommandResult) {
        let text = Renderer.render(result, settings: context.settings)
        if !text.isEmpty { write(text.hasSuffix("\n") ? text : text + "\n") }
    }

    public func report(_ d: Diagnostic) {
        errorCount += 1
        writeError(d.description + "\n")
    }

    private func source(_ path: String, token: Token, file: String, directory: String) -> RunStatus {
        let full = FileIO.resolve(path, relativeTo: directory)
        guard let real = FileIO.realPath(full) else {
            report(Diagnostic(file: file, line: token.line, column: token.column, message: "cannot source '\(path)': no such file (paths are relative to the including script)"))
            return .failed
        }
        if sourceStack.contains(real) {
            let chain = (sourceStack.drop { $0 != real } + [real]).map { FileIO.lastComponent($0) }.joined(separator: " -> ")
            report(Diagnostic(file: file, line: token.line, column: token.column, message: "source cycle: \(chain); remove one of these `source` lines"))
            return .failed
        }
        if sourceStack.count >= 64 {
            report(Diagnostic(file: file, line: token.line, column: token.column, message: "sources nested more than 64 deep"))
            return .failed
        }
        let text: String
        do { text = try FileIO.readText(full) } catch {
            report(Diagnostic(file: file, line: token.line, column: token.column, message: "cannot source: \(error.message)"))
            return .failed
        }
        sourceStack.append(real)
        defer { sourceStack.removeLast() }
        return run(script: text, file: full, directory: FileIO.directory(of: full))
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
