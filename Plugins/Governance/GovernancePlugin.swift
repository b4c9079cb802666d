import SummitKit

/// The governance plugin: tracks and envoys, declarations and who signed them, a country's
/// record across the series, and summits side by side.
public struct GovernancePlugin: SummitPlugin {
    public init() {}
    public let name = "governance"
    public let summary = "Governance: tracks and envoys, declarations and signatories, country stances, summit comparison"
    public let version = "0.1.0"
    public var commands: [any Command] {
        [
            GovernanceTracksCommand(), GovernanceDeclarationsCommand(), GovernanceDeclarationCommand(),
            GovernanceCountryCommand(), GovernanceSignedCommand(), GovernanceSignedCommand(name: "governance did-sign"),
            GovernanceCompareCommand(),
        ]
    }
}
