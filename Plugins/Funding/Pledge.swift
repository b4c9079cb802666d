import SummitKit

/// One funding pledge (an entity of kind `funding`) with what the funding commands show,
/// filter and add up. A class, immutable: totals pass pledges through dictionaries and groups,
/// and each copy is then one retain rather than one for each of its arrays and strings.
final class Pledge: Sendable {
    let entity: Entity
    /// The pledged amount, with its qualifier (`about EUR 109bn`).
    let amount: Money
    /// Ids of the funders (`funder` relation).
    let funders: [String]
    /// Ids of the pledge's own `country` relation.
    let ownCountries: [String]
    /// Ids of the funders' countries: a funder that is a country, or a funder's `country` relation.
    let funderCountries: [String]
    /// The summit it belongs to (`summit` relation).
    let summit: String?
    /// Ids of the recipients (`recipient` relation).
    let recipients: [String]
    /// Pledges this one is nested in (`part_of`): counted inside them, so never added twice.
    let parents: [String]
    /// When it was made: its own `date`, else `announced`, else the first day of its summit.
    let date: ISODate?
    /// Which of those the date came from: `date`, `announced` or `summit`.
    let dateFrom: String?
    /// True for an announcement kept as background (`summit_role: context`), not a summit pledge.
    let isContext: Bool

    var id: String { entity.id }

    /// The countries shown and grouped on: the pledge's own `country`, else its funders' countries.
    var countries: [String] { ownCountries.isEmpty ? funderCountries : ownCountries }

    init?(_ e: Entity, registry: Registry) {
        guard let m = Self.amount(of: e) else { return nil }
        entity = e
        amount = m
        // The relations read once (an entity read in place from a pack's image reads them from its bytes).
        let relations = e.relations
        func related(_ name: String) -> [String] { relations.first { $0.name == name }?.targets ?? [] }
        funders = related("funder")
        ownCountries = related("country")
        var fc: [String] = []
        for f in funders {
            // Read in place, without copying each funder's entity out of the registry.
            guard let kind = registry.kind(of: f) else { continue }
            let cs = kind == "country" ? [f] : registry.related("country", of: f)
            for c in cs where !fc.contains(c) { fc.append(c) }
        }
        funderCountries = fc
        summit = related("summit").first
        recipients = related("recipient")
        parents = related("part_of")
        isContext = e[field: "summit_role"].textValue == "context"
        (date, dateFrom) = Self.date(of: e, summit: summit, registry: registry)
    }

    /// The amount of a pledge: nil for an entity that is not a pledge with money.
    static func amount(of e: Entity) -> Money? {
        guard e.kind == "funding" else { return nil }
        return amount(ofPledge: e)
    }

    /// The amount of an entity known to be of kind `funding`.
    static func amount(ofPledge e: Entity) -> Money? {
        guard case .money(let m) = e[field: "amount"] else { return nil }
        return m
    }

    /// When a pledge was made, and which field said so: its own `date`, else `announced`, else
    /// the first day of its summit.
    static func date(of e: Entity, summit: String?, registry: Registry) -> (ISODate?, String?) {
        if let d = e[field: "date"].startDate { return (d, "date") }
        if let d = e[field: "announced"].startDate { return (d, "announced") }
        if let s = summit, let d = registry.value(of: "dates", in: s).startDate { return (d, "summit") }
        return (nil, nil)
    }

    /// The positions in `registry.entities` of every pledge (an amount that is money), in load
    /// order, told by `cells` (the amounts, read from a large pack's column). When every
    /// `funding` entity is one (as they must be), the kind's positions as they are; checked on
    /// every core when there are many.
    static func positions(in registry: Registry, cells: MoneyCells) -> Positions {
        let funding = registry.indices(ofKind: "funding")
        let whole = Parallel.chunks(funding.count, minimum: pledgesPerRead) { range in
            let cursor = cells.cursor()
            return funding.part(range).allSatisfy(cursor.has)
        }
        if whole.allSatisfy({ $0 }) { return funding }
        return Positions(funding.filter(cells.has))
    }

    /// The currencies the pledges at `positions` are in, sorted.
    static func currencies(at positions: Positions, cells: MoneyCells) -> [String] {
        var seen = Set<String>()
        for p in positions { if let c = cells.cell(p) { seen.insert(c.currency) } }
        return seen.sorted()
    }

    /// Pledges below this many are read on the calling thread alone.
    static let pledgesPerRead = 20_000

    /// Every pledge in the registry, in load order (made on every core when there are many).
    static func all(in registry: Registry) -> [Pledge] {
        let funding = registry.indices(ofKind: "funding")
        return Parallel.concatenated(funding.count, minimum: pledgesPerRead) { range in
            funding[range].compactMap { Pledge(registry.entities[$0], registry: registry) }
        }
    }

    /// What the money is for: the recipients' names, else the pledge's description.
    func purpose(_ registry: Registry) -> Value {
        if !recipients.isEmpty { return .text(TextForm.join(recipients.map { registry.name(of: $0) }, ", ")) }
        let d = entity[field: "description"]
        return d.isNull ? .null : .text(d.display)
    }

    /// The row `funding list` and `funding chart` return. Money stays money.
    func record(_ registry: Registry) -> Record {
        func names(_ ids: [String]) -> Value { ids.isEmpty ? .null : .text(TextForm.join(ids.map { registry.name(of: $0) }, ", ")) }
        func refs(_ ids: [String]) -> Value { .list(ids.map { .ref($0) }) }
        var r = Record()
        r.fields.reserveCapacity(13)
        r.append("id", .text(id))
        r.append("name", .text(entity.name))
        r.append("amount", .money(amount))
        r.append("funder", names(funders))
        r.append("country", names(countries))
        r.append("summit", summit.map { .ref($0) } ?? .null)
        r.append("for", purpose(registry))
        r.append("date", date.map { .date($0) } ?? .null)
        r.append("date_from", dateFrom.map { .text($0) } ?? .null)
        r.append("part_of", parents.isEmpty ? .null : (parents.count == 1 ? .ref(parents[0]) : refs(parents)))
        r.append("context", .bool(isContext))
        r.append("funder_ids", refs(funders))
        r.append("country_ids", refs(countries))
        return r
    }

    /// Columns shown for pledge rows (the records carry more for JSON and pipelines).
    static let columns = ["id", "name", "amount", "funder", "country", "summit", "for", "date"]
    /// Every key of a pledge's record, in order.
    static let keys = ["id", "name", "amount", "funder", "country", "summit", "for", "date", "date_from", "part_of", "context", "funder_ids", "country_ids"]
}

/// `funding list`'s rows, each built when a pipeline stage or the output asks for it: the id,
/// name and amount are read in place, the rest from the whole record. The amounts are also a
/// column (`money`), read from a large pack's image without reading its entities.
struct PledgeRows: RowSource {
    let registry: Registry
    /// Positions in `registry.entities` of pledges (`Pledge.amount(of:)` is not nil), in load order.
    let positions: Positions
    /// Their amounts.
    let cells: MoneyCells

    var count: Int { positions.count }
    var keys: [String] { Pledge.keys }

    func field(_ key: String, row: Int) -> Value? {
        switch key {
        case "id": return .text(registry.entities[positions[row]].id)
        case "name": return .text(registry.entities[positions[row]].name)
        case "amount": return Pledge.amount(ofPledge: registry.entities[positions[row]]).map { .money($0) } ?? .null
        default: return record(row)[key]
        }
    }

    func money(_ key: String) -> RowMoney? {
        guard key == "amount" else { return nil }
        let (positions, cells) = (positions, cells)
        return RowMoney(key: key, { cells.cell(positions[$0]) }, pass: {
            let cursor = cells.cursor()
            if let start = positions.start { return { cursor.cell(start + $0) } }
            let position = positions.reader()
            return { cursor.cell(position($0)) }
        })
    }

    func record(_ row: Int) -> Record {
        // Every position is a pledge; an empty row (never made) would still have every key.
        guard let p = Pledge(registry.entities[positions[row]], registry: registry) else {
            return Record(Pledge.keys.map { RecordField($0, .null) })
        }
        return p.record(registry)
    }
}

// MARK: - Filters

/// The filters `funding list`, `total` and `chart` share.
struct PledgeFilter {
    var summit: Entity?
    var funder: Entity?
    var country: Entity?
    var currency: String?
    var min: Double?

    static let options: [OptionSpec] = [
        OptionSpec("summit", value: "ID", help: "only pledges made at this summit", completion: .entities(kind: "summit")),
        OptionSpec("funder", value: "ID", help: "only pledges this organisation, country or person funds", completion: .entitiesOf(kinds: ["organisation", "country", "person"])),
        OptionSpec("country", value: "ID", help: "only pledges for this country or from a funder based in it", completion: .entities(kind: "country")),
        OptionSpec("currency", value: "CODE", help: "only pledges in this ISO 4217 currency (EUR, USD)", completion: .none),
        OptionSpec("min", value: "AMOUNT", help: "only pledges of at least AMOUNT (20bn, 400m) in their own currency; '10bn EUR' also fixes the currency", completion: .none),
    ]

    /// True when no filter is set: every pledge matches.
    var isEmpty: Bool { summit == nil && funder == nil && country == nil && currency == nil && min == nil }

    /// Reads and checks the filter options. `currencies` gives the currencies the pledges are in
    /// (asked for only when a currency is given).
    static func parse(_ args: Arguments, in context: CommandContext, currencies: () -> [String]) throws(CommandError) -> PledgeFilter {
        var f = PledgeFilter()
        f.summit = try args.entity(option: "summit", kind: "summit", in: context)
        if let id = args.option("funder") {
            let e = try context.resolveEntity(id, argument: args.tokenIndex(ofOption: "funder"))
            guard ["organisation", "country", "person", "initiative", "group"].contains(e.kind) else {
                throw .invalid("--funder needs an organisation, country or person; '\(e.id)' is \(CommandContext.article(e.kind)) \(e.kind)", argument: args.tokenIndex(ofOption: "funder"))
            }
            f.funder = e
        }
        f.country = try args.entity(option: "country", kind: "country", in: context)
        let known = args.option("currency") != nil || args.option("min") != nil ? currencies() : []
        if let c = args.option("currency") {
            f.currency = try Currency.check(c, option: "currency", args: args, known: known)
        }
        if let text = args.option("min") {
            if let m = Currency.money(text) {
                let code = try Currency.check(m.currency, option: "min", args: args, known: known)
                if let c = f.currency, c != code {
                    throw .invalid("--min is in \(code) but --currency is \(c); amounts in different currencies are never compared", argument: args.tokenIndex(ofOption: "min"))
                }
                f.currency = code
                f.min = m.amount
            } else {
                f.min = try args.number(option: "min")
            }
        }
        return f
    }

    func matches(_ p: Pledge) -> Bool {
        if let s = summit, p.summit != s.id { return false }
        if let fu = funder, !p.funders.contains(fu.id) { return false }
        if let c = country, !p.ownCountries.contains(c.id) && !p.funderCountries.contains(c.id) { return false }
        if let cur = currency, p.amount.currency != cur { return false }
        if let m = min, p.amount.amount < m { return false }
        return true
    }
}

/// Currency codes: checking what people type against what the data holds.
enum Currency {
    /// The currencies pledges are in, sorted.
    static func present(in pledges: [Pledge]) -> [String] {
        Array(Set(pledges.map(\.amount.currency))).sorted()
    }

    /// The currencies of these amounts, sorted.
    static func present(_ amounts: [Money]) -> [String] {
        Array(Set(amounts.map(\.currency))).sorted()
    }

    /// Reads `10bn EUR`, `EUR 10bn`, `10bnEUR` or `eur 10bn` as money; nil for a bare number.
    static func money(_ text: String) -> Money? {
        let t = text.trimmingSpaces
        let parts = t.split(separator: " ").map(String.init)
        if parts.count == 2 {
            if Money.isCurrencyCode(parts[1].uppercased()), let n = ValueParser.number(parts[0]) { return Money(amount: n, currency: parts[1].uppercased()) }
            if Money.isCurrencyCode(parts[0].uppercased()), let n = ValueParser.number(parts[1]) { return Money(amount: n, currency: parts[0].uppercased()) }
            return nil
        }
        guard parts.count == 1, t.count > 3 else { return nil }
        let tail = String(t.suffix(3)).uppercased(), head = String(t.dropLast(3))
        if tail.allSatisfy(\.isLetter), Money.isCurrencyCode(tail), let n = ValueParser.number(head) { return Money(amount: n, currency: tail) }
        let lead = String(t.prefix(3)).uppercased(), rest = String(t.dropFirst(3))
        if lead.allSatisfy(\.isLetter), Money.isCurrencyCode(lead), let n = ValueParser.number(rest) { return Money(amount: n, currency: lead) }
        return nil
    }

    /// An upper-cased ISO code that some pledge uses, or an error naming the ones that exist.
    static func check(_ raw: String, option: String, args: Arguments, known: [String]) throws(CommandError) -> String {
        let code = try format(raw, option: option, args: args)
        guard known.contains(code) else {
            var msg = "no pledge is in \(code); the pledges are in \(known.joined(separator: ", "))"
            if let s = Suggest.closest(to: code, in: known), s != code { msg += "; did you mean '\(s)'?" }
            throw .notFound(msg, argument: args.tokenIndex(ofOption: option))
        }
        return code
    }

    /// An upper-cased three-letter code, or an error.
    static func format(_ raw: String, option: String, args: Arguments) throws(CommandError) -> String {
        let code = raw.trimmingSpaces.uppercased()
        guard Money.isCurrencyCode(code) else {
            throw .invalid("--\(option) needs an ISO 4217 currency code such as EUR or USD, not '\(raw)'", argument: args.tokenIndex(ofOption: option))
        }
        return code
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
