/// Recursive-descent parser for the summit language (grammar in docs/LANGUAGE.md).
///
/// Nesting (blocks, parentheses, lists, `$( )`, `not`) is limited to `maxDepth` levels, so no input
/// can exhaust the stack; `and`/`or` chains and pipelines are flat lists, not nested nodes. Tokens
/// are pulled from the lexer one at a time: memory and time are linear in the input.
public struct Parser {
    /// The deepest nesting of blocks, parentheses, lists and `$( )` accepted.
    public static let maxDepth = 256

    private var lexer: Lexer
    private var lookahead: [Lexeme] = []
    private var depth = 0
    /// UTF-8 offset just past the last token taken.
    private var lastEnd = 0
    private let bytes: [UInt8]
    /// `--format F` written after a value at the head of a pipeline.
    private var headFormat: OutputFormat?

    private init(_ text: String) {
        lexer = Lexer(text)
        bytes = Array(text.utf8)
    }

    /// Parses a whole script.
    public static func parse(_ unit: SourceUnit) throws(SyntaxError) -> Program {
        var p = Parser(unit.text)
        return Program(statements: try p.program(), unit: unit)
    }

    public static func parse(_ text: String, file: String = "<input>", directory: String = ".") throws(SyntaxError) -> Program {
        try parse(SourceUnit(file: file, text: text, directory: directory))
    }

    /// True when `text` is a valid start that more lines could complete: an open `{`, `(`, `[`, `$(`
    /// or quote, or a trailing `|` or `\`. The REPL then shows its continuation prompt.
    public static func needsMoreInput(_ text: String) -> Bool {
        do {
            _ = try parse(text)
            return false
        } catch {
            return error.incomplete
        }
    }

    // MARK: - Tokens

    private mutating func peek(_ k: Int = 0) throws(SyntaxError) -> Lexeme {
        while lookahead.count <= k { lookahead.append(try lexer.next()) }
        return lookahead[k]
    }

    @discardableResult
    private mutating func take() throws(SyntaxError) -> Lexeme {
        let t = try peek()
        lookahead.removeFirst()
        lastEnd = t.endOffset
        return t
    }

    private func error(_ message: String, at t: Lexeme, incomplete: Bool = false) -> SyntaxError {
        SyntaxError(message: message, line: t.line, column: t.column, incomplete: incomplete, length: t.kind == .word ? t.width : 1)
    }

    private func error(_ message: String, at p: SourcePosition, incomplete: Bool = false, length: Int = 1) -> SyntaxError {
        SyntaxError(message: message, line: p.line, column: p.column, incomplete: incomplete, length: length)
    }

    private mutating func enter(_ what: String, at t: Lexeme) throws(SyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("\(what) nested more than \(Self.maxDepth) deep; split the script into smaller parts (def, source)", at: t)
        }
    }

    private mutating func leave() { depth -= 1 }

    private static func isSeparator(_ t: Lexeme) -> Bool {
        t.kind == .newline || t.kind == .semicolon
    }

    private mutating func skipSeparators() throws(SyntaxError) {
        while Self.isSeparator(try peek()) { try take() }
    }

    private mutating func skipNewlines() throws(SyntaxError) {
        while try peek().kind == .newline { try take() }
    }

    /// Where a pipeline is: it decides which tokens end it.
    private enum Context { case statement, loopSource, substitution }

    private func ends(_ t: Lexeme, _ ctx: Context) -> Bool {
        switch t.kind {
        case .newline, .semicolon, .end, .closeBrace: return true
        case .openBrace: return ctx == .loopSource
        case .closeParen: return ctx == .substitution
        default: return false
        }
    }

    // MARK: - Statements

    private mutating func program() throws(SyntaxError) -> [Stmt] {
        var out: [Stmt] = []
        while true {
            try skipSeparators()
            let t = try peek()
            if t.kind == .end { return out }
            if t.kind == .closeBrace { throw error("unexpected '}': no block is open here; remove it", at: t) }
            out.append(try statement())
        }
    }

    private mutating func block(for what: String) throws(SyntaxError) -> Block {
        let open = try peek()
        guard open.kind == .openBrace else {
            throw error("expected '{' to start \(what), not \(open.described)", at: open, incomplete: false)
        }
        try take()
        try enter("blocks", at: open)
        defer { leave() }
        var out: [Stmt] = []
        while true {
            try skipSeparators()
            let t = try peek()
            if t.kind == .closeBrace {
                try take()
                return Block(statements: out, position: open.position)
            }
            if t.kind == .end {
                throw error("'{' opened at line \(open.line), column \(open.column) is never closed; add '}'", at: open, incomplete: true)
            }
            out.append(try statement())
        }
    }

    /// One statement, and the check that it ends (a new line, `;`, `}` or the end).
    private mutating func statement() throws(SyntaxError) -> Stmt {
        let t = try peek()
        let s: Stmt
        switch t.bareText {
        case "let": s = .binding(try binding())
        case "def": s = .definition(try definition())
        case "for": s = .loop(try loop())
        case "if": s = .conditional(try conditional())
        case "assert": s = .assertion(try assertion())
        case "else":
            throw error("'else' without 'if': write it on the same line as the '}' that closes the if block, as in: } else {", at: t)
        default: s = .pipeline(try pipeline(.statement))
        }
        let next = try peek()
        switch next.kind {
        case .newline, .semicolon, .end, .closeBrace: return s
        default:
            switch s {
            case .definition, .loop, .conditional:
                throw error("unexpected \(next.described) after '}'; start the next statement on a new line or after ';'", at: next)
            case .assertion:
                throw error("unexpected \(next.described) after the assertion message; quote a message that has spaces: assert CONDITION \"message\"", at: next)
            default:
                throw error("unexpected \(next.described); start the next statement on a new line or after ';'", at: next)
            }
        }
    }

    private static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.utf8.first, Lexer.isIdentifierStart(f) else { return false }
        return s.utf8.allSatisfy(Lexer.isIdentifierChar)
    }

    /// A name for a variable (`let`, `for`, parameters).
    private mutating func variableName(after what: String, usage: String) throws(SyntaxError) -> (String, Lexeme) {
        let t = try peek()
        if let v = t.variable {
            throw error("write the name without '$': \(usage.replacingOccurrences("NAME", with: v.name))", at: t)
        }
        guard let name = t.bareText, t.kind == .word, name != "=" else {
            throw error("expected a variable name after '\(what)', not \(t.described); usage: \(usage)", at: t)
        }
        if let eq = name.firstIndex(of: "="), eq != name.startIndex, what == "let" {
            let lhs = name[..<eq], rhs = name[name.index(after: eq)...]
            throw error("put spaces around '=': let \(lhs) = \(rhs)", at: t)
        }
        guard Self.isIdentifier(name) else {
            throw error("'\(TextForm.short(name))' is not a variable name: use letters, digits and '_', starting with a letter or '_'", at: t)
        }
        if Keyword.reserved.contains(name) {
            throw error("'\(name)' is a reserved word; choose another name", at: t)
        }
        try take()
        return (name, t)
    }

    private mutating func binding() throws(SyntaxError) -> Binding {
        let kw = try take()
        let (name, _) = try variableName(after: "let", usage: "let NAME = VALUE or COMMAND")
        let eq = try peek()
        guard eq.bareText == "=" else {
            if eq.bareText == "==" { throw error("use a single '=' in let: let \(name) = ...", at: eq) }
            throw error("expected '=' after 'let \(name)', not \(eq.described); usage: let \(name) = VALUE or COMMAND", at: eq)
        }
        try take()
        let next = try peek()
        if ends(next, .statement) || next.kind == .pipe {
            throw error("expected a value or a command after '=', as in: let n = funding list | count", at: next)
        }
        let value = try pipeline(.statement, inLet: true)
        return Binding(name: name, value: value, position: kw.position)
    }

    private mutating func definition() throws(SyntaxError) -> Definition {
        let kw = try take()
        let nameTok = try peek()
        guard let name = nameTok.bareText, nameTok.kind == .word else {
            throw error("def needs a command name, not \(nameTok.described); usage: def NAME PARAM... { ... }", at: nameTok)
        }
        guard let f = name.utf8.first, (f >= 65 && f <= 90) || (f >= 97 && f <= 122),
              name.utf8.allSatisfy({ Lexer.isIdentifierChar($0) || $0 == 45 }) else {
            throw error("'\(TextForm.short(name))' is not a command name: use letters, digits, '-' and '_', starting with a letter", at: nameTok)
        }
        if Keyword.reservedCommands.contains(name) {
            throw error("'\(name)' is a reserved word; choose another name for the command", at: nameTok)
        }
        try take()
        var params: [Parameter] = []
        var summary: String?
        while true {
            let t = try peek()
            if t.kind != .word { break }
            let startByte = t.position.offset < bytes.count ? bytes[t.position.offset] : 0
            if startByte == 34 || startByte == 39 {  // a quoted summary
                try take()
                summary = t.plainText ?? t.spelling
                break
            }
            if let v = t.variable {
                throw error("write parameters without '$': def \(name) \(v.name) { ... }", at: t)
            }
            guard var text = t.plainText else {
                throw error("a parameter is a name, name=DEFAULT or name..., not \(t.described)", at: t)
            }
            var defaultValue: String?
            var variadic = false
            if let eq = text.firstIndex(of: "=") {
                defaultValue = String(text[text.index(after: eq)...])
                text = String(text[..<eq])
            } else if text.hasSuffix("...") {
                variadic = true
                text = String(text.dropLast(3))
            }
            guard Self.isIdentifier(text) else {
                throw error("'\(TextForm.short(text))' is not a parameter name: use letters, digits and '_', starting with a letter or '_'", at: t)
            }
            if Keyword.reserved.contains(text) { throw error("'\(text)' is a reserved word; choose another parameter name", at: t) }
            if params.contains(where: { $0.name == text }) { throw error("parameter '\(text)' is given twice", at: t) }
            if let last = params.last, last.variadic {
                throw error("'\(last.name)...' takes every remaining argument, so it must be the last parameter", at: t)
            }
            if defaultValue == nil && !variadic, params.contains(where: { $0.defaultValue != nil }) {
                throw error("parameter '\(text)' needs a default (\(text)=...) because an earlier one has one", at: t)
            }
            try take()
            params.append(Parameter(name: text, defaultValue: defaultValue, variadic: variadic, position: t.position))
        }
        let open = try peek()
        guard open.kind == .openBrace else {
            throw error("expected '{' to start the body of '\(name)', not \(open.described); usage: def NAME PARAM... [\"SUMMARY\"] { ... }", at: open)
        }
        let body = try block(for: "the body of '\(name)'")
        return Definition(name: name, parameters: params, summary: summary, body: body, position: kw.position, namePosition: nameTok.position)
    }

    private mutating func loop() throws(SyntaxError) -> Loop {
        let kw = try take()
        let (name, _) = try variableName(after: "for", usage: "for NAME in COMMAND { ... }")
        let inTok = try peek()
        guard inTok.bareText == "in" else {
            throw error("expected 'in' after 'for \(name)', not \(inTok.described); usage: for \(name) in COMMAND { ... }", at: inTok)
        }
        try take()
        let first = try peek()
        if ends(first, .loopSource) || first.kind == .pipe {
            throw error("expected a command or a value after 'in', as in: for s in list summit { ... }", at: first)
        }
        let source = try pipeline(.loopSource)
        let open = try peek()
        guard open.kind == .openBrace else {
            throw error("expected '{' to start the loop body, not \(open.described)", at: open)
        }
        let body = try block(for: "the loop body")
        return Loop(variable: name, source: source, body: body, position: kw.position)
    }

    private mutating func conditional() throws(SyntaxError) -> Conditional {
        let kw = try take()
        var branches: [(condition: Condition, body: Block)] = []
        var otherwise: Block?
        while true {
            let first = try peek()
            if first.kind == .openBrace || ends(first, .statement) {
                throw error("if needs a condition before \(first.described), as in: if $n > 3 { ... }", at: first)
            }
            let c = try condition(.test, .statement)
            let open = try peek()
            guard open.kind == .openBrace else { throw try unexpectedInCondition(open, expected: "'{' after the if condition") }
            branches.append((c, try block(for: "the if block")))
            guard try peek().bareText == "else" else { break }
            try take()
            if try peek().bareText == "if" {
                try take()
                continue
            }
            let o = try peek()
            guard o.kind == .openBrace else { throw error("expected '{' or 'if' after 'else', not \(o.described)", at: o) }
            otherwise = try block(for: "the else block")
            break
        }
        return Conditional(branches: branches, otherwise: otherwise, position: kw.position)
    }

    private mutating func assertion() throws(SyntaxError) -> Assertion {
        let kw = try take()
        let first = try peek()
        if ends(first, .statement) || first.kind == .pipe {
            throw error("assert needs a condition, as in: assert $n > 0 \"no pledges\"", at: first)
        }
        let start = first.position.offset
        let c = try condition(.assertion, .statement)
        let end = lastEnd
        var message: Argument?
        let m = try peek()
        if m.kind == .word {
            try take()
            message = argument(from: m)
        } else if !ends(m, .statement) {
            throw try unexpectedInCondition(m, expected: "a message or the end of the assertion")
        }
        return Assertion(condition: c, message: message, position: kw.position, conditionRange: start..<end)
    }

    // MARK: - Pipelines

    private mutating func pipeline(_ ctx: Context, inLet: Bool = false) throws(SyntaxError) -> Pipeline {
        let start = try peek()
        headFormat = nil
        let head = try self.head(ctx)
        var stages: [Stage] = []
        var format: OutputFormat? = headFormat
        while try peek().kind == .pipe {
            let bar = try take()
            let next = try peek()
            if next.kind == .pipe && next.position.offset == bar.endOffset {
                throw error("'||' is not an operator here; use 'or' to combine conditions", at: bar)
            }
            try skipNewlines()
            let t = try peek()
            if t.kind == .end {
                throw error("a pipeline cannot end with '|'; add a stage after it: \(Stage.names.joined(separator: ", "))", at: bar, incomplete: true)
            }
            stages.append(try stage(ctx, format: &format))
        }
        return Pipeline(head: head, stages: stages, format: format, position: start.position)
    }

    private mutating func head(_ ctx: Context) throws(SyntaxError) -> Head {
        let t = try peek()
        var value: Expr?
        switch t.kind {
        case .word:
            if let v = t.variable {
                try take()
                value = .variable(v)
            } else if t.quoted {
                try take()
                value = .string(argument(from: t))
            } else if let text = t.bareText, LiteralReader.isLiteralWord(text) {
                value = try operand(.test)
            }
        case .openBracket, .substitution:
            value = try operand(.test)
        case .pipe:
            throw error("a pipeline starts with a command or a value, not '|'", at: t)
        case .openBrace:
            throw error("unexpected '{': blocks follow for, if, else and def; quote it to pass '{' as text", at: t)
        case .openParen:
            throw error("unexpected '(': to use a command's result as a value write $( COMMAND )", at: t)
        case .closeParen, .closeBracket, .comma:
            throw error("unexpected \(t.described) at the start of a command", at: t)
        default:
            throw error("expected a command or a value, not \(t.described)", at: t)
        }
        if let value {
            var next = try peek()
            if isFormatOption(next) {
                // `$rows --format csv`: the format for this line, as on a stage.
                var f: OutputFormat?
                try formatOption(&f)
                headFormat = f
                next = try peek()
            }
            if next.kind != .pipe && !ends(next, ctx) {
                throw error("unexpected \(next.described) after a value; a value can only be followed by '|' and a stage (to run a command, start with its name)", at: next)
            }
            return .value(value)
        }
        return .command(try arguments(ctx), position: t.position)
    }

    /// Argument words up to the end of the command. Adjacent tokens (no space between) form one
    /// argument, so `1,000`, `f(x)` and `--summit=$s` are single arguments.
    private mutating func arguments(_ ctx: Context) throws(SyntaxError) -> [Argument] {
        var args: [Argument] = []
        var parens = 0
        var previousEnd = -1
        while true {
            let t = try peek()
            switch t.kind {
            case .newline, .semicolon, .end, .closeBrace, .pipe: return args
            case .openBrace:
                if ctx == .loopSource { return args }
                throw error("unexpected '{': blocks follow for, if, else and def; quote it to pass '{' as text", at: t)
            case .closeParen:
                if ctx == .substitution && parens == 0 { return args }
                parens = max(0, parens - 1)
            case .openParen:
                parens += 1
            default: break
            }
            let adjacent = !args.isEmpty && t.position.offset == previousEnd
            var pieces: [Argument.Piece]
            var quoted = false
            if t.kind == .substitution {
                let (p, path) = try substitution()
                pieces = [.substitution(p, path: path)]
            } else {
                try take()
                let a = argument(from: t)
                pieces = a.pieces
                quoted = a.quoted
            }
            previousEnd = lastEnd
            if adjacent {
                args[args.count - 1].pieces.append(contentsOf: pieces)
                if quoted { args[args.count - 1].quoted = true }
            } else {
                args.append(Argument(pieces: pieces, quoted: quoted, position: t.position))
            }
        }
    }

    private func argument(from t: Lexeme) -> Argument {
        if t.kind != .word { return Argument(pieces: [.text(t.spelling)], quoted: false, position: t.position) }
        let pieces: [Argument.Piece] = t.parts.map { p in
            switch p {
            case .text(let s): return .text(s)
            case .variable(let v): return .variable(v)
            }
        }
        return Argument(pieces: pieces, quoted: t.quoted, position: t.position)
    }

    /// `$( PIPELINE )` and an optional `.path` written right after the `)`.
    private mutating func substitution() throws(SyntaxError) -> (Pipeline, [String]) {
        let open = try take()
        try enter("'$(' substitutions", at: open)
        defer { leave() }
        let first = try peek()
        if first.kind == .closeParen { throw error("'$( )' needs a command inside, as in: $(funding list | count)", at: first) }
        if first.kind == .end {
            throw error("'$(' opened at line \(open.line), column \(open.column) is never closed; add ')'", at: open, incomplete: true)
        }
        let p = try pipeline(.substitution)
        let close = try peek()
        guard close.kind == .closeParen else {
            if close.kind == .end {
                throw error("'$(' opened at line \(open.line), column \(open.column) is never closed; add ')'", at: open, incomplete: true)
            }
            throw error("expected ')' to close the '$(' at line \(open.line), column \(open.column), not \(close.described)", at: close)
        }
        try take()
        var path: [String] = []
        let after = try peek()
        if after.kind == .word, after.position.offset == close.endOffset, let text = after.bareText, text.hasPrefix(".") {
            let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Lexer.isIdentifierChar) }) {
                try take()
                path = parts
            }
        }
        return (p, path)
    }

    // MARK: - Stages

    private func atStageEnd(_ t: Lexeme, _ ctx: Context) -> Bool { t.kind == .pipe || ends(t, ctx) }

    private mutating func stage(_ ctx: Context, format: inout OutputFormat?) throws(SyntaxError) -> Stage {
        let t = try peek()
        guard let name = t.bareText else {
            throw error("expected a stage after '|' (\(Stage.names.joined(separator: ", "))), not \(t.described)", at: t)
        }
        guard Stage.names.contains(name) else {
            var msg = "unknown pipeline stage '\(TextForm.short(name))'"
            if let s = Suggest.closest(to: name, in: Stage.names) {
                msg += "; did you mean '\(s)'?"
            } else {
                msg += "; the stages are \(Stage.names.joined(separator: ", ")) (commands cannot follow '|')"
            }
            throw error(msg, at: t)
        }
        try take()
        let pos = t.position
        let s: Stage
        switch name {
        case "where":
            let first = try peek()
            if atStageEnd(first, ctx) || isFormatOption(first) {
                throw error("where needs a condition, as in: where amount > 10bn", at: first)
            }
            s = .filter(try condition(.filter, ctx), position: pos)
        case "sort":
            let f = try fieldName(for: "sort", example: "sort amount desc", ctx)
            var descending = false
            let d = try peek()
            if d.bareText == "asc" || d.bareText == "desc" {
                try take()
                descending = d.bareText == "desc"
            } else if d.kind == .word, !isFormatOption(d) {
                throw error("expected asc or desc after the field, not \(d.described); sort takes one field", at: d)
            }
            s = .sort(f, descending: descending, position: pos)
        case "select":
            var fields: [FieldName] = [try fieldName(for: "select", example: "select name amount", ctx)]
            while true {
                let t = try peek()
                guard t.kind == .word, !isFormatOption(t) else { break }
                fields.append(try fieldName(for: "select", example: "select name amount", ctx))
            }
            s = .select(fields, position: pos)
        case "first", "last":
            let c = try peek()
            let count: CountArgument
            if let v = c.variable {
                try take()
                count = .variable(v)
            } else if let text = c.bareText, let n = Int(text), n >= 0 {
                try take()
                count = .number(n, position: c.position)
            } else {
                throw error("\(name) needs a whole number of rows, as in: \(name) 3; not \(c.described)", at: c)
            }
            s = name == "first" ? .first(count, position: pos) : .last(count, position: pos)
        case "count":
            s = .count(position: pos)
        case "group":
            s = .group(try fieldName(for: "group", example: "group summit", ctx), position: pos)
        default:  // sum
            s = .sum(try fieldName(for: "sum", example: "sum amount", ctx), position: pos)
        }
        try formatOption(&format)
        let end = try peek()
        if !atStageEnd(end, ctx) {
            if name == "count" {
                throw error("count takes no field; to count rows per value write: group \(end.bareText ?? "FIELD")", at: end)
            }
            if case .filter = s { throw try unexpectedInCondition(end, expected: "'|' or the end of the line after the condition") }
            throw error("unexpected \(end.described) after the \(name) stage", at: end)
        }
        return s
    }

    private func isFormatOption(_ t: Lexeme) -> Bool {
        guard let w = t.bareText else { return false }
        return w == "--format" || w.hasPrefix("--format=")
    }

    /// `--format F` at the end of a stage.
    private mutating func formatOption(_ format: inout OutputFormat?) throws(SyntaxError) {
        let t = try peek()
        guard isFormatOption(t), let w = t.bareText else { return }
        try take()
        var name: String
        var at = t
        if w.hasPrefix("--format=") {
            name = String(w.dropFirst("--format=".count))
        } else {
            let v = try peek()
            guard let text = v.kind == .word ? v.plainText : nil else {
                throw error("--format needs a value: table, json, csv or markdown", at: t)
            }
            try take()
            name = text
            at = v
        }
        guard let f = OutputFormat(name: name) else {
            throw error("unknown format '\(TextForm.short(name))'; use table, json, csv or markdown", at: at)
        }
        format = f
    }

    private mutating func fieldName(for stage: String, example: String, _ ctx: Context) throws(SyntaxError) -> FieldName {
        let t = try peek()
        if let v = t.variable {
            try take()
            return .variable(v)
        }
        guard t.kind == .word, let text = t.plainText, !isFormatOption(t) else {
            throw error("\(stage) needs a field name, as in: \(example); not \(t.described)", at: t)
        }
        if !t.quoted, let bad = text.first(where: { "=<>!".contains($0) }) {
            _ = bad
            throw error("'\(TextForm.short(text))' is not a field name; \(stage) takes field names, as in: \(example)", at: t)
        }
        try take()
        return .path(text, position: t.position)
    }

    // MARK: - Conditions

    /// Where a condition is: `where` (bare words on the left are fields), `if`, or `assert`.
    private enum ConditionMode { case filter, test, assertion }

    private mutating func condition(_ mode: ConditionMode, _ ctx: Context) throws(SyntaxError) -> Condition {
        var items = [try conjunction(mode, ctx)]
        while try peek().bareText == "or" {
            try take()
            items.append(try conjunction(mode, ctx))
        }
        return items.count == 1 ? items[0] : .any(items)
    }

    private mutating func conjunction(_ mode: ConditionMode, _ ctx: Context) throws(SyntaxError) -> Condition {
        var items = [try negation(mode, ctx)]
        while try peek().bareText == "and" {
            try take()
            items.append(try negation(mode, ctx))
        }
        return items.count == 1 ? items[0] : .all(items)
    }

    private mutating func negation(_ mode: ConditionMode, _ ctx: Context) throws(SyntaxError) -> Condition {
        let t = try peek()
        if t.bareText == "not" || t.bareText == "!" {
            try take()
            try enter("'not'", at: t)
            defer { leave() }
            return .not(try negation(mode, ctx), position: t.position)
        }
        return try primary(mode, ctx)
    }

    private mutating func primary(_ mode: ConditionMode, _ ctx: Context) throws(SyntaxError) -> Condition {
        let t = try peek()
        if t.kind == .openParen {
            try take()
            try enter("parentheses", at: t)
            defer { leave() }
            let c = try condition(mode, .substitution)
            let close = try peek()
            guard close.kind == .closeParen else {
                if close.kind == .end {
                    throw error("'(' opened at line \(t.line), column \(t.column) is never closed; add ')'", at: t, incomplete: true)
                }
                throw try unexpectedInCondition(close, expected: "')' to close the '(' at line \(t.line), column \(t.column)")
            }
            try take()
            return c
        }
        let start = t.position.offset
        let left = try operand(mode == .filter ? .field : .test)
        let opTok = try peek()
        if let w = opTok.bareText, let op = ComparisonOperator(rawValue: w) {
            try take()
            let r = try peek()
            if r.kind != .word && r.kind != .openBracket && r.kind != .substitution {
                throw error("expected a value after '\(w)', not \(r.described)", at: r)
            }
            let right = try operand(.test, after: w)
            return .comparison(left, op, right, range: start..<lastEnd)
        }
        if opTok.kind == .word {
            if let w = opTok.bareText, let fix = Self.operatorFix[w] {
                throw error(fix, at: opTok)
            }
            if mode == .filter, opTok.bareText != "and", opTok.bareText != "or" {
                throw error("expected a comparison operator (==, !=, <, <=, >, >=, contains, in) after '\(TextForm.short(Self.exprText(left)))', not \(opTok.described)", at: opTok)
            }
        }
        return .truth(left, range: start..<lastEnd)
    }

    static let operatorFix: [String: String] = [
        "=": "use '==' to compare ('=' is only for let)",
        "===": "use '==' to compare",
        "&&": "use 'and' to combine conditions, not '&&'",
        "<>": "use '!=' for 'not equal'",
        "=<": "did you mean '<='?",
        "=>": "did you mean '>='?",
        "=!": "did you mean '!='?",
        "~": "there is no '~' operator; use 'contains' to look for text",
        "=~": "there is no '=~' operator; use 'contains' to look for text",
        "not-in": "write 'not X in LIST' as: not (X in LIST)",
    ]

    private mutating func unexpectedInCondition(_ t: Lexeme, expected: String) throws(SyntaxError) -> SyntaxError {
        if t.kind == .pipe, try peek(1).kind == .pipe, try peek(1).position.offset == t.endOffset {
            return error("'||' is not an operator; use 'or' to combine conditions", at: t)
        }
        if let w = t.bareText, let fix = Self.operatorFix[w] { return error(fix, at: t) }
        if let w = t.bareText, ComparisonOperator(rawValue: w) != nil {
            return error("a comparison takes one operator; to combine two, join them with 'and' or 'or'", at: t)
        }
        return error("expected \(expected), not \(t.described)", at: t)
    }

    private static func exprText(_ e: Expr) -> String {
        switch e {
        case .literal(let l): return l.text
        case .field(let f, _): return f
        case .variable(let v): return v.spelling
        case .string(let a): return a.plainText ?? "string"
        case .substitution: return "$(...)"
        case .list: return "[...]"
        }
    }

    private enum OperandSide { case field, test }

    /// A value: literal (money takes two words: `200bn EUR`), quoted string, variable, list or
    /// `$( )`; in `where`, a bare word on the left is a field path.
    private mutating func operand(_ side: OperandSide, after op: String? = nil) throws(SyntaxError) -> Expr {
        let t = try peek()
        switch t.kind {
        case .word:
            if let v = t.variable {
                try take()
                return .variable(v)
            }
            if t.quoted {
                try take()
                if side == .field, let text = t.plainText { return .field(text, position: t.position) }
                return .string(argument(from: t))
            }
            guard let text = t.bareText else {
                try take()
                return .string(argument(from: t))
            }
            if text == "and" || text == "or" || text == "not" || ComparisonOperator(rawValue: text) != nil {
                if let op { throw error("expected a value after '\(op)', not '\(text)'", at: t) }
                throw error("expected \(side == .field ? "a field" : "a value") before '\(text)'\(side == .field ? ", as in: where amount > 10bn" : "")", at: t)
            }
            if side == .field {
                if let i = text.firstIndex(where: { "=<>!".contains($0) }) {
                    var fixed = text
                    var opEnd = i
                    while opEnd < text.endIndex, "=<>!".contains(text[opEnd]) { opEnd = text.index(after: opEnd) }
                    fixed = String(text[..<i]) + " " + String(text[i..<opEnd]) + " " + String(text[opEnd...])
                    throw error("put spaces around the operator: \(TextForm.short(fixed.trimmingCharacters()))", at: t)
                }
                try take()
                return .field(text, position: t.position)
            }
            try take()
            // Money: `200bn EUR` or `EUR 200bn`.
            let next = try peek()
            if let w = next.bareText, next.kind == .word {
                if LiteralReader.number(text) != nil, LiteralReader.isCurrency(w), let n = LiteralReader.number(text) {
                    try take()
                    return .literal(Literal(text: text + " " + w, value: .money(Money(amount: n, currency: w)), position: t.position,
                                            width: next.endOffset - t.position.offset))
                }
                if LiteralReader.isCurrency(text), let n = LiteralReader.number(w) {
                    try take()
                    return .literal(Literal(text: text + " " + w, value: .money(Money(amount: n, currency: text)), position: t.position,
                                            width: next.endOffset - t.position.offset))
                }
            }
            return .literal(Literal(text: text, value: LiteralReader.natural(text), position: t.position, width: t.width))
        case .openBracket:
            return try list()
        case .substitution:
            let (p, path) = try substitution()
            return .substitution(p, path: path, position: t.position)
        default:
            if let op { throw error("expected a value after '\(op)', not \(t.described)", at: t) }
            throw error("expected \(side == .field ? "a field name" : "a value"), not \(t.described)", at: t)
        }
    }

    private mutating func list() throws(SyntaxError) -> Expr {
        let open = try take()
        try enter("lists", at: open)
        defer { leave() }
        var items: [Expr] = []
        try skipNewlines()
        if try peek().kind == .closeBracket {
            try take()
            return .list(items, position: open.position)
        }
        while true {
            let t = try peek()
            if t.kind == .end {
                throw error("'[' opened at line \(open.line), column \(open.column) is never closed; add ']'", at: open, incomplete: true)
            }
            items.append(try operand(.test))
            try skipNewlines()
            let sep = try peek()
            switch sep.kind {
            case .comma:
                try take()
                try skipNewlines()
                if try peek().kind == .closeBracket {
                    try take()
                    return .list(items, position: open.position)
                }
            case .closeBracket:
                try take()
                return .list(items, position: open.position)
            case .end:
                throw error("'[' opened at line \(open.line), column \(open.column) is never closed; add ']'", at: open, incomplete: true)
            default:
                throw error("expected ',' or ']' in the list, not \(sep.described)", at: sep)
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces.
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
