/// `summit --check FILE...`: parses scripts and resolves every command name, `--flag` and variable
/// without running anything; the first problem is returned as a diagnostic.
///
/// Checked: syntax; that every command exists (a `def` earlier in the file, or in a file it
/// sources, counts); that every `--flag` is one of the command's options and has its value;
/// `--format` values; `exit` statuses; that `source` files exist (they are checked too); that every
/// `$variable` is set somewhere (by `let`, `for` or as a parameter of the enclosing `def`).
/// Not checked: argument counts and values, ids, and anything that depends on data or variables;
/// after a `plugin load` line, command names (the plugin's commands are not known without loading it).
public struct ScriptChecker {
    public let context: CommandContext
    private var defs: [String: UserCommand] = [:]
    private var variables: Set<String> = []
    private var stack: [String] = []
    private var parsed: [String: Program] = [:]
    /// Set after a `plugin load` line: the commands it adds cannot be known without loading, so
    /// unknown command names are no longer reported.
    private var commandsMayBeLoaded = false

    public init(context: CommandContext) {
        self.context = context
    }

    private struct Problem: Error { var diagnostic: Diagnostic }

    /// Checks a script file (and the files it sources); nil when it is clean.
    public mutating func check(file path: String) -> Diagnostic? {
        let text: String
        do { text = try FileIO.readText(path) } catch {
            return Diagnostic(file: path, line: 1, column: 1, message: error.message)
        }
        return check(script: text, file: path, directory: FileIO.directory(of: path))
    }

    /// Checks script text; nil when it is clean.
    public mutating func check(script text: String, file: String, directory: String = ".") -> Diagnostic? {
        do {
            let unit = SourceUnit(file: file, text: text, directory: directory)
            let program = try parse(unit)
            if let real = FileIO.realPath(file) { stack.append(real) }
            try collect(program.statements, unit)
            try walk(program.statements, unit, scope: [])
            return nil
        } catch {
            return error.diagnostic
        }
    }

    private func problem(_ message: String, at p: SourcePosition, in unit: SourceUnit, length: Int = 1) -> Problem {
        var d = Diagnostic(file: unit.file, line: p.line, column: p.column, message: message)
        d.sourceLine = Caret.line(p.line, of: unit.text)
        d.length = length
        return Problem(diagnostic: d)
    }

    private mutating func parse(_ unit: SourceUnit) throws(Problem) -> Program {
        do {
            return try Parser.parse(unit)
        } catch {
            var d = Diagnostic(file: unit.file, line: error.line, column: error.column, message: error.message)
            d.sourceLine = Caret.line(error.line, of: unit.text)
            d.length = error.length
            throw Problem(diagnostic: d)
        }
    }

    /// A sourced file, parsed once.
    private mutating func load(_ path: String, at p: SourcePosition, in unit: SourceUnit) throws(Problem) -> (Program, String)? {
        let full = FileIO.resolve(path, relativeTo: unit.directory)
        guard let real = FileIO.realPath(full) else {
            throw problem("cannot source '\(TextForm.short(path, 200))': no such file (paths are relative to the including script)", at: p, in: unit)
        }
        if let program = parsed[real] { return (program, real) }
        let text: String
        do { text = try FileIO.readText(full) } catch { throw problem("cannot source: \(error.message)", at: p, in: unit) }
        let program = try parse(SourceUnit(file: full, text: text, directory: FileIO.directory(of: full)))
        parsed[real] = program
        return (program, real)
    }

    // MARK: - Pass 1: every variable set anywhere

    private mutating func collect(_ statements: [Stmt], _ unit: SourceUnit) throws(Problem) {
        for s in statements {
            switch s {
            case .binding(let b): variables.insert(b.name)
            case .loop(let l):
                variables.insert(l.variable)
                try collect(l.body.statements, unit)
            case .definition(let d): try collect(d.body.statements, unit)
            case .conditional(let c):
                for b in c.branches { try collect(b.body.statements, unit) }
                if let o = c.otherwise { try collect(o.statements, unit) }
            case .pipeline(let p):
                if case .command(let args, _) = p.head, args.count == 2, args[0].plainText == "source", let path = args[1].plainText,
                   let (program, real) = try? load(path, at: args[1].position, in: unit), !stack.contains(real), stack.count < 64 {
                    stack.append(real)
                    try collect(program.statements, program.unit)
                    stack.removeLast()
                }
            case .assertion: break
            }
        }
    }

    // MARK: - Pass 2: commands, flags, variables in order

    private mutating func walk(_ statements: [Stmt], _ unit: SourceUnit, scope: Set<String>) throws(Problem) {
        for s in statements {
            switch s {
            case .pipeline(let p): try walk(p, unit, scope)
            case .binding(let b): try walk(b.value, unit, scope)
            case .definition(let d):
                if let existing = context.commands[d.name], !(existing is UserCommand) {
                    let owner = context.commandOwner[d.name] ?? "core"
                    throw problem("'\(d.name)' is already a command (\(owner == "core" ? "built in" : "from the \(owner) plugin")); choose another name for your def",
                                  at: d.namePosition, in: unit, length: d.name.count)
                }
                if context.subcommands(of: d.name).contains(where: { !($0 is UserCommand) }) {
                    throw problem("'\(d.name)' is a command group; choose another name for your def", at: d.namePosition, in: unit, length: d.name.count)
                }
                defs[d.name] = UserCommand(d, unit: unit)
                try walk(d.body.statements, unit, scope: scope.union(d.parameters.map(\.name)))
            case .loop(let l):
                try walk(l.source, unit, scope)
                try walk(l.body.statements, unit, scope: scope)
            case .conditional(let c):
                for b in c.branches {
                    try walk(b.condition, unit, scope)
                    try walk(b.body.statements, unit, scope: scope)
                }
                if let o = c.otherwise { try walk(o.statements, unit, scope: scope) }
            case .assertion(let a):
                try walk(a.condition, unit, scope)
                if let m = a.message { try walk(m, unit, scope) }
            }
        }
    }

    private mutating func walk(_ p: Pipeline, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        switch p.head {
        case .command(let args, _):
            for a in args { try walk(a, unit, scope) }
            try command(args, unit)
        case .value(let e): try walk(e, unit, scope)
        }
        for stage in p.stages {
            switch stage {
            case .filter(let c, _): try walk(c, unit, scope)
            case .sort(let f, _, _), .group(let f, _), .sum(let f, _): try walk(f, unit, scope)
            case .select(let fs, _): for f in fs { try walk(f, unit, scope) }
            case .first(let c, _), .last(let c, _):
                if case .variable(let v) = c { try variable(v, unit, scope) }
            case .count: break
            }
        }
    }

    private mutating func walk(_ f: FieldName, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        if case .variable(let v) = f { try variable(v, unit, scope) }
    }

    private mutating func walk(_ a: Argument, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        for piece in a.pieces {
            switch piece {
            case .text: break
            case .variable(let v): try variable(v, unit, scope)
            case .substitution(let p, _): try walk(p, unit, scope)
            }
        }
    }

    private mutating func walk(_ e: Expr, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        switch e {
        case .literal, .field: break
        case .string(let a): try walk(a, unit, scope)
        case .variable(let v): try variable(v, unit, scope)
        case .substitution(let p, _, _): try walk(p, unit, scope)
        case .list(let items, _): for i in items { try walk(i, unit, scope) }
        }
    }

    private mutating func walk(_ c: Condition, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        switch c {
        case .comparison(let l, _, let r, _):
            try walk(l, unit, scope)
            try walk(r, unit, scope)
        case .truth(let e, _): try walk(e, unit, scope)
        case .not(let inner, _): try walk(inner, unit, scope)
        case .all(let cs), .any(let cs): for x in cs { try walk(x, unit, scope) }
        }
    }

    private func variable(_ v: VariableReference, _ unit: SourceUnit, _ scope: Set<String>) throws(Problem) {
        guard !variables.contains(v.name) && !scope.contains(v.name) else { return }
        var msg = "undefined variable '$\(v.name)'"
        if v.name.count >= 3, let s = Suggest.closest(to: v.name, in: variables.union(scope)) {
            msg += "; did you mean '$\(s)'?"
        } else {
            msg += "; set it first with: let \(v.name) = ..."
        }
        throw problem(msg, at: v.position, in: unit, length: v.name.count + 1)
    }

    /// Resolves a command line's name and flags, as far as its words are known without running.
    private mutating func command(_ args: [Argument], _ unit: SourceUnit) throws(Problem) {
        // The leading words that are plain text name the command.
        var words: [(text: String, position: SourcePosition)] = []
        for a in args.prefix(3) {
            guard let t = a.plainText else { break }
            words.append((t, a.position))
        }
        guard let first = words.first else { return }
        let texts = words.map(\.text)
        switch first.text {
        case "exit", "quit":
            if args.count > 2 { throw problem("\(first.text) takes at most one argument, the exit status", at: args[2].position, in: unit) }
            if args.count == 2, let t = args[1].plainText, Int32(t).map({ (0...255).contains($0) }) != true {
                throw problem("exit status must be a number from 0 to 255, not '\(TextForm.short(t))'", at: args[1].position, in: unit)
            }
            return
        case "source":
            guard args.count == 2 else {
                throw problem("usage: source FILE (one file; quote paths with spaces)", at: args.count > 2 ? args[2].position : first.position, in: unit)
            }
            guard let path = args[1].plainText, let (program, real) = try load(path, at: args[1].position, in: unit) else { return }
            if stack.contains(real) {
                let chain = (stack.drop { $0 != real } + [real]).map { FileIO.lastComponent($0) }.joined(separator: " -> ")
                throw problem("source cycle: \(chain); remove one of these `source` lines", at: args[1].position, in: unit)
            }
            if stack.count >= 64 { throw problem("sources nested more than 64 deep", at: args[1].position, in: unit) }
            stack.append(real)
            defer { stack.removeLast() }
            try walk(program.statements, program.unit, scope: [])
            return
        default: break
        }
        let command: any Command
        let used: Int
        if let u = defs[first.text] {
            command = u
            used = 1
        } else if let (c, n) = context.resolveCommand(texts), !(c is UserCommand) {
            command = c
            used = n
        } else {
            let subs = context.subcommands(of: first.text)
            if !subs.isEmpty {
                guard texts.count > 1 else { return }
                let names = subs.map { String($0.name.split(separator: " ").last!) }
                var msg = "'\(first.text)' has no subcommand '\(TextForm.short(texts[1]))'"
                if let s = Suggest.closest(to: texts[1], in: names) { msg += "; did you mean '\(first.text) \(s)'?" } else { msg += "; try one of: " + names.joined(separator: ", ") }
                throw problem(msg, at: words[1].position, in: unit, length: texts[1].count)
            }
            if commandsMayBeLoaded { return }
            throw problem(Interpreter.unknownCommandMessage(first.text, context: context, extra: Array(defs.keys), letName: nil), at: first.position, in: unit, length: first.text.count)
        }
        if command is EchoCommand { return }
        if command.name == "plugin load" { commandsMayBeLoaded = true }
        // Flags.
        let specs = command.options
        var i = used
        while i < args.count {
            guard let t = args[i].plainText else { i += 1; continue }
            if t == "--" { return }
            guard t.hasPrefix("--"), t.count > 2 else { i += 1; continue }
            var name = String(t.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "format" && !specs.contains(where: { $0.name == "format" }) {
                let value: String?
                var at = args[i].position
                if let inline { value = inline } else if i + 1 < args.count {
                    value = args[i + 1].plainText
                    at = args[i + 1].position
                    i += 1
                } else {
                    throw problem("--format needs a value: table, json, csv or markdown", at: args[i].position, in: unit, length: t.count)
                }
                if let value, OutputFormat(name: value) == nil {
                    throw problem("unknown format '\(TextForm.short(value))'; use table, json, csv or markdown", at: at, in: unit, length: value.count)
                }
                i += 1
                continue
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let names = specs.map { "--" + $0.name }
                var msg = "\(command.name) has no option '--\(TextForm.short(name))'"
                if let s = Suggest.closest(to: "--" + name, in: names) { msg += "; did you mean '\(s)'?" } else if names.isEmpty { msg += "; it takes no options" } else { msg += "; its options are " + names.joined(separator: ", ") }
                throw problem(msg, at: args[i].position, in: unit, length: t.count)
            }
            if let valueName = spec.valueName, inline == nil {
                guard i + 1 < args.count else {
                    throw problem("option '--\(name)' needs a value (\(valueName)); usage: \(command.usage)", at: args[i].position, in: unit, length: t.count)
                }
                i += 1
            } else if spec.valueName == nil, inline != nil {
                throw problem("flag '--\(name)' takes no value", at: args[i].position, in: unit, length: t.count)
            }
            i += 1
        }
    }

}
