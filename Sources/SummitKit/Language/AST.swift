/// The syntax tree of a script (see docs/LANGUAGE.md for the grammar).
///
/// Every node keeps where it was written, for messages. Nodes are values (Sendable), so a `def`
/// can keep its body in a registered command.

/// A parsed script: its statements and the text they came from.
public struct Program: Sendable {
    public var statements: [Stmt]
    public var unit: SourceUnit
}

/// A script's text and name, kept for messages (the source line under an error) and `source` paths.
public struct SourceUnit: Sendable {
    /// The name used in messages: a path, `<stdin>`, `<prompt>`, `<command-line 1>`.
    public var file: String
    public var text: String
    /// Where `source` paths are relative to.
    public var directory: String
    public init(file: String, text: String, directory: String = ".") {
        self.file = file
        self.text = text
        self.directory = directory
    }
}

/// A statement.
public indirect enum Stmt: Sendable {
    /// `COMMAND ARGS... | STAGE...` or `VALUE | STAGE...`
    case pipeline(Pipeline)
    /// `let NAME = PIPELINE`
    case binding(Binding)
    /// `def NAME PARAM... ["SUMMARY"] { ... }`
    case definition(Definition)
    /// `for NAME in PIPELINE { ... }`
    case loop(Loop)
    /// `if COND { ... } else if COND { ... } else { ... }`
    case conditional(Conditional)
    /// `assert COND [MESSAGE]`
    case assertion(Assertion)

    public var position: SourcePosition {
        switch self {
        case .pipeline(let p): return p.position
        case .binding(let b): return b.position
        case .definition(let d): return d.position
        case .loop(let l): return l.position
        case .conditional(let c): return c.position
        case .assertion(let a): return a.position
        }
    }
}

/// `{ statements }`
public struct Block: Sendable {
    public var statements: [Stmt]
    public var position: SourcePosition
}

public struct Binding: Sendable {
    public var name: String
    public var value: Pipeline
    public var position: SourcePosition
}

public struct Parameter: Sendable, Hashable {
    public var name: String
    /// `name=default`: optional, with this text when not given.
    public var defaultValue: String?
    /// `name...`: takes every remaining argument as a list.
    public var variadic: Bool
    public var position: SourcePosition
}

public struct Definition: Sendable {
    public var name: String
    public var parameters: [Parameter]
    public var summary: String?
    public var body: Block
    public var position: SourcePosition
    public var namePosition: SourcePosition
}

public struct Loop: Sendable {
    public var variable: String
    public var source: Pipeline
    public var body: Block
    public var position: SourcePosition
}

public struct Conditional: Sendable {
    public var branches: [(condition: Condition, body: Block)]
    public var otherwise: Block?
    public var position: SourcePosition
}

public struct Assertion: Sendable {
    public var condition: Condition
    public var message: Argument?
    public var position: SourcePosition
    /// UTF-8 offsets of the condition's text, to quote it in the failure message.
    public var conditionRange: Range<Int>
}

/// A pipeline: a head that produces records, then stages.
public struct Pipeline: Sendable {
    public var head: Head
    public var stages: [Stage]
    /// `--format F` written on a stage: applies to this statement's output.
    public var format: OutputFormat?
    public var position: SourcePosition
}

public enum Head: Sendable {
    /// A command with its argument words (the name words included).
    case command([Argument], position: SourcePosition)
    /// A value: a literal, a variable, a quoted string, a list or `$( ... )`.
    case value(Expr)
}

/// One argument of a command: adjacent pieces with no space between them.
public struct Argument: Sendable {
    public enum Piece: Sendable {
        case text(String)
        indirect case variable(VariableReference)
        /// `$( PIPELINE )`, with an optional `.path` after the `)`.
        indirect case substitution(Pipeline, path: [String])
    }

    public var pieces: [Piece]
    public var quoted: Bool
    public var position: SourcePosition

    /// The text when it has no variables or substitutions.
    public var plainText: String? {
        var s = ""
        for p in pieces {
            guard case .text(let t) = p else { return nil }
            s += t
        }
        return s
    }

    /// True for an unquoted argument that is one variable or one substitution: its value is typed
    /// and a list spreads into several arguments.
    public var isSingleValue: Bool {
        guard !quoted, pieces.count == 1 else { return false }
        switch pieces[0] {
        case .text: return false
        case .variable, .substitution: return true
        }
    }
}

/// A value in a condition, a `let` or at the head of a pipeline.
public indirect enum Expr: Sendable {
    /// A bare word (or two, for money: `200bn EUR`): its natural type, and its text for reading it
    /// as another type when compared (`2025` against a date is the year 2025).
    case literal(Literal)
    /// A quoted string or a word with variables inside: always text.
    case string(Argument)
    case variable(VariableReference)
    case substitution(Pipeline, path: [String], position: SourcePosition)
    case list([Expr], position: SourcePosition)
    /// A field of the current record (in `where`): a dotted path.
    case field(String, position: SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .literal(let l): return l.position
        case .string(let a): return a.position
        case .variable(let v): return v.position
        case .substitution(_, _, let p), .list(_, let p), .field(_, let p): return p
        }
    }
}

public struct Literal: Sendable, Hashable {
    public var text: String
    public var value: Value
    public var position: SourcePosition
    public var width: Int
}

public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case contains
    case isIn = "in"
}

public indirect enum Condition: Sendable {
    /// `LEFT OP RIGHT`; `range` is the UTF-8 span of its text (quoted when an assertion fails).
    case comparison(Expr, ComparisonOperator, Expr, range: Range<Int>)
    /// A value alone: true unless null, false, 0, empty text or an empty list.
    case truth(Expr, range: Range<Int>)
    case not(Condition, position: SourcePosition)
    case all([Condition])
    case any([Condition])

    public var position: SourcePosition {
        switch self {
        case .comparison(let l, _, _, _): return l.position
        case .truth(let e, _): return e.position
        case .not(_, let p): return p
        case .all(let c), .any(let c): return c[0].position
        }
    }
}

/// A field named in a stage: a dotted path, or a variable holding one.
public enum FieldName: Sendable {
    case path(String, position: SourcePosition)
    case variable(VariableReference)

    public var position: SourcePosition {
        switch self {
        case .path(_, let p): return p
        case .variable(let v): return v.position
        }
    }
}

/// A row count in `first N`: a number or a variable.
public enum CountArgument: Sendable {
    case number(Int, position: SourcePosition)
    case variable(VariableReference)
}

public enum Stage: Sendable {
    case filter(Condition, position: SourcePosition)
    case sort(FieldName, descending: Bool, position: SourcePosition)
    case select([FieldName], position: SourcePosition)
    case first(CountArgument, position: SourcePosition)
    case last(CountArgument, position: SourcePosition)
    case count(position: SourcePosition)
    case group(FieldName, position: SourcePosition)
    case sum(FieldName, position: SourcePosition)

    public var name: String {
        switch self {
        case .filter: return "where"
        case .sort: return "sort"
        case .select: return "select"
        case .first: return "first"
        case .last: return "last"
        case .count: return "count"
        case .group: return "group"
        case .sum: return "sum"
        }
    }

    public var position: SourcePosition {
        switch self {
        case .filter(_, let p), .sort(_, _, let p), .select(_, let p), .first(_, let p), .last(_, let p),
             .count(let p), .group(_, let p), .sum(_, let p):
            return p
        }
    }

    /// The stage names, for messages and completion.
    public static let names = ["where", "sort", "select", "first", "last", "count", "group", "sum"]
}

/// Words that start statements.
public enum Keyword {
    public static let statements = ["let", "def", "for", "if", "assert"]
    /// Words that cannot name a variable, a parameter or a `def`.
    public static let reserved: Set<String> = ["let", "def", "for", "in", "if", "else", "assert", "and", "or", "not"]
    /// Words that cannot name a `def` either: what the interpreter runs itself, and the stages.
    public static let reservedCommands: Set<String> = reserved.union(["exit", "quit", "source"]).union(Stage.names)
}
