/// A command's arguments after parsing against its `ArgumentSpec`s and `OptionSpec`s.
public struct Arguments: Sendable {
    /// Positional words, in order.
    public var positional: [String]
    /// Option values by name; a flag has one empty string per use.
    public var options: [String: [String]]
    /// For each positional word, its index among all argument tokens (for error columns).
    public var positionalTokenIndex: [Int]
    /// For each option name, the token index of its last use.
    public var optionTokenIndex: [String: Int]

    public init(positional: [String] = [], options: [String: [String]] = [:]) {
        self.positional = positional
        self.options = options
        self.positionalTokenIndex = Array(positional.indices)
        self.optionTokenIndex = [:]
    }

    /// The last value given for `--name`.
    public func option(_ name: String) -> String? { options[name]?.last }
    /// Every value given for a repeatable `--name`.
    public func values(_ name: String) -> [String] { options[name] ?? [] }
    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool { options[name] != nil }

    /// Token index of `--name`, for error locations.
    public func tokenIndex(ofOption name: String) -> Int? { optionTokenIndex[name] }
    public func tokenIndex(ofPositional i: Int) -> Int? { i < positionalTokenIndex.count ? positionalTokenIndex[i] : nil }

    /// Parses `tokens` for `command`, checking unknown options, missing values and argument counts.
    public static func parse(_ tokens: [String], for command: any Command) throws(CommandError) -> Arguments {
        var args = Arguments()
        args.positionalTokenIndex = []
        let specs = command.options
        var i = 0
        var onlyPositional = false
        while i < tokens.count {
            let t = tokens[i]
            if !onlyPositional && t == "--" {
                onlyPositional = true
                i += 1
                continue
            }
            if !onlyPositional && t.hasPrefix("--") && t.count > 2 {
                var name = String(t.dropFirst(2))
                var inlineValue: String?
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let spec = specs.first(where: { $0.name == name }) else {
                    let names = specs.map { "--" + $0.name }
                    var msg = "\(command.name) has no option '--\(name)'"
                    if let s = Suggest.closest(to: "--" + name, in: names) { msg += "; did you mean '\(s)'?" } else if names.isEmpty { msg += "; it takes no options" } else { msg += "; its options are " + names.joined(separator: ", ") }
                    throw .usage(msg, argument: i)
                }
                if spec.valueName != nil {
                    let value: String
                    if let inlineValue {
                        value = inlineValue
                    } else {
                        guard i + 1 < tokens.count else {
                            throw .usage("option '--\(name)' needs a value (\(spec.valueName!)); usage: \(command.usage)", argument: i)
                        }
                        i += 1
                        value = tokens[i]
                    }
                    if !spec.repeatable, args.options[name] != nil {
                        args.options[name] = [value]
                    } else {
                        args.options[name, default: []].append(value)
                    }
                } else {
                    if inlineValue != nil { throw .usage("flag '--\(name)' takes no value", argument: i) }
                    args.options[name, default: []].append("")
                }
                args.optionTokenIndex[name] = i
                i += 1
                continue
            }
            args.positional.append(t)
            args.positionalTokenIndex.append(i)
            i += 1
        }
        let specsArgs = command.arguments
        let required = specsArgs.filter { !$0.optional }.count
        if args.positional.count < required {
            let missing = specsArgs[args.positional.count]
            throw .usage("\(command.name) needs \(missing.name.uppercased()) (\(missing.help)); usage: \(command.usage)")
        }
        if !(specsArgs.last?.variadic ?? false), args.positional.count > specsArgs.count {
            let extra = args.positional[specsArgs.count]
            let hint = specsArgs.isEmpty ? "it takes no arguments" : "usage: \(command.usage)"
            throw .usage("unexpected argument '\(extra)' for \(command.name); \(hint) (quote text that contains spaces)", argument: args.positionalTokenIndex[specsArgs.count])
        }
        return args
    }
}

// MARK: - Typed access

extension Arguments {
    /// The entity named by positional argument `i` (or option), with a suggestion when unknown.
    public func entity(at i: Int, kind: String? = nil, in context: CommandContext) throws(CommandError) -> Entity {
        try context.resolveEntity(positional[i], kind: kind, argument: tokenIndex(ofPositional: i))
    }

    /// The entity named by `--name`, if given.
    public func entity(option name: String, kind: String? = nil, in context: CommandContext) throws(CommandError) -> Entity? {
        guard let v = option(name) else { return nil }
        return try context.resolveEntity(v, kind: kind, argument: tokenIndex(ofOption: name))
    }

    /// The date given for `--name`, if any.
    public func date(option name: String) throws(CommandError) -> ISODate? {
        guard let v = option(name) else { return nil }
        guard let d = ISODate(v) else {
            throw .invalid("--\(name) needs an ISO date like 2025-02-10, not '\(v)'", argument: tokenIndex(ofOption: name))
        }
        return d
    }

    /// The number given for `--name` (suffixes k, m, bn, tn allowed), if any.
    public func number(option name: String) throws(CommandError) -> Double? {
        guard let v = option(name) else { return nil }
        guard let x = ValueParser.number(v) else {
            throw .invalid("--\(name) needs a number like 100, 1.5m or 20bn, not '\(v)'", argument: tokenIndex(ofOption: name))
        }
        return x
    }

    /// One of `choices` for `--name`, if given.
    public func choice(option name: String, _ choices: [String]) throws(CommandError) -> String? {
        guard let v = option(name) else { return nil }
        guard choices.contains(v) else {
            var msg = "--\(name) must be one of \(choices.joined(separator: ", ")), not '\(v)'"
            if let s = Suggest.closest(to: v, in: choices) { msg += "; did you mean '\(s)'?" }
            throw .invalid(msg, argument: tokenIndex(ofOption: name))
        }
        return v
    }
}
