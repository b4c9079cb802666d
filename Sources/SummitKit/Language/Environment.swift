/// Variables: the session's globals, and the locals of each running `def` call.
///
/// Scoping is by function, as in Python: `let` and `for` at the top level of a script, in its
/// blocks, or at the prompt set globals (so a variable set inside an `if` is seen after it); inside
/// a `def` they set locals of that call. A `def` reads its parameters and locals first, then globals.
/// A variable holds a command's whole result, so `$pledges` keeps its columns when shown or piped.
public final class Environment {
    public private(set) var globals: [String: CommandResult] = [:]
    private var frames: [[String: CommandResult]] = []

    public init() {}

    public func lookup(_ name: String) -> CommandResult? {
        if let top = frames.last, let v = top[name] { return v }
        return globals[name]
    }

    /// Sets `name` in the current scope: the running `def` call's locals, else the globals.
    public func assign(_ name: String, _ value: CommandResult) {
        if frames.isEmpty {
            globals[name] = value
        } else {
            frames[frames.count - 1][name] = value
        }
    }

    func push(_ locals: [String: CommandResult]) { frames.append(locals) }
    func pop() { if !frames.isEmpty { frames.removeLast() } }

    /// Every name visible now, sorted (for suggestions and completion).
    public var visibleNames: [String] {
        var names = Set(globals.keys)
        if let top = frames.last { names.formUnion(top.keys) }
        return names.sorted()
    }
}

extension CommandResult {
    /// The result as one value: rows as a list of records, an entity as its data record.
    public var value: Value {
        switch self {
        case .records(let rows, _), .chart(_, let rows, _): return .list(rows.map { .record($0) })
        case .lazyRecords(let l): return .list(l.records.map { .record($0) })
        case .detail(let r, _), .entity(_, _, let r): return .record(r)
        case .value(let v): return v
        case .text(let t): return .text(t)
        case .none: return .null
        }
    }

    /// A value as a result: records show as a table, anything else as a value.
    public init(value v: Value) {
        switch v {
        case .record(let r): self = .records([r], columns: r.keys)
        case .list(let items) where !items.isEmpty && items.allSatisfy({ if case .record = $0 { return true } else { return false } }):
            self = .table(items.map { if case .record(let r) = $0 { return r } else { return Record() } })
        case .null: self = .none
        default: self = .value(v)
        }
    }
}
