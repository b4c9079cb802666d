import SummitKit

/// The governance plugin.
public struct GovernancePlugin: SummitPlugin {
    public init() {}
    public let name = "governance"
    public let summary = "Governance commands"
    public let version = "0.1.0"
    public var commands: [any Command] { [] }
}
