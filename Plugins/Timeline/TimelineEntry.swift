import SummitKit

/// One dated entity on the timeline: its date (or range) as written and the days it covers.
struct TimelineEntry {
    /// Fields read for an entity's date, in order of preference.
    static let dateFields = ["dates", "date", "launch_date", "launched", "announced", "published"]
    /// Kinds whose dates are not events in the story (a document's or a rate's date);
    /// left out unless asked for with `--kind`.
    static let undatedByDefault: Set<String> = ["source", "rate"]

    let entity: Entity
    /// The date as written: `.date` (any precision) or `.dateRange`.
    let when: Value
    /// Day numbers of the first and last day covered (2025-02 covers 02-01 to 02-28).
    let firstDay: Int
    let lastDay: Int

    /// The entry for `entity`, if one of its date fields holds a date or a range.
    init?(_ entity: Entity) {
        for name in Self.dateFields {
            let v = entity[field: name]
            guard let start = v.startDate, let end = v.endDate else { continue }
            self.entity = entity
            self.when = v
            self.firstDay = start.start.dayNumber
            self.lastDay = end.end.dayNumber
            return
        }
        return nil
    }

    /// Days covered, counting both ends; nil when an end has only month or year precision.
    var days: Int? {
        guard let s = when.startDate, let e = when.endDate, s.day != nil, e.day != nil else { return nil }
        return lastDay - firstDay + 1
    }

    /// A range of several days known to the day: drawn as a bar in the chart.
    var isMultiDay: Bool { (days ?? 0) > 1 }

    /// Whether the entry shares at least one day with `first...last`.
    func overlaps(_ first: Int, _ last: Int) -> Bool { firstDay <= last && lastDay >= first }

    /// Date order: `entries` by first day, then last day, then name; ties kept in their order. The keys are
    /// read once per entry: reading a name at every comparison retained and released it each
    /// time, most of the command's time on a large pack.
    static func inDateOrder(_ entries: [TimelineEntry]) -> [TimelineEntry] {
        let first = entries.map(\.firstDay), last = entries.map(\.lastDay), names = entries.map(\.entity.name)
        return entries.indices.sorted { i, j in
            if first[i] != first[j] { return first[i] < first[j] }
            if last[i] != last[j] { return last[i] < last[j] }
            if names[i] != names[j] { return names[i] < names[j] }
            return i < j
        }.map { entries[$0] }
    }

    /// Where it happened: the venue relation's name, else the `venue`, `city` or `launch_city`
    /// field, else, for an event, its `country` (a state visit).
    static func place(of entity: Entity, in registry: Registry) -> Value {
        if let venue = entity.related("venue").first { return .text(registry.name(of: venue)) }
        for name in ["venue", "city", "launch_city"] {
            let v = entity[field: name]
            if !v.isNull { return .text(v.display) }
        }
        if entity.kind == "event", let country = entity.related("country").first { return .text(registry.name(of: country)) }
        return .null
    }

    /// Whether `entity` belongs to summit `id`: the summit itself, an entity whose `summit`
    /// relation names it, or an event whose `parent` chain reaches such an entity.
    static func belongs(_ entity: Entity, to id: String, in registry: Registry) -> Bool {
        var current = entity
        var seen: Set<String> = []
        while seen.insert(current.id).inserted {
            if current.id == id || current.related("summit").contains(id) { return true }
            guard let parent = current.related("parent").first, let next = registry.entity(parent) else { return false }
            current = next
        }
        return false
    }
}
