import SummitKit

/// The funding plugin.
public struct FundingPlugin: SummitPlugin {
    public init() {}
    public let name = "funding"
    public let summary = "Funding commands"
    public let version = "0.1.0"
    public var commands: [any Command] { [] }
}
