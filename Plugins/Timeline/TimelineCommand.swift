import SummitKit

/// `timeline`: every dated entity in date order, filtered by summit, dates, kind or a day.
struct TimelineCommand: Command {
    let name = "timeline"
    let summary = "Everything dated, in date order: events, summits, declarations, launches"
    var help: String {
        """
        Lists every entity with a date (its first field of dates, date, launch_date, launched,
        announced, published): summits, events, declarations, initiatives, funding,
        partnership launches. Sorted by start date, then end date; month-precision dates
        (2025-02) sort by their first day and show as written. Sources and exchange rates are
        left out unless asked for with --kind.

        Columns: date (day, month or range), days (count, when known to the day), kind, id,
        name, where (the venue, else the city).

        Filters combine:
          SUMMIT or --summit ID  the summit, what names it in its `summit` relation, and events
                                 whose `parent` chain leads to one of those
          --from DATE --to DATE  entries that overlap the period (a range counts if any day does)
          --around DATE          entries within --days N days of DATE (default 3)
          --kind K               only this kind (repeat for several)

        In a table, multi-day entries are also drawn as bars on a shared date axis (long spans
        are compressed to several days a column); --no-chart leaves the chart out. JSON, CSV and
        Markdown get the records only, with ISO dates.

        Examples:
          timeline paris-2025
          timeline --from 2025-02-01 --to 2025-02-28 --kind event
          timeline --around 2025-07-09 --days 5 --format json
        """
    }

    var arguments: [ArgumentSpec] {
        [ArgumentSpec("summit", help: "only this summit (same as --summit)", optional: true, completion: .entities(kind: "summit"))]
    }

    var options: [OptionSpec] {
        [
            OptionSpec("summit", value: "ID", help: "only this summit and its events", completion: .entities(kind: "summit")),
            OptionSpec("from", value: "DATE", help: "only entries that end on or after DATE"),
            OptionSpec("to", value: "DATE", help: "only entries that start on or before DATE"),
            OptionSpec("around", value: "DATE", help: "only entries within --days of DATE"),
            OptionSpec("days", value: "N", help: "days either side of --around (default 3)"),
            OptionSpec("kind", value: "KIND", help: "only this kind; repeatable", completion: .values(KindSchema.builtIn.map(\.name)), repeatable: true),
            .flag("no-chart", help: "leave out the chart of multi-day events"),
        ]
    }

    /// Subcommands a mistyped first word may have meant (`timeline seris`).
    static let subcommandWords = ["series"]

    func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        if request.previous.last == "--kind" { return context.registry.presentKinds.filter { $0.hasPrefix(request.prefix) } }
        return context.defaultCompletions(for: self, request)
    }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        let summit = try summitFilter(args, in: context)
        let kinds = try kindFilter(args, in: context)
        let window = try dateWindow(args)

        var entries: [TimelineEntry] = []
        for e in registry.entities {
            if let kinds { guard kinds.contains(e.kind) else { continue } } else if TimelineEntry.undatedByDefault.contains(e.kind) { continue }
            guard let entry = TimelineEntry(e) else { continue }
            if let window, !entry.overlaps(window.first, window.last) { continue }
            if let summit, !TimelineEntry.belongs(e, to: summit.id, in: registry) { continue }
            entries.append(entry)
        }
        entries = TimelineEntry.inDateOrder(entries)

        let columns = ["date", "days", "kind", "id", "name", "where"]
        let rows = entries.map { entry in
            Record([
                RecordField("date", entry.when),
                RecordField("days", entry.days.map { .number(Double($0)) } ?? .null),
                RecordField("kind", .text(entry.entity.kind)),
                RecordField("id", .ref(entry.entity.id)),
                RecordField("name", .text(entry.entity.name)),
                RecordField("where", TimelineEntry.place(of: entry.entity, in: registry)),
            ])
        }
        let multiDay = entries.filter(\.isMultiDay)
        // The chart is for people: not drawn for JSON, CSV or Markdown, nor for the stages of a pipeline.
        guard context.settings.format == .table, !args.flag("no-chart"), !multiDay.isEmpty, !context.resultIsPiped else {
            return .records(rows, columns: columns)
        }
        let table = TableRenderer(width: context.settings.width, color: context.settings.color).render(.records(rows, columns: columns))
        let chart = GanttChart(
            bars: multiDay.map { GanttChart.Bar(label: $0.entity.name, firstDay: $0.firstDay, lastDay: $0.lastDay) },
            width: context.settings.width, style: Style(enabled: context.settings.color))
        return .chart(table + "\n\n" + chart.render(), records: rows, columns: columns)
    }

    /// The summit named by the positional argument or `--summit` (not both).
    private func summitFilter(_ args: Arguments, in context: CommandContext) throws(CommandError) -> Entity? {
        guard let word = args.positional.first else { return try args.entity(option: "summit", kind: "summit", in: context) }
        if args.option("summit") != nil {
            throw .usage("give the summit once: either `timeline \(word)` or `--summit \(word)`", argument: args.tokenIndex(ofPositional: 0))
        }
        if context.registry.entity(word) == nil, let sub = Suggest.closest(to: word, in: Self.subcommandWords) {
            throw .usage("'\(word)' is not a summit; did you mean `timeline \(sub)`?", argument: args.tokenIndex(ofPositional: 0))
        }
        return try args.entity(at: 0, kind: "summit", in: context)
    }

    /// The kinds asked for with `--kind`, checked against the registry's kinds; nil when none.
    private func kindFilter(_ args: Arguments, in context: CommandContext) throws(CommandError) -> Set<String>? {
        let asked = args.values("kind")
        guard !asked.isEmpty else { return nil }
        let known = context.registry.kinds.keys
        for k in asked where context.registry.kinds[k] == nil {
            var msg = "unknown kind '\(k)'"
            if let s = Suggest.closest(to: k, in: known) { msg += "; did you mean '\(s)'?" } else { msg += "; `list` shows the kinds" }
            throw .invalid(msg, argument: args.tokenIndex(ofOption: "kind"))
        }
        return Set(asked)
    }

    /// The days to keep, as day numbers, from --from/--to and --around/--days; nil for all.
    private func dateWindow(_ args: Arguments) throws(CommandError) -> (first: Int, last: Int)? {
        var first = Int.min
        var last = Int.max
        let from = try args.date(option: "from")
        let to = try args.date(option: "to")
        if let from { first = from.start.dayNumber }
        if let to { last = to.end.dayNumber }
        if let from, let to, to.end < from.start {
            throw .invalid("--to \(to) comes before --from \(from); swap them", argument: args.tokenIndex(ofOption: "to"))
        }
        var spread = 3
        if let d = args.option("days") {
            guard let n = Int(d), n >= 0 else {
                throw .invalid("--days needs a whole number of days, 0 or more, not '\(d)'", argument: args.tokenIndex(ofOption: "days"))
            }
            guard args.option("around") != nil else {
                throw .usage("--days goes with --around DATE; example: timeline --around 2025-02-10 --days \(n)", argument: args.tokenIndex(ofOption: "days"))
            }
            spread = n
        }
        if let around = try args.date(option: "around") {
            first = max(first, around.start.dayNumber - spread)
            last = min(last, around.end.dayNumber + spread)
        }
        return first == Int.min && last == Int.max ? nil : (first, last)
    }
}
