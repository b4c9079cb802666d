import SummitKit

/// The timeline plugin.
public struct TimelinePlugin: SummitPlugin {
    public init() {}
    public let name = "timeline"
    public let summary = "Timeline commands"
    public let version = "0.1.0"
    public var commands: [any Command] { [] }
}
