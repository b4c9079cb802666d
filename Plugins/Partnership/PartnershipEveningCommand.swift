import SummitKit

/// `partnership evening`: the UK-France AI evening at the British Ambassador's Residence in
/// Paris, just before the AI Action Summit, as one row per item.
struct PartnershipEveningCommand: Command {
    let name = "partnership evening"
    let summary = "The pre-summit UK-France AI evening in Paris: workshops, scale-ups, corporates, speakers, figures"
    var help: String {
        """
        The UK-France AI evening at the British Ambassador's Residence in Paris, held just
        before the AI Action Summit, as rows with a section column:
          event       the evening itself: venue and date (the report gives the month only)
          workshop    each thematic workshop of the afternoon
          session     the other parts of the programme (reception, panel)
          scale-up    each named member of the UK scale-up delegation
          corporate   each UK or French corporate that met the scale-ups
          speaker     each speaker, with role and the sessions they spoke at
          figure      the numbers: delegation size, unicorns named, reception contacts,
                      workshops (the figure column holds the typed value)

        Example:
          partnership evening
          partnership evening --format json
        """
    }

    func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let registry = context.registry
        guard let evening = UKFrance.evening(in: registry) else {
            throw .notFound("the UK-France AI evening is not loaded (an event named '… evening' at the British Ambassador's Residence); try `find evening`")
        }
        var rows: [Record] = []
        func add(_ section: String, _ name: String, id: String? = nil, figure: Value = .null, detail: String = "") {
            rows.append(Record([
                RecordField("section", .text(section)), RecordField("name", .text(name)), RecordField("id", id.map { .ref($0) } ?? .null),
                RecordField("figure", figure), RecordField("detail", detail.isEmpty ? .null : .text(detail)),
            ]))
        }

        let place = UKFrance.place(of: evening, in: registry).display
        add("event", evening.name, id: evening.id, detail: [place, evening[field: "dates"].display].filter { !$0.isEmpty }.joined(separator: ", "))

        // The programme: workshops first, then the other sessions.
        let parts = registry.referrers(of: evening.id).filter { $0.relation == "parent" }.map(\.entity)
        let workshops = parts.filter { ($0.id + " " + $0.name).lowercased().contains("workshop") }
        if workshops.isEmpty, case .list(let names) = evening[field: "workshops"] {
            for n in names { add("workshop", n.display) }
        }
        for w in workshops { add("workshop", UKFrance.partName(w.name, of: evening), id: w.id) }
        let sessions = parts.filter { p in !workshops.contains { $0.id == p.id } }
        for s in sessions { add("session", UKFrance.partName(s.name, of: evening), id: s.id, detail: s[field: "format"].isNull ? s[field: "description"].display : s[field: "format"].display) }

        // Who came: the participant groups' members.
        let groups = evening.related("participants").compactMap { registry.entity($0) }.filter { $0.kind == "group" }
        for g in groups {
            let lower = g.name.lowercased()
            let section = lower.contains("scale-up") || lower.contains("scaleup") ? "scale-up" : lower.contains("corporate") ? "corporate" : "participant"
            for m in g.related("members") {
                let country = UKFrance.countryOf(m, in: registry).map { registry.name(of: $0) } ?? ""
                add(section, registry.name(of: m), id: m, detail: country)
            }
        }

        // Speakers of the evening and of its sessions, each once, with where they spoke.
        var speakers: [String] = []
        var spokeAt: [String: [String]] = [:]
        for e in [evening] + parts {
            for s in e.related("speakers") {
                if !speakers.contains(s) { speakers.append(s) }
                if e.id != evening.id { spokeAt[s, default: []].append(UKFrance.partName(e.name, of: evening)) }
            }
        }
        for s in speakers {
            let role = registry.entity(s)?[field: "role"].display ?? ""
            let at = spokeAt[s] ?? []
            add("speaker", registry.name(of: s), id: s, detail: role + (at.isEmpty ? "" : " (\(at.joined(separator: ", ")))"))
        }

        // The figures: counts held by the groups and sessions, and the number of workshops.
        for g in groups {
            for f in g.fields where f.value.numeric != nil {
                add("figure", g.name, id: g.id, figure: f.value, detail: f.name.split(separator: "_").joined(separator: " "))
            }
        }
        for s in parts where s[field: "participants"].numeric != nil {
            let note = s[field: "participants_note"].display
            add("figure", s.name, id: s.id, figure: s[field: "participants"], detail: "participants" + (note.isEmpty ? "" : ": " + note))
        }
        let workshopCount = workshops.isEmpty ? (evening[field: "workshops"].listCount ?? 0) : workshops.count
        if workshopCount > 0 { add("figure", "thematic workshops", id: evening.id, figure: .number(Double(workshopCount)), detail: "workshops") }

        return .records(rows, columns: ["section", "name", "id", "figure", "detail"])
    }
}

extension Value {
    /// The number of items in a list value.
    fileprivate var listCount: Int? {
        if case .list(let xs) = self { return xs.count }
        return nil
    }
}
