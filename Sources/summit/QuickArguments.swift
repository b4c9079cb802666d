import SummitKit

/// A fast parser for the common command lines, giving exactly what swift-argument-parser would.
///
/// It knows only the flags below and returns nil for anything else (`--help`, `--version`,
/// a flag it does not know, a missing value, a bad format), so swift-argument-parser handles
/// those with its own help and messages. `QuickArgumentsTests` checks both parsers agree.
/// A flag added to `SummitMain` works at once (through the slow path); add it here to make it fast.
enum QuickArguments {
    static func parse(_ args: ArraySlice<String>) -> LaunchOptions? {
        var o = LaunchOptions()
        var i = args.startIndex
        var onlyFiles = false
        while i < args.endIndex {
            let a = args[i]
            if onlyFiles || !a.hasPrefix("-") || a == "-" {
                if a == "-" { return nil }
                o.files.append(a)
                i += 1
                continue
            }
            switch a {
            case "--": onlyFiles = true
            case "--no-color": o.noColor = true
            case "--no-init": o.noInit = true
            case "--keep-going": o.keepGoing = true
            case "--plugin":
                let next = args.index(after: i)
                guard next < args.endIndex, !args[next].hasPrefix("-") else { return nil }
                o.plugins.append(args[next])
                i = next
            case "-c", "--format":
                let next = args.index(after: i)
                guard next < args.endIndex else { return nil }
                let value = args[next]
                // A value that looks like a flag: let the full parser decide.
                if value.hasPrefix("-") { return nil }
                if a == "-c" { o.commands.append(value) } else {
                    guard OutputFormat(name: value) != nil else { return nil }
                    o.format = value
                }
                i = next
            default:
                return nil
            }
            i += 1
        }
        return o
    }
}
