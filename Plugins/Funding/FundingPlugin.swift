import SummitKit

/// The funding plugin: pledges listed, totalled per currency (never mixed), converted through
/// a cited rate table, and charted.
public struct FundingPlugin: SummitPlugin {
    public init() {}
    public let name = "funding"
    public let summary = "Funding pledges: list, totals per currency, conversion through cited rates, bar chart"
    public let version = "0.1.0"
    public var commands: [any Command] {
        [FundingListCommand(), FundingTotalCommand(), FundingChartCommand(), FundingRatesCommand()]
    }
}
