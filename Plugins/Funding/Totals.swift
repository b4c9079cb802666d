import SummitKit

/// The sum of some pledges in one currency, and the pledges left out so nothing counts twice.
struct CurrencyTotal {
    var currency: String
    var total: Money
    var counted: [Pledge]
    /// Pledges in the group that were not added, with why.
    var excluded: [(pledge: Pledge, reason: String)]

    /// `funding-investai-gigafactories (part of funding-investai); ...`
    var excludedText: Value {
        excluded.isEmpty ? .null : .text(excluded.map { "\($0.pledge.id) (\($0.reason))" }.joined(separator: "; "))
    }
}

enum Totals {
    /// Adds up `pledges` per currency, never across currencies.
    ///
    /// A pledge nested in another (`part_of`) that is also in `pledges` is left out: the outer
    /// one already contains it. The one exception is a share: when `funder` is given (grouping
    /// or filtering by funder) and the outer pledge is shared by several funders, the funder's
    /// own nested pledge is its share, so the nested one counts and the shared one is left out.
    /// Background announcements (`summit_role: context`) are left out unless `includeContext`.
    /// `parents` maps every pledge id in the registry to its `part_of` ids, so a chain can be
    /// followed through pledges that the filters left out.
    static func perCurrency(_ pledges: [Pledge], parents: [String: [String]], funder: String?, includeContext: Bool) -> [CurrencyTotal] {
        var excluded: [String: String] = [:]
        if !includeContext {
            for p in pledges where p.isContext { excluded[p.id] = "background, not a summit pledge: summit_role context" }
        }
        let byID = Dictionary(pledges.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for p in pledges where excluded[p.id] == nil {
            guard let outer = nearestAncestor(of: p, in: byID, parents: parents) else { continue }
            if let f = funder, outer.funders.count > 1, p.funders.contains(f) {
                if excluded[outer.id] == nil {
                    excluded[outer.id] = "shared by \(outer.funders.count) funders; \(p.id) is this funder's share"
                }
            } else {
                excluded[p.id] = "part of \(outer.id), counted there"
            }
        }
        var order: [String] = []
        var groups: [String: [Pledge]] = [:]
        for p in pledges {
            if groups[p.amount.currency] == nil { order.append(p.amount.currency) }
            groups[p.amount.currency, default: []].append(p)
        }
        return order.sorted().map { cur in
            let all = groups[cur]!
            let counted = all.filter { excluded[$0.id] == nil }
            let left = all.compactMap { p in excluded[p.id].map { (pledge: p, reason: $0) } }
            return CurrencyTotal(currency: cur, total: sum(counted.map(\.amount), currency: cur), counted: counted, excluded: left)
        }
    }

    /// The closest pledge up the `part_of` chain that is also in `set`.
    static func nearestAncestor(of p: Pledge, in set: [String: Pledge], parents: [String: [String]]) -> Pledge? {
        var frontier = p.parents
        var seen: Set<String> = [p.id]
        while !frontier.isEmpty {
            var next: [String] = []
            for id in frontier where seen.insert(id).inserted {
                if let q = set[id] { return q }
                next += parents[id] ?? []
            }
            frontier = next
        }
        return nil
    }

    /// `part_of` ids of every pledge, by id.
    static func parentMap(_ all: [Pledge]) -> [String: [String]] {
        Dictionary(all.map { ($0.id, $0.parents) }, uniquingKeysWith: { a, _ in a })
    }

    /// Sums amounts of one currency. The qualifier says how sure the sum is: exact only if
    /// every part is; `at least` if the others are all lower bounds; `about` otherwise.
    static func sum(_ amounts: [Money], currency: String) -> Money {
        var total = 0.0
        var upper = 0.0
        var hasUpper = false
        var quals = Set<Qualifier>()
        for m in amounts {
            total += m.amount
            upper += m.upperAmount ?? m.amount
            if m.upperAmount != nil { hasUpper = true }
            if m.qualifier != .exact { quals.insert(m.qualifier) }
        }
        let q: Qualifier
        if quals.isEmpty {
            q = .exact
        } else if quals.isSubset(of: [.moreThan, .atLeast]) {
            q = quals == [.moreThan] ? .moreThan : .atLeast
        } else if quals.isSubset(of: [.upTo, .fewerThan]) {
            q = .upTo
        } else {
            q = .about
        }
        return Money(amount: total, currency: currency, qualifier: q, upperAmount: hasUpper ? upper : nil)
    }
}
