/// How evaluation stops early: an error (already reported), or `exit`.
enum Stop: Error {
    case failed
    case exit(Int32)
}

/// Evaluation of the syntax tree (docs/LANGUAGE.md). Every error is reported where it happens,
/// with its file, line and column, then `Stop.failed` unwinds to the top-level statement.
extension Interpreter {
    // MARK: - Reporting

    /// Reports an error at `position` of `unit` and returns `Stop.failed` to throw.
    func fail(_ message: String, at position: SourcePosition, in unit: SourceUnit, length: Int = 1, severity: String = "error") -> Stop {
        report(diagnostic(message, at: position, in: unit, length: length, severity: severity))
        return .failed
    }

    func diagnostic(_ message: String, at position: SourcePosition, in unit: SourceUnit, length: Int = 1, severity: String = "error") -> Diagnostic {
        var d = Diagnostic(file: unit.file, line: position.line, column: position.column, message: message, severity: severity)
        d.length = length
        if showsSourceLines { d.sourceLine = Caret.line(position.line, of: unit.text) }
        let calls = callStack.reversed().map { "in '\($0.name)', called at \($0.file):\($0.position.line):\($0.position.column)" }
        if calls.count > 6 {
            d.notes = Array(calls.prefix(3)) + ["... \(calls.count - 5) more calls ..."] + Array(calls.suffix(2))
        } else {
            d.notes = calls
        }
        return d
    }

    // MARK: - Statements

    /// Runs a statement. With `capture`, a pipeline's result is returned instead of printed (the
    /// last statement of a `def` body is the command's result).
    func execute(_ statement: Stmt, in unit: SourceUnit, capture: Bool) throws(Stop) -> CommandResult? {
        try checkStack(at: statement.position, in: unit)
        steps += 1
        if let interruptRequested, interruptRequested() {
            throw fail("interrupted (Ctrl-C)", at: statement.position, in: unit)
        }
        if steps > stepLimit {
            throw fail("stopped after running \(stepLimit) statements for one line (a loop, or a def that calls itself too often?)", at: statement.position, in: unit)
        }
        switch statement {
        case .pipeline(let p):
            let saved = context.settings.format
            let (result, format) = try evaluate(p, in: unit)
            if capture { return result }
            if let format { context.settings.format = format }
            emit(result)
            if format != nil { context.settings.format = saved }
            return nil
        case .binding(let b):
            let kept = context.resultMayBeKept
            context.resultMayBeKept = true
            defer { context.resultMayBeKept = kept }
            let (result, _) = try evaluate(b.value, in: unit, letName: b.name)
            environment.assign(b.name, result)
            return nil
        case .definition(let d):
            try define(d, in: unit)
            return nil
        case .loop(let l):
            let (result, _) = try evaluate(l.source, in: unit)
            for item in Self.items(of: result) {
                environment.assign(l.variable, .value(item))
                _ = try executeBlock(l.body, in: unit, capture: false)
            }
            return nil
        case .conditional(let c):
            for branch in c.branches where try test(branch.condition, in: unit) {
                return try executeBlock(branch.body, in: unit, capture: capture)
            }
            if let o = c.otherwise { return try executeBlock(o, in: unit, capture: capture) }
            return capture ? CommandResult.none : nil
        case .assertion(let a):
            try check(a, in: unit)
            return nil
        }
    }

    func executeBlock(_ block: Block, in unit: SourceUnit, capture: Bool) throws(Stop) -> CommandResult? {
        for (i, s) in block.statements.enumerated() {
            let last = i == block.statements.count - 1
            let r = try execute(s, in: unit, capture: capture && last)
            if capture && last { return r }
        }
        return nil
    }

    /// What `for` iterates over: rows as records, a list's elements, or one value.
    static func items(of result: CommandResult) -> [Value] {
        switch result {
        case .records(let rows, _), .chart(_, let rows, _): return rows.map { .record($0) }
        case .lazyRecords(let l): return l.records.map { .record($0) }
        case .none: return []
        default:
            switch result.value {
            case .list(let items): return items
            case .null: return []
            case let v: return [v]
            }
        }
    }

    func define(_ d: Definition, in unit: SourceUnit) throws(Stop) {
        if let existing = context.commands[d.name], !(existing is UserCommand) {
            let owner = context.commandOwner[d.name] ?? "core"
            throw fail("'\(d.name)' is already a command (\(owner == "core" ? "built in" : "from the \(owner) plugin")); choose another name for your def",
                       at: d.namePosition, in: unit, length: d.name.count)
        }
        let subs = context.subcommands(of: d.name).filter { !($0 is UserCommand) }
        if !subs.isEmpty {
            throw fail("'\(d.name)' is a command group (\(subs.prefix(3).map(\.name).joined(separator: ", "))); choose another name for your def",
                       at: d.namePosition, in: unit, length: d.name.count)
        }
        context.register(UserCommand(d, unit: unit), owner: definitionOwner)
    }

    // MARK: - Pipelines

    /// Runs a pipeline: its head, then each stage. Returns the result and the `--format` written
    /// on the line, if any.
    func evaluate(_ p: Pipeline, in unit: SourceUnit, letName: String? = nil) throws(Stop) -> (CommandResult, OutputFormat?) {
        try checkStack(at: p.position, in: unit)
        var result: CommandResult
        var format = p.format
        switch p.head {
        case .command(let args, let position):
            let piped = context.resultIsPiped
            context.resultIsPiped = !p.stages.isEmpty
            defer { context.resultIsPiped = piped }
            let (r, f) = try runCommand(args, at: position, in: unit, lineFormat: p.format, letName: letName)
            result = r
            if format == nil { format = f }
        case .value(let e):
            if case .variable(let v) = e, v.path.isEmpty {
                result = try lookup(v, in: unit)
            } else {
                result = CommandResult(value: try value(of: e, in: unit))
            }
        }
        for stage in p.stages {
            result = try apply(stage, to: result, in: unit)
        }
        // Rows built on demand are built whole here, once the stages that can spare it have run.
        return (result.materialized, format)
    }

    /// A word of a command line after substitution, with where it was written.
    struct Word {
        var text: String
        var position: SourcePosition
        var width: Int
    }

    /// The words of a command: variables substituted, a list variable spread into several words.
    func words(_ args: [Argument], in unit: SourceUnit) throws(Stop) -> [Word] {
        var out: [Word] = []
        out.reserveCapacity(args.count)
        for a in args {
            if a.isSingleValue {
                let v = try pieceValue(a.pieces[0], in: unit)
                for s in TextForm.arguments(v) { out.append(Word(text: s, position: a.position, width: 1)) }
            } else {
                let text = try interpolate(a, in: unit)
                out.append(Word(text: text, position: a.position, width: max(1, a.plainText?.count ?? 1)))
            }
        }
        return out
    }

    func pieceValue(_ piece: Argument.Piece, in unit: SourceUnit) throws(Stop) -> Value {
        switch piece {
        case .text(let t): return .text(t)
        case .variable(let v): return try variableValue(v, in: unit)
        case .substitution(let p, let path):
            let (r, _) = try evaluate(p, in: unit)
            return try resolve(r.value, path, spelling: "$(...)", at: p.position, in: unit)
        }
    }

    /// The text of an argument or string: values as people read them (`EUR 309bn`), records as their id.
    func interpolate(_ a: Argument, in unit: SourceUnit) throws(Stop) -> String {
        if a.pieces.count == 1, case .text(let t) = a.pieces[0] { return t }
        var s = ""
        for p in a.pieces {
            switch p {
            case .text(let t): s += t
            default: s += TextForm.display(try pieceValue(p, in: unit))
            }
        }
        return s
    }

    /// Runs a command line: `exit`, `quit`, `source`, a `def`, or a registered command.
    func runCommand(_ args: [Argument], at position: SourcePosition, in unit: SourceUnit, lineFormat: OutputFormat?, letName: String?) throws(Stop) -> (CommandResult, OutputFormat?) {
        let words = try self.words(args, in: unit)
        guard !words.isEmpty else { return (.none, nil) }
        let texts = words.map(\.text)
        func fail(_ message: String, at i: Int = 0) -> Stop {
            let w = words[min(i, words.count - 1)]
            return self.fail(message, at: w.position, in: unit, length: w.width)
        }
        switch texts[0] {
        case "exit", "quit":
            if texts.count > 2 { throw fail("\(texts[0]) takes at most one argument, the exit status", at: 2) }
            if texts.count == 2 {
                guard let code = Int32(texts[1]), (0...255).contains(code) else {
                    throw fail("exit status must be a number from 0 to 255, not '\(TextForm.short(texts[1]))'", at: 1)
                }
                throw Stop.exit(code)
            }
            throw Stop.exit(0)
        case "source":
            guard texts.count == 2 else { throw fail("usage: source FILE (one file; quote paths with spaces)", at: texts.count > 2 ? 2 : 0) }
            try source(texts[1], at: words[1].position, in: unit)
            return (.none, nil)
        default: break
        }
        guard let (command, used) = context.resolveCommand(texts) else {
            // A group name alone (`funding`) lists its subcommands.
            let subs = context.subcommands(of: texts[0])
            if !subs.isEmpty {
                if texts.count == 1 { return (.text(HelpText.group(texts[0], subs)), nil) }
                let names = subs.map { String($0.name.split(separator: " ").last!) }
                var msg = "'\(texts[0])' has no subcommand '\(TextForm.short(texts[1]))'"
                if let s = Suggest.closest(to: texts[1], in: names) { msg += "; did you mean '\(texts[0]) \(s)'?" } else { msg += "; try one of: " + names.joined(separator: ", ") }
                throw fail(msg, at: 1)
            }
            throw fail(Self.unknownCommandMessage(texts[0], context: context, letName: letName))
        }
        var argWords = Array(words[used...])
        // `--format F` applies to this one line, unless the command has its own --format.
        let saved = context.settings.format
        var lineOverride: OutputFormat?
        if !command.options.contains(where: { $0.name == "format" }),
           let i = argWords.firstIndex(where: { $0.text == "--format" || $0.text.hasPrefix("--format=") }) {
            let w = argWords[i]
            var name = String(w.text.dropFirst("--format".count))
            var end = i + 1
            var at = w
            if name.hasPrefix("=") {
                name.removeFirst()
            } else if i + 1 < argWords.count {
                name = argWords[i + 1].text
                at = argWords[i + 1]
                end = i + 2
            } else {
                throw self.fail("--format needs a value: table, json, csv or markdown", at: w.position, in: unit, length: w.width)
            }
            guard let f = OutputFormat(name: name) else {
                throw self.fail("unknown format '\(TextForm.short(name))'; use table, json, csv or markdown", at: at.position, in: unit, length: at.width)
            }
            lineOverride = f
            argWords.removeSubrange(i..<end)
        }
        let override = lineOverride ?? lineFormat
        if let override { context.settings.format = override }
        defer { if override != nil { context.settings.format = saved } }
        if let user = command as? UserCommand {
            return (try call(user, argWords, at: words[0].position, in: unit), lineOverride)
        }
        do {
            let parsed: Arguments
            if command is EchoCommand {
                parsed = Arguments(positional: argWords.map(\.text))
            } else {
                parsed = try Arguments.parse(argWords.map(\.text), for: command)
            }
            return (try command.run(parsed, in: context), lineOverride)
        } catch {
            let w = error.argumentIndex.flatMap { $0 < argWords.count ? argWords[$0] : nil } ?? words[0]
            throw self.fail(error.message, at: w.position, in: unit, length: w.width)
        }
    }

    /// "unknown command 'X'" with the likely fix.
    static func unknownCommandMessage(_ name: String, context: CommandContext, extra: [String] = [], letName: String?) -> String {
        let shown = TextForm.short(name)
        let msg = "unknown command '\(shown)'"
        if Stage.names.contains(name) {
            return msg + "; '\(name)' is a pipeline stage: put it after a command and '|', as in: funding list | \(name) ..."
        }
        let known = context.topLevelWords + ["exit", "quit", "source"] + Keyword.statements + extra
        if name.utf8.count <= 64, let s = Suggest.closest(to: name, in: known) { return msg + "; did you mean '\(s)'?" }
        if let letName { return msg + "; to store text, quote it: let \(letName) = '\(shown)'" }
        return msg + "; type `help` to list commands"
    }

    /// Runs a `def`: binds its parameters, runs its body; the body's last statement is the result.
    func call(_ u: UserCommand, _ args: [Word], at position: SourcePosition, in unit: SourceUnit) throws(Stop) -> CommandResult {
        let parsed: Arguments
        do {
            parsed = try Arguments.parse(args.map(\.text), for: u)
        } catch {
            let w = error.argumentIndex.flatMap { $0 < args.count ? args[$0] : nil }
            throw fail(error.message, at: w?.position ?? position, in: unit, length: w?.width ?? u.name.count)
        }
        guard callStack.count < Self.maxCallDepth else {
            throw fail("'\(u.name)' is called more than \(Self.maxCallDepth) deep (does it call itself without end?)", at: position, in: unit, length: u.name.count)
        }
        var locals: [String: CommandResult] = [:]
        var k = 0
        for p in u.parameters {
            if p.variadic {
                locals[p.name] = .value(.list(parsed.positional[min(k, parsed.positional.count)...].map { .text($0) }))
                k = parsed.positional.count
            } else if k < parsed.positional.count {
                locals[p.name] = .value(.text(parsed.positional[k]))
                k += 1
            } else {
                locals[p.name] = .value(.text(p.defaultValue ?? ""))
            }
        }
        callStack.append((u.name, unit.file, position))
        environment.push(locals)
        defer {
            environment.pop()
            callStack.removeLast()
        }
        return try executeBlock(u.body, in: u.unit, capture: true) ?? CommandResult.none
    }

    func source(_ path: String, at position: SourcePosition, in unit: SourceUnit) throws(Stop) {
        let full = FileIO.resolve(path, relativeTo: unit.directory)
        guard let real = FileIO.realPath(full) else {
            throw fail("cannot source '\(TextForm.short(path, 200))': no such file (paths are relative to the including script)", at: position, in: unit)
        }
        // A pack's commands (running, or being loaded) read only files inside the pack.
        let owner = runningPluginDefinition ?? (definitionOwner == "user" ? nil : definitionOwner)
        if let owner, !(packRoots[owner].map { FileIO.isWithin(real, directory: $0) } ?? false) {
            let inside = packRoots[owner].map { " (\($0))" } ?? ""
            throw fail("a command of plugin '\(owner)' may source only files inside the plugin's directory\(inside); '\(TextForm.short(path, 200))' leads outside it", at: position, in: unit)
        }
        if sourceStack.contains(real) {
            let chain = (sourceStack.drop { $0 != real } + [real]).map { FileIO.lastComponent($0) }.joined(separator: " -> ")
            throw fail("source cycle: \(chain); remove one of these `source` lines", at: position, in: unit)
        }
        if sourceStack.count >= 64 { throw fail("sources nested more than 64 deep", at: position, in: unit) }
        let text: String
        do { text = try FileIO.readText(full) } catch { throw fail("cannot source: \(error.message)", at: position, in: unit) }
        sourceStack.append(real)
        defer { sourceStack.removeLast() }
        switch run(script: text, file: full, directory: FileIO.directory(of: full)) {
        case .ok: return
        case .failed: throw Stop.failed
        case .exit(let c): throw Stop.exit(c)
        }
    }

    // MARK: - Values

    func lookup(_ v: VariableReference, in unit: SourceUnit) throws(Stop) -> CommandResult {
        guard let r = environment.lookup(v.name) else {
            var msg = "undefined variable '$\(v.name)'"
            if v.name.count >= 3, let s = Suggest.closest(to: v.name, in: environment.visibleNames) {
                msg += "; did you mean '$\(s)'?"
            } else {
                msg += "; set it first with: let \(v.name) = ..."
            }
            throw fail(msg, at: v.position, in: unit, length: v.name.count + 1)
        }
        return r
    }

    func variableValue(_ v: VariableReference, in unit: SourceUnit) throws(Stop) -> Value {
        let r = try lookup(v, in: unit)
        return try resolve(r.value, v.path, spelling: "$" + v.name, at: v.position, in: unit)
    }

    /// Follows a field path; a record without the field is an error naming the fields it has.
    func resolve(_ base: Value, _ path: [String], spelling: String, at position: SourcePosition, in unit: SourceUnit) throws(Stop) -> Value {
        guard !path.isEmpty else { return base }
        let (v, missing) = FieldPath.resolve(base, path)
        if let i = missing {
            let owner = ([spelling] + path[..<i]).joined(separator: ".")
            var parent = base
            for p in path[..<i] { parent = FieldPath.step(parent, p) ?? .null }
            var msg = "\(owner) has no field '\(path[i])'"
            if case .record(let r) = parent {
                let keys = FieldPath.keys(of: [r])
                if let s = Suggest.closest(to: path[i], in: keys) {
                    msg += "; did you mean '\(s)'?"
                } else if !keys.isEmpty {
                    msg += "; its fields are " + keys.prefix(12).joined(separator: ", ")
                }
            }
            throw fail(msg, at: position, in: unit, length: spelling.count + path.joined(separator: ".").count + 1)
        }
        return v
    }

    func value(of e: Expr, in unit: SourceUnit, row: Record? = nil) throws(Stop) -> Value {
        try checkStack(at: e.position, in: unit)
        switch e {
        case .literal(let l): return l.value
        case .string(let a): return .text(try interpolate(a, in: unit))
        case .variable(let v): return try variableValue(v, in: unit)
        case .substitution(let p, let path, let position):
            let (r, _) = try evaluate(p, in: unit)
            return try resolve(r.value, path, spelling: "$(...)", at: position, in: unit)
        case .list(let items, let position):
            var out: [Value] = []
            for i in items { out.append(try value(of: i, in: unit, row: row)) }
            let v = Value.list(out)
            try checkNesting(v, at: position, in: unit)
            return v
        case .field(let path, _):
            guard let row else { return .null }
            return FieldPath.value(in: row, path: path)
        }
    }

    /// An operand: its value, and the text it was written as when its type is a guess.
    func operand(_ e: Expr, in unit: SourceUnit, row: Record?) throws(Stop) -> Operand {
        try checkStack(at: e.position, in: unit)
        switch e {
        case .literal(let l): return Operand(value: l.value, text: l.text, guessed: true)
        case .string(let a):
            let s = try interpolate(a, in: unit)
            return Operand(value: .text(s), text: s, guessed: true)
        case .list(let items, let position):
            var ops: [Operand] = []
            for i in items { ops.append(try operand(i, in: unit, row: row)) }
            let v = Value.list(ops.map(\.value))
            try checkNesting(v, at: position, in: unit)
            return Operand(value: v, guessed: true, elements: ops)
        case .field:
            return Operand(value: try value(of: e, in: unit, row: row))
        default:
            // Text in a variable (a parameter, a quoted string) is a guess like a literal: `$n > 100`
            // reads "500" as a number.
            let v = try value(of: e, in: unit, row: row)
            if case .text(let t) = v { return Operand(value: v, text: t, guessed: true) }
            return Operand(value: v)
        }
    }

    /// The deepest nesting of lists and records a value may have (`let a = [$a]` in a loop would
    /// otherwise build values too deep to print or compare).
    static let maxValueNesting = 64

    func checkNesting(_ v: Value, at position: SourcePosition, in unit: SourceUnit) throws(Stop) {
        if Self.nesting(v, limit: Self.maxValueNesting) > Self.maxValueNesting {
            throw fail("lists nested more than \(Self.maxValueNesting) deep", at: position, in: unit)
        }
    }

    /// How deeply lists and records nest in `v`, counting no further than `limit + 1`.
    static func nesting(_ v: Value, limit: Int) -> Int {
        guard limit >= 0 else { return 1 }
        switch v {
        case .list(let items):
            var deepest = 0
            for i in items {
                deepest = max(deepest, nesting(i, limit: limit - 1))
                if deepest > limit { break }
            }
            return 1 + deepest
        case .record(let r):
            var deepest = 0
            for f in r.fields {
                deepest = max(deepest, nesting(f.value, limit: limit - 1))
                if deepest > limit { break }
            }
            return 1 + deepest
        default: return 0
        }
    }

    // MARK: - Conditions

    /// Currency mismatches met by one `where` stage, for its warning.
    struct Skips {
        var count = 0
        var rowCurrencies: [String] = []
        var literalCurrency = ""
        var field = ""

        /// One more row whose amount, in `rowCurrency`, was not compared with one in `literal`.
        mutating func add(rowCurrency: String, literal: String, field: String?) {
            count += 1
            if !rowCurrencies.contains(rowCurrency) { rowCurrencies.append(rowCurrency) }
            literalCurrency = literal
            if let field { self.field = field }
        }
    }

    func test(_ c: Condition, in unit: SourceUnit) throws(Stop) -> Bool {
        var skips = Skips()
        return try test(c, in: unit, row: nil, skips: &skips, stage: nil)
    }

    func test(_ c: Condition, in unit: SourceUnit, row: Record?, skips: inout Skips, stage: String?) throws(Stop) -> Bool {
        try checkStack(at: c.position, in: unit)
        switch c {
        case .comparison(let l, let op, let r, _):
            let a = try operand(l, in: unit, row: row)
            let b = try operand(r, in: unit, row: row)
            switch try compare(a, op, b, left: l, right: r, in: unit, stage: stage) {
            case .yes: return true
            case .no, .missing: return false
            case .otherCurrency(let rowCurrency, let literal):
                var field: String?
                if case .field(let f, _) = l { field = f } else if case .field(let f, _) = r { field = f }
                skips.add(rowCurrency: rowCurrency, literal: literal, field: field)
                return false
            }
        case .truth(let e, _):
            return Comparison.truth(try value(of: e, in: unit, row: row))
        case .not(let inner, _):
            return !(try test(inner, in: unit, row: row, skips: &skips, stage: stage))
        case .all(let cs):
            for x in cs where !(try test(x, in: unit, row: row, skips: &skips, stage: stage)) { return false }
            return true
        case .any(let cs):
            for x in cs where try test(x, in: unit, row: row, skips: &skips, stage: stage) { return true }
            return false
        }
    }

    func compare(_ a: Operand, _ op: ComparisonOperator, _ b: Operand, left: Expr, right: Expr, in unit: SourceUnit, stage: String?) throws(Stop) -> Verdict {
        do {
            return try Comparison.compare(a, op, b, memo: rereads)
        } catch {
            let at = error.blameRight ? right : left
            throw fail((stage.map { "\($0): " } ?? "") + error.message, at: at.position, in: unit, length: Self.width(of: at))
        }
    }

    static func width(of e: Expr) -> Int {
        switch e {
        case .literal(let l): return l.width
        case .field(let f, _): return f.count
        case .variable(let v): return v.spelling.count
        case .string(let a): return (a.plainText?.count ?? 0) + (a.quoted ? 2 : 0)
        default: return 1
        }
    }

    // MARK: - Assertions

    /// What a failed assertion shows of one comparison.
    struct Evidence {
        var range: Range<Int>
        var position: SourcePosition
        var left: Value
        var right: Value?
        var note: String?
    }

    func check(_ a: Assertion, in unit: SourceUnit) throws(Stop) {
        let (ok, evidence) = try explain(a.condition, in: unit)
        if ok { return }
        let bytes = Array(unit.text.utf8)
        func text(_ r: Range<Int>) -> String {
            String(decoding: bytes[max(0, r.lowerBound)..<min(bytes.count, r.upperBound)], as: UTF8.self)
        }
        let whole = text(a.conditionRange)
        var parts: [String] = []
        for e in evidence {
            var s = e.right.map { "left: \(TextForm.described(e.left)), right: \(TextForm.described($0))" } ?? "value: \(TextForm.described(e.left))"
            if let n = e.note { s += "; " + n }
            if e.range != a.conditionRange { s = text(e.range) + ": " + s }
            parts.append(s)
        }
        var msg = ""
        if let m = a.message { msg = try interpolate(m, in: unit) + ": " }
        msg += whole
        if !parts.isEmpty { msg += " (" + parts.joined(separator: "; ") + ")" }
        let at = evidence.first?.position ?? a.condition.position
        throw fail(msg, at: at, in: unit, length: max(1, (evidence.first?.range.count ?? a.conditionRange.count)), severity: "assertion failed")
    }

    /// Evaluates a condition and keeps the comparisons that decided it.
    func explain(_ c: Condition, in unit: SourceUnit) throws(Stop) -> (Bool, [Evidence]) {
        try checkStack(at: c.position, in: unit)
        switch c {
        case .comparison(let l, let op, let r, let range):
            let a = try operand(l, in: unit, row: nil)
            let b = try operand(r, in: unit, row: nil)
            let v = try compare(a, op, b, left: l, right: r, in: unit, stage: nil)
            let shown = op == .contains || op == .isIn ? (a, b) : (Comparison.unwrap(a), Comparison.unwrap(b))
            var note: String?
            if case .otherCurrency = v { note = "amounts in different currencies are never compared" }
            return (v == .yes, [Evidence(range: range, position: l.position, left: shown.0.value, right: shown.1.value, note: note)])
        case .truth(let e, let range):
            let v = try value(of: e, in: unit)
            return (Comparison.truth(v), [Evidence(range: range, position: e.position, left: v, right: nil)])
        case .not(let inner, _):
            let (ok, ev) = try explain(inner, in: unit)
            return (!ok, ev)
        case .all(let cs):
            var all: [Evidence] = []
            for x in cs {
                let (ok, ev) = try explain(x, in: unit)
                if !ok { return (false, ev) }
                all += ev
            }
            return (true, all)
        case .any(let cs):
            var all: [Evidence] = []
            for x in cs {
                let (ok, ev) = try explain(x, in: unit)
                if ok { return (true, ev) }
                all += ev
            }
            return (false, all)
        }
    }
}
