import SummitKit

/// `governance tracks`: the thematic tracks (working groups) with their names, envoys and focus.
public struct GovernanceTracksCommand: Command {
    public init() {}
    public let name = "governance tracks"
    public let summary = "List the summits' thematic tracks (working groups): names, envoy, focus"
    public var help: String {
        """
        One row per track (entities of kind `track`): its official name and, when a source
        reports it under another name, the reported name too (the Paris tracks appear in
        techUK's list under different names: `International Governance` for Global AI
        Governance, `Security & Safety` for Trust in AI). The envoy who led it, its focus and
        its summit follow. JSON adds `names`: every name any source gives, with the source.

        Examples:
          governance tracks
          governance tracks --summit paris-2025 --format json
        """
    }
    public var options: [OptionSpec] {
        [OptionSpec("summit", value: "ID", help: "only this summit's tracks", completion: .entities(kind: "summit"))]
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let reg = context.registry
        let summit = try args.entity(option: "summit", kind: "summit", in: context)
        let rows = Gov.of("track", summit: summit?.id, reg).map { t in
            let official = t[field: "official_name"].textValue ?? t.name
            let reported = t[field: "reported_name"].textValue
            var r = Record()
            r.append("id", .text(t.id))
            r.append("track", .text(t.name))
            r.append("official_name", .text(official))
            r.append("reported_name", reported.map { $0 == official ? .null : .text($0) } ?? .null)
            r.append("envoy", t.related("envoy").isEmpty ? .null : .text(Gov.names(t.related("envoy"), reg)))
            r.append("summit", t.related("summit").first.map { .ref($0) } ?? .null)
            r.append("focus", t[field: "focus"])
            r.append("official_source", .list(Claims.sources(t, "official_name").map { .ref($0) }))
            r.append("reported_source", reported == nil ? .list([]) : .list(Claims.sources(t, "reported_name").map { .ref($0) }))
            r.append("names", Claims.records(t, "track_name", valueKey: "name"))
            r.append("envoy_ids", .list(t.related("envoy").map { .ref($0) }))
            return r
        }
        return .records(rows, columns: ["id", "official_name", "reported_name", "envoy", "summit", "focus"])
    }
}
