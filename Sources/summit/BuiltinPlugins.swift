import Funding
import Governance
import Partnership
import SummitKit
import Timeline

/// The compiled-in command plugins, in the order `help` and `plugins` list them.
/// Add a new compiled-in plugin here (and as a target in Package.swift).
enum BuiltinPlugins {
    static let all: [any SummitPlugin] = [
        TimelinePlugin(),
        FundingPlugin(),
        GovernancePlugin(),
        PartnershipPlugin(),
    ]
}
