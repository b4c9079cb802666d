import SummitKit

/// `funding total`: totals per currency, optionally per funder, country or summit, and
/// optionally converted through the rate table.
public struct FundingTotalCommand: Command {
    public init() {}
    public let name = "funding total"
    public let summary = "Total pledges per currency (never mixing currencies), by funder, country or summit"
    public var help: String {
        """
        Adds up pledges one currency at a time: EUR and USD are never added together unless
        you ask for a conversion with --in. Rows: group (with --by), currency, total, count
        (pledges added) and excluded (pledges left out, and why; with --in the table drops
        this column to make room for the rate, JSON keeps it, with the ids added in `pledges`).

        Nothing is counted twice. A pledge nested in another (relation `part_of`, such as the
        EUR 20bn gigafactory fund inside InvestAI's EUR 200bn) is left out when the outer one
        is counted too. When grouping or filtering by funder, an outer pledge shared by
        several funders (France's EUR 109bn) is replaced by each funder's own nested pledge
        (Brookfield's EUR 20bn). Background announcements that are not summit pledges
        (`summit_role: context`, such as the US USD 500bn) are left out unless --all.
        With --by funder or --by country a pledge with several funders or countries counts
        in each of their groups, so groups are not meant to be added up.

        --in CUR converts each currency's total through the rate table only (entities of
        kind `rate`, see `funding rates`): a rate as written, inverted, or two rates chained
        through a shared currency. Extra columns name the rate used: converted, rate, rate_id,
        rate_date, rate_source (and rate_note when a rate is unverified); a row with currency
        `all` per group gives the sum in CUR. A currency the table cannot convert is an error
        that names the missing rate.

        The filters are those of `funding list` (--summit, --funder, --country, --currency,
        --min).

        Examples:
          funding total
          funding total --summit paris-2025 --by funder
          funding total --in USD
        """
    }
    public var options: [OptionSpec] {
        PledgeFilter.options + [
            OptionSpec("by", value: "GROUP", help: "funder, country or summit", completion: .values(["funder", "country", "summit"])),
            OptionSpec("in", value: "CODE", help: "also convert each total to this currency through the rate table", completion: .none),
            .flag("all", help: "also count background announcements (summit_role: context)"),
        ]
    }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        FundingCompletion.complete(self, request, in: context)
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let all = Pledge.all(in: reg)
        let filter = try PledgeFilter.parse(args, in: context, currencies: { Currency.present(in: all) })
        let by = try args.choice(option: "by", ["funder", "country", "summit"])
        var target: String?
        if let raw = args.option("in") { target = try Currency.format(raw, option: "in", args: args) }
        let includeContext = args.flag("all")
        let parents = Totals.parentMap(all)
        let selected = all.filter(filter.matches)

        // Groups, in first-seen order of a stable sort by name.
        var groups: [(key: String?, label: Value, pledges: [Pledge])] = []
        switch by {
        case nil:
            groups = [(nil, .null, selected)]
        case let g?:
            var members: [String: [Pledge]] = [:]
            for p in selected {
                let keys: [String]
                switch g {
                case "funder": keys = p.funders
                case "country": keys = p.countries
                default: keys = p.summit.map { [$0] } ?? []
                }
                for k in (keys.isEmpty ? [""] : keys) { members[k, default: []].append(p) }
            }
            let keys = members.keys.sorted { a, b in
                if a.isEmpty != b.isEmpty { return !a.isEmpty }  // "(none)" last
                return TextFold.fold(reg.name(of: a)) < TextFold.fold(reg.name(of: b))
            }
            groups = keys.map { k in (k.isEmpty ? nil : k, .text(k.isEmpty ? "(none)" : reg.name(of: k)), members[k]!) }
        }

        let rates = Rate.all(in: reg)
        var rows: [Record] = []
        for g in groups {
            let funder = by == "funder" ? g.key : filter.funder?.id
            let totals = Totals.perCurrency(g.pledges, parents: parents, funder: funder, includeContext: includeContext)
            var converted: [Money] = []
            var groupCount = 0
            for t in totals {
                // A group holding only background announcements (left out by default) says nothing.
                if t.counted.isEmpty && t.excluded.allSatisfy({ $0.pledge.isContext }) { continue }
                var r = Record()
                if by != nil {
                    r.append("group", g.label)
                    r.append("group_id", g.key.map { .ref($0) } ?? .null)
                }
                r.append("currency", .text(t.currency))
                r.append("total", .money(t.total))
                r.append("count", .number(Double(t.counted.count)))
                groupCount += t.counted.count
                if let to = target {
                    let near = t.counted.compactMap(\.date).max()
                    guard let conv = Conversion.find(from: t.currency, to: to, rates: rates, near: near) else {
                        throw .invalid(
                            "no rate to convert \(t.currency) to \(to): the rate table has \(Conversion.pairs(rates)); add a `rate` entity with from: \(t.currency), to: \(to) (seeds/rates.yaml)",
                            argument: args.tokenIndex(ofOption: "in"))
                    }
                    let c = conv.convert(t.total)
                    converted.append(c)
                    r.append("converted", .money(c))
                    for f in conv.describe(reg).fields { r.append(f.key, f.value) }
                }
                r.append("excluded", t.excludedText)
                r.append("pledges", .list(t.counted.map { .ref($0.id) }))
                rows.append(r)
            }
            if let to = target, !converted.isEmpty {
                var r = Record()
                if by != nil {
                    r.append("group", g.label)
                    r.append("group_id", g.key.map { .ref($0) } ?? .null)
                }
                let sum = Totals.sum(converted, currency: to)
                r.append("currency", .text("all"))
                r.append("total", .money(sum))
                r.append("count", .number(Double(groupCount)))
                r.append("converted", .money(sum))
                rows.append(r)
            }
        }

        var columns = (by != nil ? ["group"] : []) + ["currency", "total", "count"]
        if target != nil {
            columns += ["converted", "rate", "rate_id", "rate_date", "rate_source"]
            if rows.contains(where: { !$0["rate_note"].isNull }) { columns.append("rate_note") }
        }
        // The excluded column is long; with --in the rate columns take the room (JSON keeps it).
        if target == nil, rows.contains(where: { !$0["excluded"].isNull }) { columns.append("excluded") }
        return .records(rows, columns: columns)
    }
}
