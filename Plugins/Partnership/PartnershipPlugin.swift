import SummitKit

/// The partnership plugin: the UK-France story around the summits (the Entente CordIAle,
/// the Paris evening before the AI Action Summit, the cooperation in date order).
public struct PartnershipPlugin: SummitPlugin {
    public init() {}
    public let name = "partnership"
    public let summary = "UK-France partnerships: the Entente CordIAle, the Paris evening, the cooperation timeline"
    public let version = "1.0.0"
    public var commands: [any Command] {
        [
            PartnershipShowCommand(name: "partnership"),
            PartnershipShowCommand(name: "partnership show"),
            PartnershipListCommand(),
            PartnershipEveningCommand(),
            PartnershipTimelineCommand(),
        ]
    }
}
