import SummitKit

/// The timeline plugin: the summit series and everything dated around it, in date order.
public struct TimelinePlugin: SummitPlugin {
    public init() {}
    public let name = "timeline"
    public let summary = "Everything dated, in date order, with a chart of multi-day events; the series at a glance"
    public let version = "1.0.0"
    public var commands: [any Command] { [TimelineCommand(), TimelineSeriesCommand()] }
}
