import SummitKit

/// Lookups shared by the partnership commands: the two countries, the default partnership,
/// the evening in Paris, and which partnerships are UK-French. Found by kind, name and
/// relations rather than fixed ids, so renamed seeds keep working.
enum UKFrance {
    /// The pack that holds the UK-France story.
    static let pack = "uk-france"

    /// The country entity called `name` (or with that alias), else `fallback` as an id.
    static func country(_ name: String, alias: String, fallback: String, in registry: Registry) -> String {
        registry.entities(ofKind: "country").first { $0.name == name || $0.aliases.contains(alias) }?.id ?? fallback
    }

    static func unitedKingdom(in registry: Registry) -> String { country("United Kingdom", alias: "UK", fallback: "united-kingdom", in: registry) }
    static func france(in registry: Registry) -> String { country("France", alias: "France", fallback: "france", in: registry) }

    /// The country of an entity: itself when it is a country, else its `country` relation,
    /// else the country of what it is `part_of`.
    static func countryOf(_ id: String, in registry: Registry) -> String? {
        var current = registry.entity(id)
        var seen: Set<String> = []
        while let e = current, seen.insert(e.id).inserted {
            if e.kind == "country" { return e.id }
            if let c = e.related("country").first { return c }
            current = e.related("part_of").first.flatMap { registry.entity($0) }
        }
        return nil
    }

    /// A partnership whose members include both a UK and a French member.
    static func isUKFrench(_ partnership: Entity, in registry: Registry) -> Bool {
        let countries = Set(partnership.related("members").compactMap { countryOf($0, in: registry) })
        return countries.contains(unitedKingdom(in: registry)) && countries.contains(france(in: registry))
    }

    /// The Entente CordIAle partnership: a partnership with "Entente" in its name or aliases.
    static func defaultPartnership(in registry: Registry) -> Entity? {
        registry.entities(ofKind: "partnership").first { e in
            ([e.name] + e.aliases).contains { $0.lowercased().contains("entente") }
        }
    }

    /// The UK-France evening in Paris: a top-level event called an evening whose name says
    /// UK-France or whose venue is the British Ambassador's residence.
    static func evening(in registry: Registry) -> Entity? {
        registry.entities(ofKind: "event").first { e in
            let name = e.name.lowercased()
            guard name.contains("evening"), e.related("parent").isEmpty else { return false }
            let venue = e.related("venue").first.map { registry.name(of: $0).lowercased() } ?? ""
            return name.contains("uk-france") || venue.contains("ambassador")
        }
    }

    /// Where something happened: the venue's name, else the `city` or `launch_city` field,
    /// else, for an event, its `country` (the state visit).
    static func place(of e: Entity, in registry: Registry) -> Value {
        if let v = e.related("venue").first { return .text(registry.name(of: v)) }
        for f in ["city", "launch_city"] where !e[field: f].isNull { return .text(e[field: f].display) }
        if e.kind == "event", let country = e.related("country").first { return .text(registry.name(of: country)) }
        return .null
    }

    /// A sub-event's name without its parent's: the text after the last ": "
    /// (`…workshop: AI foundations` → `AI foundations`), else without a leading parent name or
    /// alias (`UK-France AI evening reception` → `reception`).
    static func partName(_ name: String, of parent: Entity) -> String {
        if name.contains(": "), let part = name.split(separator: ": ").last { return String(part) }
        for prefix in [parent.name] + parent.aliases where name.count > prefix.count + 1 && name.hasPrefix(prefix + " ") {
            return String(name.dropFirst(prefix.count + 1))
        }
        return name
    }

    /// A hint when `word` looks like a mistyped subcommand (`partnership lst`).
    static func subcommandHint(_ word: String) -> String? {
        Suggest.closest(to: word, in: ["show", "list", "evening", "timeline"]).map { "did you mean `partnership \($0)`?" }
    }
}

/// One date-valued field of an entity: what the partnership timeline lists.
struct DatedFact {
    /// Fields that say when something happened (plus any `…_date` field); `deadline` and
    /// `end_date` are targets and ends, not events, and are left out.
    static let whenFields = ["dates", "date", "launched", "announced", "published", "year", "since"]

    let entity: Entity
    let field: Field
    let firstDay: Int
    let lastDay: Int

    var value: Value { field.value }

    /// The field's name as a short label (`letter_of_intent_date` → `letter of intent`).
    var label: String {
        var name = field.name
        if name.hasSuffix("_date") { name.removeLast("_date".count) }
        return name.split(separator: "_").joined(separator: " ")
    }

    /// Every dated fact of `e`.
    static func facts(of e: Entity) -> [DatedFact] {
        e.fields.compactMap { f in
            guard whenFields.contains(f.name) || (f.name.hasSuffix("_date") && f.name != "end_date") else { return nil }
            guard let s = f.value.startDate, let end = f.value.endDate else { return nil }
            return DatedFact(entity: e, field: f, firstDay: s.start.dayNumber, lastDay: end.end.dayNumber)
        }
    }

    /// Start, then end, then name.
    static func inDateOrder(_ a: DatedFact, _ b: DatedFact) -> Bool {
        (a.firstDay, a.lastDay, a.entity.name) < (b.firstDay, b.lastDay, b.entity.name)
    }
}
