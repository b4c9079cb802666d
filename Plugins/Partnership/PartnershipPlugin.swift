import SummitKit

/// The partnership plugin.
public struct PartnershipPlugin: SummitPlugin {
    public init() {}
    public let name = "partnership"
    public let summary = "Partnership commands"
    public let version = "0.1.0"
    public var commands: [any Command] { [] }
}
