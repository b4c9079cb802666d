/// One side of a comparison: its value, and the text it was written as when its type was only
/// guessed (a literal or a quoted string), so it can be read as the other side's type.
public struct Operand: Sendable, Hashable {
    public var value: Value
    /// The text to read again (literals, quoted strings, text values).
    public var text: String?
    /// True for literals and quoted strings: their type yields to a typed value on the other side.
    public var guessed: Bool
    /// The elements of a list literal, as operands.
    public var elements: [Operand]?

    public init(value: Value, text: String? = nil, guessed: Bool = false, elements: [Operand]? = nil) {
        self.value = value
        self.text = text ?? value.textValue
        self.guessed = guessed
        self.elements = elements
    }

    public static func typed(_ v: Value) -> Operand { Operand(value: v) }
}

/// A comparison that cannot be made: the message says why and how to write it.
public struct ComparisonError: Error, Sendable, Hashable {
    public var message: String
    /// True when the right-hand side is at fault (point the caret there).
    public var blameRight: Bool
}

/// The result of a comparison.
public enum Verdict: Sendable, Hashable {
    case yes
    case no
    /// A side is missing (null): the row does not match.
    case missing
    /// Money in different currencies: never compared; the row does not match.
    case otherCurrency(row: String, literal: String)

    public var isTrue: Bool { self == .yes }
}

/// Typed comparisons (docs/LANGUAGE.md, "Comparisons"):
///
/// - A literal takes the type of the value it is compared with: `2025` is a year against a date,
///   text against text; `10bn` a number; `10bn EUR` money.
/// - Money against money only in the same currency (other currencies: `.otherCurrency`, never a
///   match, never converted); money against a bare number compares the amount in any currency.
/// - Dates as dates: a date range stands for its start; a month or year on the right for all its
///   days (`date == 2025-02` is any day of February 2025, `date < 2025` before 2025).
/// - Text: `==` and `!=` exact; ordering and `contains` ignore case and accents.
/// - Lists: `contains` (and `in` the other way round) is membership; a one-element list compares
///   as its element.
/// - A missing value (null) differs from every value (`!=` holds) and matches no other comparison.
public enum Comparison {
    /// `memo` keeps literals already read as a type, so a `where` over many rows reads `1bn`
    /// once rather than once a row.
    public static func compare(_ l: Operand, _ op: ComparisonOperator, _ r: Operand, memo: RereadMemo? = nil) throws(ComparisonError) -> Verdict {
        switch op {
        case .contains: return try contains(l, r, op: op)
        case .isIn: return try contains(r, l, op: op)
        default: break
        }
        var a = unwrap(l)
        var b = unwrap(r)
        if a.value.isNull || b.value.isNull {
            // Nothing equals nothing; something differs from nothing; nothing is in no order.
            let both = a.value.isNull && b.value.isNull
            switch op {
            case .equal: return both ? .yes : .missing
            case .notEqual: return both ? .no : .yes
            default: return .missing
            }
        }
        if a.guessed && !b.guessed, let t = a.text { a = reread(t, like: b.value, fallback: a, memo: memo) }
        if b.guessed && !a.guessed, let t = b.text { b = reread(t, like: a.value, fallback: b, memo: memo) }
        return try typed(a, op, b)
    }

    /// Truth of a value alone (`where part_of`, `if $found`).
    public static func truth(_ v: Value) -> Bool {
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .number(let x): return x != 0
        case .text(let t): return !t.isEmpty
        case .list(let items): return !items.isEmpty
        default: return true
        }
    }

    static func unwrap(_ o: Operand) -> Operand {
        if case .list(let items) = o.value, items.count == 1 {
            if let e = o.elements, e.count == 1 { return e[0] }
            return Operand(value: items[0], text: items[0].textValue, guessed: o.guessed)
        }
        return o
    }

    /// Reads a guessed operand's text as the type of `like`.
    static func reread(_ text: String, like: Value, fallback: Operand, memo: RereadMemo? = nil) -> Operand {
        let v: Value?
        if let memo, let kind = RereadMemo.kind(of: like) {
            if let known = memo.lookup(text, kind) {
                v = known
            } else {
                v = read(text, like: like)
                memo.store(text, kind, v)
            }
        } else {
            v = read(text, like: like)
        }
        guard let v else { return fallback }
        return Operand(value: v, text: text, guessed: false)
    }

    /// `text` read as the type of `like`, or nil when it does not read as one.
    static func read(_ text: String, like: Value) -> Value? {
        var v: Value?
        switch like {
        case .text, .ref: v = .text(text)
        case .money:
            if let m = LiteralReader.money(text) { v = .money(m) } else if let n = LiteralReader.number(text) { v = .number(n) }
        case .number, .quantity:
            if let n = LiteralReader.number(text) { v = .number(n) }
        case .date, .dateRange:
            if let r = LiteralReader.dateRange(text) { v = .dateRange(r) } else if let d = ISODate(text) { v = .date(d) }
        case .bool:
            if let b = LiteralReader.bool(text) { v = .bool(b) }
        default: break
        }
        return v
    }

    // MARK: - Typed comparison

    static func typed(_ a: Operand, _ op: ComparisonOperator, _ b: Operand) throws(ComparisonError) -> Verdict {
        // Both sides are guesses and one is text: read it as the other's type, else compare as text.
        if a.guessed && b.guessed, let ta = a.text, let tb = b.text {
            let textA = a.value.textValue != nil, textB = b.value.textValue != nil
            if textA != textB {
                let reread = textA ? Self.reread(ta, like: b.value, fallback: a) : Self.reread(tb, like: a.value, fallback: b)
                if reread.value.textValue != nil {
                    return verdict(op == .equal ? ta == tb : op == .notEqual ? ta != tb : order(TextFold.fold(ta), TextFold.fold(tb), op))
                }
                return textA ? try typed(reread, op, Operand(value: b.value, text: tb)) : try typed(Operand(value: a.value, text: ta), op, reread)
            }
        }
        let x = a.value, y = b.value
        // Lists and records: equality only.
        if case .list(let lx) = x, case .list(let ly) = y {
            guard op == .equal || op == .notEqual else { throw ComparisonError(message: "lists can only be compared with == and !=; use 'contains' to look inside one", blameRight: false) }
            var same = lx.count == ly.count
            if same {
                for (p, q) in zip(lx, ly) where try compare(.typed(p), .equal, .typed(q)) != .yes {
                    same = false
                    break
                }
            }
            return verdict(op == .equal ? same : !same)
        }
        if case .list(let items) = x {
            throw ComparisonError(message: "cannot compare a list of \(items.count) with \(y.typeName) \(TextForm.described(y)); use 'contains' to test membership", blameRight: false)
        }
        if case .list(let items) = y {
            throw ComparisonError(message: "cannot compare \(x.typeName) \(TextForm.described(x)) with a list of \(items.count); use 'in' to test membership", blameRight: true)
        }
        // Money.
        if case .money(let m) = x { return try money(m, op, b, rightIsMoney: true) }
        if case .money(let m) = y {
            // number OP money: flip.
            return try money(m, flip(op), a, rightIsMoney: false)
        }
        // Dates.
        if isDate(x) || isDate(y) {
            guard let dx = try dateValue(a, other: y, blameRight: false), let dy = try dateValue(b, other: x, blameRight: true) else { return .missing }
            return verdict(dates(dx, op, dy))
        }
        // Numbers.
        if let nx = numeric(x), let ny = numeric(y) { return verdict(order(nx, ny, op)) }
        if let nx = numeric(x) {
            guard let t = b.text, let ny = LiteralReader.number(t) else { throw mismatch(a, b, hint: numberHint, blameRight: true) }
            return verdict(order(nx, ny, op))
        }
        if let ny = numeric(y) {
            guard let t = a.text, let nx = LiteralReader.number(t) else { throw mismatch(a, b, hint: numberHint, blameRight: false) }
            return verdict(order(nx, ny, op))
        }
        // Booleans.
        if case .bool(let bx) = x {
            guard let by = boolValue(b) else { throw mismatch(a, b, hint: "; write true or false", blameRight: true) }
            return try equality(bx == by, op, typeName: "boolean")
        }
        if case .bool(let by) = y {
            guard let bx = boolValue(a) else { throw mismatch(a, b, hint: "; write true or false", blameRight: false) }
            return try equality(bx == by, op, typeName: "boolean")
        }
        // Text.
        if let tx = x.textValue, let ty = y.textValue {
            switch op {
            case .equal: return verdict(tx == ty)
            case .notEqual: return verdict(tx != ty)
            default:
                let fx = TextFold.fold(tx), fy = TextFold.fold(ty)
                return verdict(order(fx, fy, op))
            }
        }
        if let tx = x.textValue, let ty = b.text, b.guessed {
            return verdict(op == .equal ? tx == ty : op == .notEqual ? tx != ty : order(TextFold.fold(tx), TextFold.fold(ty), op))
        }
        if case .record = x, case .record = y { return try equality(x == y, op, typeName: "record") }
        throw mismatch(a, b, hint: "", blameRight: true)
    }

    static let numberHint = "; write a number such as 20, 1.5m or 10bn"

    static func money(_ m: Money, _ op: ComparisonOperator, _ other: Operand, rightIsMoney: Bool) throws(ComparisonError) -> Verdict {
        guard let (amount, currency) = amount(other) else {
            let mo = Operand.typed(.money(m))
            throw rightIsMoney
                ? mismatch(mo, other, hint: "; write an amount such as 10bn or 10bn \(m.currency)", blameRight: true)
                : mismatch(other, mo, hint: "; write an amount such as 10bn or 10bn \(m.currency)", blameRight: false)
        }
        if let currency, currency != m.currency {
            return rightIsMoney ? .otherCurrency(row: m.currency, literal: currency) : .otherCurrency(row: currency, literal: m.currency)
        }
        return verdict(order(m.amount, amount, op))
    }

    /// What money is compared with on the other side: an amount, in one currency or (a bare
    /// number) in any; nil when it is no amount.
    static func amount(_ other: Operand) -> (amount: Double, currency: String?)? {
        switch other.value {
        case .money(let n): return (n.amount, n.currency)
        case .number(let x): return (x, nil)
        case .quantity(let q): return (q.number, nil)
        default:
            if let t = other.text {
                if let n = LiteralReader.money(t) { return (n.amount, n.currency) }
                if let x = LiteralReader.number(t) { return (x, nil) }
            }
            return nil
        }
    }

    /// `money OP literal` worked out once for a whole column of money (`where amount > 1bn`
    /// over a pack's column): `test` gives, for any row's amount and currency (nil for a row
    /// without one), what `compare(.typed(.money(m)), op, literal)` gives. Nil when the literal
    /// is no amount (the comparison then fails, naming the row's currency) or `op` looks inside
    /// lists.
    public struct MoneyTest: Sendable {
        let op: ComparisonOperator
        public let amount: Double
        /// The literal's currency; nil for a bare number (any currency).
        public let currency: String?

        public func verdict(_ cell: (amount: Double, currency: String)?) -> Verdict {
            guard let cell else { return op == .notEqual ? .yes : .missing }
            if let currency, currency != cell.currency { return .otherCurrency(row: cell.currency, literal: currency) }
            return Comparison.verdict(Comparison.order(cell.amount, amount, op))
        }
    }

    public static func moneyTest(_ op: ComparisonOperator, _ literal: Operand) -> MoneyTest? {
        guard op != .contains, op != .isIn else { return nil }
        // As `compare` reads it against money: unwrapped, null aside, a guess read as money.
        var b = unwrap(literal)
        guard !b.value.isNull else { return nil }
        if b.guessed, let t = b.text { b = reread(t, like: .money(Money(amount: 0, currency: "XXX")), fallback: b) }
        guard case .some(let (amount, currency)) = amount(b) else { return nil }
        return MoneyTest(op: op, amount: amount, currency: currency)
    }

    static func flip(_ op: ComparisonOperator) -> ComparisonOperator {
        switch op {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return op
        }
    }

    static func isDate(_ v: Value) -> Bool {
        switch v {
        case .date, .dateRange: return true
        default: return false
        }
    }

    /// A date or range from an operand (reading its text when it is not one).
    static func dateValue(_ o: Operand, other: Value, blameRight: Bool) throws(ComparisonError) -> Value? {
        switch o.value {
        case .date, .dateRange: return o.value
        case .null: return nil
        default:
            if let t = o.text ?? (o.guessed ? o.value.display : nil) {
                if let r = LiteralReader.dateRange(t) { return .dateRange(r) }
                if let d = ISODate(t) { return .date(d) }
            }
            let dateSide = Operand.typed(other)
            throw blameRight
                ? mismatch(dateSide, o, hint: "; write an ISO date such as 2025-02-10 (or 2025-02, 2025)", blameRight: true)
                : mismatch(o, dateSide, hint: "; write an ISO date such as 2025-02-10 (or 2025-02, 2025)", blameRight: false)
        }
    }

    /// Date comparison: ranges against ranges by (start, end); otherwise a range stands for its
    /// start, the left side counts from its first day and the right side (a month, a year) stands
    /// for all its days: `==` is "lies within", `<` "starts before", `<=` "starts no later than
    /// its end", `>` "starts after", `>=` "starts on or after its start".
    static func dates(_ x: Value, _ op: ComparisonOperator, _ y: Value) -> Bool {
        if case .dateRange(let rx) = x, case .dateRange(let ry) = y {
            let kx = (rx.start.start.dayNumber, rx.end.end.dayNumber), ky = (ry.start.start.dayNumber, ry.end.end.dayNumber)
            switch op {
            case .equal: return kx == ky
            case .notEqual: return kx != ky
            case .less: return kx < ky
            case .lessOrEqual: return kx <= ky
            case .greater: return kx > ky
            case .greaterOrEqual: return kx >= ky
            default: return false
            }
        }
        guard let dx = x.startDate, let dy = y.startDate else { return false }
        // The left side counts from its first day; the right side stands for all its days.
        let (xs, xe) = (dx.start.dayNumber, dx.end.dayNumber)
        let (ys, ye) = (dy.start.dayNumber, dy.end.dayNumber)
        let within = xs >= ys && xe <= ye
        switch op {
        case .equal: return within
        case .notEqual: return !within
        case .less: return xs < ys
        case .lessOrEqual: return xs <= ye
        case .greater: return xs > ye
        case .greaterOrEqual: return xs >= ys
        default: return false
        }
    }

    /// A number for numbers and quantities; nil for other types.
    static func numeric(_ v: Value) -> Double? {
        switch v {
        case .number(let x): return x
        case .quantity(let q): return q.number
        default: return nil
        }
    }

    static func boolValue(_ o: Operand) -> Bool? {
        if case .bool(let b) = o.value { return b }
        return o.text.flatMap(LiteralReader.bool)
    }

    static func equality(_ same: Bool, _ op: ComparisonOperator, typeName: String) throws(ComparisonError) -> Verdict {
        switch op {
        case .equal: return verdict(same)
        case .notEqual: return verdict(!same)
        default:
            throw ComparisonError(message: "'\(op.rawValue)' needs numbers, money, dates or text; \(typeName) values can only be compared with == and !=", blameRight: false)
        }
    }

    static func order<T: Comparable>(_ x: T, _ y: T, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        default: return false
        }
    }

    static func verdict(_ b: Bool) -> Verdict { b ? .yes : .no }

    static func mismatch(_ a: Operand, _ b: Operand, hint: String, blameRight: Bool) -> ComparisonError {
        ComparisonError(message: "cannot compare \(a.value.typeName) \(TextForm.described(a.value)) with \(b.value.typeName) \(TextForm.described(b.value))\(hint)", blameRight: blameRight)
    }

    // MARK: - contains / in

    /// `container contains item`.
    static func contains(_ container: Operand, _ item: Operand, op: ComparisonOperator) throws(ComparisonError) -> Verdict {
        if container.value.isNull || item.value.isNull { return .missing }
        switch container.value {
        case .list(let items):
            let ops = container.elements ?? items.map { Operand.typed($0) }
            for e in ops {
                if case .list = e.value {
                    if try contains(e, item, op: op) == .yes { return .yes }
                    continue
                }
                // An element of another type simply does not match.
                if let v = try? compare(e, .equal, item), v == .yes { return .yes }
            }
            return .no
        case .ref(let id):
            // An id contains only itself.
            let other = item.value.textValue ?? item.text ?? TextForm.display(item.value)
            return verdict(id == other)
        case .text(let t):
            let needle: String
            switch item.value {
            case .text(let s), .ref(let s): needle = s
            default: needle = item.text ?? TextForm.display(item.value)
            }
            return verdict(TextFold.contains(t, needle))
        case .date, .dateRange:
            guard let d = try dateValue(item, other: container.value, blameRight: op == .contains) else { return .missing }
            guard let c = container.value.startDate, let ce = container.value.endDate, let s = d.startDate, let e = d.endDate else { return .no }
            return verdict(s.start.dayNumber >= c.start.dayNumber && e.end.dayNumber <= ce.end.dayNumber)
        case .record(let r):
            let key = item.text ?? TextForm.display(item.value)
            return verdict(FieldPath.step(.record(r), key) != nil)
        default:
            let name = op == .contains ? "'contains' needs text, a list or a date range on its left" : "'in' needs a list, text or a date range on its right"
            throw ComparisonError(message: "\(name); \(TextForm.described(container.value)) is \(container.value.typeName)", blameRight: op == .isIn)
        }
    }
}

/// The order `sort` uses: nulls last; then by type; money by currency, then amount; dates by start
/// day, then end; numbers and quantities by value; text ignoring case and accents.
public enum ValueOrder {
    public static func compare(_ a: Value, _ b: Value) -> Int {
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.money(let x), .money(let y)):
            if x.currency != y.currency { return x.currency < y.currency ? -1 : 1 }
            return cmp(x.amount, y.amount)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default: break
        }
        if let x = Comparison.numeric(a), let y = Comparison.numeric(b) { return cmp(x, y) }
        if let x = a.startDate, let y = b.startDate {
            let c = cmp(x.start.dayNumber, y.start.dayNumber)
            if c != 0 { return c }
            return cmp((a.endDate ?? x).end.dayNumber, (b.endDate ?? y).end.dayNumber)
        }
        return cmp(TextFold.fold(TextForm.display(a)), TextFold.fold(TextForm.display(b)))
    }

    static func rank(_ v: Value) -> Int {
        switch v {
        case .number, .quantity: return 0
        case .money: return 1
        case .date, .dateRange: return 2
        case .text, .ref: return 3
        case .bool: return 4
        case .list: return 5
        case .record: return 6
        case .null: return 7
        }
    }

    static func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
}

/// A value reduced to what `ValueOrder.compare` looks at, made once per row for `sort`:
/// comparing two keys gives the same order as comparing the two values.
struct SortKey {
    /// `ValueOrder.rank`.
    let rank: Int
    /// Numbers and quantities: the number; money: the amount; dates: the first day; bools: 0 or 1.
    let x: Double
    /// Dates: the last day.
    let y: Double
    /// Money: the currency; text and the other kinds: the folded display text.
    let text: String
    static let moneyRank = 1

    init(_ v: Value) {
        rank = ValueOrder.rank(v)
        switch v {
        case .number(let n): (x, y, text) = (n, 0, "")
        case .quantity(let q): (x, y, text) = (q.number, 0, "")
        case .money(let m): (x, y, text) = (m.amount, 0, m.currency)
        case .date, .dateRange:
            let start = v.startDate!
            (x, y, text) = (Double(start.start.dayNumber), Double((v.endDate ?? start).end.dayNumber), "")
        case .bool(let b): (x, y, text) = (b ? 1 : 0, 0, "")
        default: (x, y, text) = (0, 0, TextFold.fold(TextForm.display(v)))
        }
    }

    var isNull: Bool { rank == 7 }

    func compare(_ o: SortKey) -> Int {
        if rank != o.rank { return rank < o.rank ? -1 : 1 }
        switch rank {
        case 0, 4: return ValueOrder.cmp(x, o.x)
        case 1:
            if text != o.text { return text < o.text ? -1 : 1 }
            return ValueOrder.cmp(x, o.x)
        case 2:
            let c = ValueOrder.cmp(x, o.x)
            return c != 0 ? c : ValueOrder.cmp(y, o.y)
        default: return ValueOrder.cmp(text, o.text)
        }
    }
}

/// What literal texts read as, by the type they were read as (`Comparison.reread`): a few
/// entries (a condition holds few literals), the oldest replaced first when it is full.
public final class RereadMemo {
    private var entries: [(text: String, kind: UInt8, value: Value?)] = []
    private var next = 0
    static let capacity = 8

    public init() {}

    /// The types a text is read as differently (text itself needs no reading).
    static func kind(of like: Value) -> UInt8? {
        switch like {
        case .money: return 1
        case .number, .quantity: return 2
        case .date, .dateRange: return 3
        case .bool: return 4
        default: return nil
        }
    }

    /// The stored reading, `.some(nil)` when the text is known not to read as that type.
    func lookup(_ text: String, _ kind: UInt8) -> Value?? {
        for e in entries where e.kind == kind && e.text == text { return .some(e.value) }
        return nil
    }

    func store(_ text: String, _ kind: UInt8, _ value: Value?) {
        if entries.count < Self.capacity {
            entries.append((text, kind, value))
        } else {
            entries[next] = (text, kind, value)
            next = (next + 1) % Self.capacity
        }
    }
}
