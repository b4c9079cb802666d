import SummitKit

/// `funding rates`: the rate table `funding total --in` converts with.
public struct FundingRatesCommand: Command {
    public init() {}
    public let name = "funding rates"
    public let summary = "List the currency rates used by `funding total --in`, with their sources"
    public var help: String {
        """
        The rate table: entities of kind `rate` (seeds/rates.yaml), each `1 FROM = RATE TO` on
        a date, from a cited source. `funding total --in CUR` converts only through these
        rates (as written, inverted, or two chained through a shared currency). `verified`
        is false for a rate that has not been checked against a published reference; the
        `verification` column says how each figure was checked.

        Examples:
          funding rates
          funding rates --format json
        """
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let rows = Rate.all(in: context.registry).map { r in
            Record([
                RecordField("id", .text(r.id)),
                RecordField("from", .text(r.from)),
                RecordField("to", .text(r.to)),
                RecordField("rate", .number(r.value)),
                RecordField("date", r.date.map { .date($0) } ?? .null),
                RecordField("source", .text(r.sources.joined(separator: ", "))),
                RecordField("verified", .bool(r.verified)),
                RecordField("verification", r.entity[field: "verification"]),
                RecordField("basis", r.entity[field: "basis"]),
            ])
        }
        return .records(rows, columns: ["id", "from", "to", "rate", "date", "source", "verified"])
    }
}
