import SummitKit

/// `funding chart`: a horizontal bar per pledge, grouped and scaled per currency.
public struct FundingChartCommand: Command {
    public init() {}
    public let name = "funding chart"
    public let summary = "Bar chart of pledge amounts, one section per currency, fitted to the terminal"
    public var help: String {
        """
        Draws one bar per pledge with its label (the pledge's name, without an amount in
        brackets) and amount (`EUR 200bn`). Each currency has
        its own section and scale (the largest pledge in it fills the bar), because EUR and
        USD amounts are not comparable without a rate. A pledge nested in another (part_of)
        is drawn indented under it with ↳; background announcements are marked (context).
        The chart fits the terminal width (`set width N`); long labels end in …. JSON, CSV
        and Markdown output give the pledge records instead of the drawing.

        Takes the filters of `funding list` (--summit, --funder, --country, --currency,
        --min) and its --sort, --asc and --desc (within each level of nesting).

        Examples:
          funding chart
          funding chart --summit paris-2025 --currency EUR
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
        let all = Pledge.all(in: reg)
        let filter = try PledgeFilter.parse(args, in: context, currencies: { Currency.present(in: all) })
        let order = try PledgeOrder.parse(args)
        let selected = all.filter(filter.matches)
        if selected.isEmpty { return .records([], columns: Pledge.columns) }

        let parents = Totals.parentMap(all)
        let byID = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [(pledge: Pledge, depth: Int)] = []
        for cur in Currency.present(in: selected) {
            let inCur = selected.filter { $0.amount.currency == cur }
            // Children under the nearest shown ancestor; the rest at the top.
            var children: [String: [Pledge]] = [:]
            var top: [Pledge] = []
            for p in inCur {
                if let a = Totals.nearestAncestor(of: p, in: byID, parents: parents), a.amount.currency == cur {
                    children[a.id, default: []].append(p)
                } else {
                    top.append(p)
                }
            }
            func walk(_ ps: [Pledge], depth: Int) {
                for p in order.sorted(ps) {
                    lines.append((p, depth))
                    walk(children[p.id] ?? [], depth: depth + 1)
                }
            }
            walk(top, depth: 0)
        }

        let records = lines.map { $0.pledge.record(reg) }
        // The stages of a pipeline read the records only.
        if context.resultIsPiped { return .records(records, columns: Pledge.columns) }
        let text = Self.draw(lines, width: context.settings.width, style: Style(enabled: context.settings.color))
        return .chart(text, records: records, columns: Pledge.columns)
    }

    /// Draws the sections. Every line fits in `width` columns.
    static func draw(_ lines: [(pledge: Pledge, depth: Int)], width: Int, style: Style) -> String {
        let width = max(40, width)
        func label(_ l: (pledge: Pledge, depth: Int)) -> String {
            String(repeating: "  ", count: max(0, l.depth - 1)) + (l.depth > 0 ? "↳ " : "") + (l.pledge.isContext ? "(context) " : "") + shortName(l.pledge)
        }
        let values = lines.map { Value.money($0.pledge.amount).display }
        let valueWidth = values.map(DisplayWidth.of).max() ?? 0
        let naturalLabel = lines.map { DisplayWidth.of(label($0)) }.max() ?? 0
        var labelWidth = min(naturalLabel, max(12, (width - valueWidth - 2) * 2 / 5))
        var barWidth = width - labelWidth - valueWidth - 2
        if barWidth < 8 {
            labelWidth = max(6, labelWidth - (8 - barWidth))
            barWidth = max(1, width - labelWidth - valueWidth - 2)
        }

        var out: [String] = []
        var currency = ""
        var maxAmount = 0.0
        var nested = false, context = false
        for (i, l) in lines.enumerated() {
            let m = l.pledge.amount
            if m.currency != currency {
                currency = m.currency
                maxAmount = lines.filter { $0.pledge.amount.currency == currency }.map { $0.pledge.amount.upperAmount ?? $0.pledge.amount.amount }.max() ?? 0
                if !out.isEmpty { out.append("") }
                let scale = Value.money(Money(amount: maxAmount, currency: currency)).display
                out.append(fit(style.bold(currency) + "  (full bar = \(scale))", width: width, styled: style.enabled))
            }
            if l.depth > 0 { nested = true }
            if l.pledge.isContext { context = true }
            let name = pad(truncate(label(l), to: labelWidth), to: labelWidth)
            let bar = pad(Self.bar(m.amount, of: maxAmount, width: barWidth), to: barWidth)
            var line = name + " " + bar + " " + values[i]
            while line.hasSuffix(" ") { line.removeLast() }
            out.append(line)
        }
        var notes: [String] = []
        if nested { notes.append("↳ nested in the pledge above (part_of): already inside it, not added again in totals") }
        if context { notes.append("(context): background announcement, not a summit pledge") }
        if !notes.isEmpty {
            out.append("")
            for n in notes { out += TableRenderer.wrap(n, width: width).map { style.dim($0) } }
        }
        return out.joined(separator: "\n")
    }

    /// The name without a trailing amount in brackets (`InvestAI (EUR 200bn)` → `InvestAI`):
    /// the amount is printed after the bar anyway.
    static func shortName(_ p: Pledge) -> String {
        let name = p.entity.name
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return name }
        let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
        guard inside.contains(p.amount.currency) else { return name }
        var head = String(name[..<open])
        while head.hasSuffix(" ") { head.removeLast() }
        return head.isEmpty ? name : head
    }

    /// A bar of `width` cells for `amount` out of `max`, in eighths of a cell; any pledge
    /// above zero gets at least a sliver.
    static func bar(_ amount: Double, of max: Double, width: Int) -> String {
        guard max > 0, amount > 0 else { return "" }
        var eighths = Int((amount / max * Double(width) * 8).rounded())
        eighths = Swift.max(1, Swift.min(eighths, width * 8))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    }

    static func truncate(_ s: String, to width: Int) -> String {
        guard DisplayWidth.of(s) > width else { return s }
        var out = ""
        var w = 0
        for ch in s {
            let cw = DisplayWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    static func pad(_ s: String, to width: Int) -> String {
        s + String(repeating: " ", count: Swift.max(0, width - DisplayWidth.of(s)))
    }

    /// Header lines are short; cut one only if the terminal is narrower than it.
    static func fit(_ s: String, width: Int, styled: Bool) -> String {
        styled ? s : truncate(s, to: width)
    }
}
