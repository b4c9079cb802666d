import SummitKit

/// `funding list`: every pledge with amount, funders, country, summit, purpose and date.
public struct FundingListCommand: Command {
    public init() {}
    public let name = "funding list"
    public let summary = "List funding pledges: amount, funders, country, summit, what for, date"
    public var help: String {
        """
        One row per pledge (entities of kind `funding`). Amounts keep their currency and
        qualifier (`about EUR 109bn`); JSON gives money as {"amount": N, "currency": "EUR"}.

        Columns: id, name, amount, funder (names), country (the pledge's own country, else
        its funders'), summit, for (the recipient, else the pledge's description), date (the
        pledge's date, else when it was announced, else the first day of its summit; JSON's
        `date_from` says which). JSON also carries part_of (the pledge it is nested in),
        context (true for background announcements that are not summit pledges), funder_ids
        and country_ids.

        Filters:
          --summit ID       pledges made at that summit
          --funder ID       pledges that organisation, country or person funds
          --country ID      pledges for that country, or whose funder is based in it
          --currency CODE   pledges in that currency
          --min AMOUNT      pledges of at least AMOUNT (10bn, 400m) compared in each
                            pledge's own currency, so --min 100m keeps EUR 200bn and USD 400m
                            alike; write '10bn EUR' (quoted) or add --currency to compare
                            within one currency only.

        Sorting: --sort amount (the default: grouped by currency, since amounts in different
        currencies are not comparable, largest first), --sort date (earliest first) or
        --sort name (A to Z); --asc or --desc reverses the default direction.

        Examples:
          funding list
          funding list --summit paris-2025 --currency EUR
          funding list --min 10bn --sort date
          funding list --funder european-union --format json
        """
    }
    public var options: [OptionSpec] {
        PledgeFilter.options + [
            OptionSpec("sort", value: "KEY", help: "amount (default), date or name", completion: .values(["amount", "date", "name"])),
            .flag("asc", help: "smallest, earliest or A first"),
            .flag("desc", help: "largest, latest or Z first"),
        ]
    }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        FundingCompletion.complete(self, request, in: context)
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let cells = reg.moneyCells("amount")
        let all = Pledge.positions(in: reg, cells: cells)
        let filter = try PledgeFilter.parse(args, in: context, currencies: { Pledge.currencies(at: all, cells: cells) })
        let order = try PledgeOrder.parse(args)
        let kept = filter.isEmpty ? all : Positions(all.filter { Pledge(reg.entities[$0], registry: reg).map(filter.matches) ?? false })
        let rows = PledgeRows(registry: reg, positions: kept, cells: cells)
        // The rows are built when asked for: `funding list | where ... | first 10` builds ten.
        // By amount, the order is a plan applied when the rows are wanted: a `sort` or `first`
        // after it then costs no sort of every pledge.
        guard order.key == .amount else {
            let es = reg.entities
            let sorted = order.order(kept.count, money: { cells.cell(kept[$0]).map { Money(amount: $0.amount, currency: $0.currency) } },
                                     name: { es[kept[$0]].name },
                                     date: { let e = es[kept[$0]]; return Pledge.date(of: e, summit: e.related("summit").first, registry: reg).0 })
            return .lazyRecords(LazyRows(rows, order: sorted, columns: Pledge.columns))
        }
        let es = reg.entities
        let byName = RowKey.rows { a, b in
            let (x, y) = (es[kept[a]].name, es[kept[b]].name)
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        return .lazyRecords(LazyRows(rows, ordering: [.money(rows.money("amount")!, descending: order.descending), byName], columns: Pledge.columns))
    }
}

/// The `--sort`/`--asc`/`--desc` options of `funding list` and `funding chart`.
struct PledgeOrder {
    enum Key: String { case amount, date, name }
    var key: Key = .amount
    var descending = true

    static func parse(_ args: Arguments) throws(CommandError) -> PledgeOrder {
        var o = PledgeOrder()
        if let k = try args.choice(option: "sort", ["amount", "date", "name"]) { o.key = Key(rawValue: k)! }
        o.descending = o.key == .amount
        if args.flag("asc") && args.flag("desc") {
            throw .usage("give --asc or --desc, not both", argument: args.tokenIndex(ofOption: "desc"))
        }
        if args.flag("asc") { o.descending = false }
        if args.flag("desc") { o.descending = true }
        return o
    }

    /// Sorted pledges. By amount, pledges are grouped by currency (alphabetical) first.
    func sorted(_ pledges: [Pledge]) -> [Pledge] { positions(pledges).map { pledges[$0] } }

    /// The positions of `pledges` in sorted order (stable).
    func positions(_ pledges: [Pledge]) -> [Int] {
        order(pledges.count, money: { pledges[$0].amount }, name: { pledges[$0].entity.name }, date: { pledges[$0].date })
    }

    /// Positions `0..<n` in sorted order (stable). Each key is read once per position (names
    /// folded once), not at every comparison. By amount, the order is `LazyRows`' money order
    /// (currencies A to Z, amounts in the direction asked, sorted on every core for many), with
    /// a name read only for a tie; a pledge without money sorts as currency "" and amount 0.
    func order(_ n: Int, money: (Int) -> Money?, name: @escaping @Sendable (Int) -> String, date: (Int) -> ISODate?) -> [Int] {
        let desc = descending
        switch key {
        case .amount:
            let cells = (0..<n).map { i in money(i).map { (amount: $0.amount, currency: $0.currency) } ?? (amount: 0, currency: "") }
            let byName = RowKey.rows { a, b in
                let (x, y) = (name(a), name(b))
                return x < y ? -1 : (x == y ? 0 : 1)
            }
            return LazyRows.order(n, by: [.money(RowMoney(key: "amount") { cells[$0] }, descending: desc), byName])
        case .date:
            let dates = (0..<n).map(date), names = (0..<n).map(name)
            return (0..<n).sorted { i, j in
                switch (dates[i], dates[j]) {
                case (nil, nil): return names[i] < names[j]
                case (nil, _): return false  // undated last, either way
                case (_, nil): return true
                case (let x?, let y?):
                    if x != y { return desc ? y < x : x < y }
                    return names[i] < names[j]
                }
            }
        case .name:
            let folded = (0..<n).map { TextFold.fold(name($0)) }
            return (0..<n).sorted { i, j in desc ? folded[j] < folded[i] : folded[i] < folded[j] }
        }
    }
}

/// Completion for the funding commands: funder ids that actually fund something, currency
/// codes from the data, and the specs' defaults for the rest.
enum FundingCompletion {
    static func complete(_ command: any Command, _ request: CompletionRequest, in context: CommandContext) -> [String] {
        let all = Pledge.all(in: context.registry)
        switch request.previous.last {
        case "--funder":
            return Array(Set(all.flatMap(\.funders))).sorted().filter { $0.hasPrefix(request.prefix) }
        case "--currency", "--in":
            var codes = Set(Currency.present(in: all))
            if request.previous.last == "--in" { for r in Rate.all(in: context.registry) { codes.insert(r.from); codes.insert(r.to) } }
            return codes.sorted().filter { $0.hasPrefix(request.prefix.uppercased()) }
        default:
            return context.defaultCompletions(for: command, request)
        }
    }
}
