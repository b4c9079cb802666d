import ArgumentParser
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The command line as parsed (by `QuickArguments` or by swift-argument-parser).
struct LaunchOptions: Equatable {
    var commands: [String] = []
    var format: String?
    var noColor = false
    var noInit = false
    var keepGoing = false
    var files: [String] = []
    /// `--check`: parse and resolve the files without running them.
    var check = false
    /// `--plugin PATH`: plugins to load (docs/PLUGINS.md).
    var plugins: [String] = []
}

/// Parses the command line with swift-argument-parser (help, usage errors, every flag).
struct SummitMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summit",
        abstract: "Explore the international AI summit series: summits, events, pledges, declarations, people and their sources.",
        discussion: """
        With no arguments at a terminal, opens the interactive prompt. With script files, runs
        them in order; with -c, runs each line; with input piped in, runs it as a script.

        Examples:
          summit
          summit -c 'funding list --currency EUR'
          summit report.summit
          echo 'show paris-2025' | summit --format json
        """,
        version: SummitVersion.current)

    @ArgumentParser.Option(name: .short, help: ArgumentHelp("Run this line (repeatable); no prompt.", valueName: "LINE"))
    var command: [String] = []

    @ArgumentParser.Option(help: ArgumentHelp("Output format: table, json, csv or markdown.", valueName: "FMT"))
    var format: String?

    @ArgumentParser.Flag(name: .customLong("no-color"), help: "Never colour output (NO_COLOR also works).")
    var noColor = false

    @ArgumentParser.Flag(name: .customLong("no-init"), help: "Skip the startup file ~/.config/summit/init.summit.")
    var noInit = false

    @ArgumentParser.Flag(name: .customLong("keep-going"), help: "In scripts, report errors and carry on (exit status 1 at the end).")
    var keepGoing = false

    @ArgumentParser.Flag(name: .customLong("check"), help: "Parse the FILEs and resolve every command, flag and variable without running anything; exit 1 at the first problem.")
    var check = false

    @ArgumentParser.Option(name: .customLong("plugin"), help: ArgumentHelp("Load the plugin (or every plugin) in this directory (repeatable); see docs/PLUGINS.md.", valueName: "PATH"))
    var plugin: [String] = []

    @ArgumentParser.Argument(help: ArgumentHelp("Script files (.summit) to run.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        if let format, OutputFormat(name: format) == nil {
            throw ValidationError("unknown format '\(format)'; use table, json, csv or markdown")
        }
        if check && files.isEmpty { throw ValidationError("--check needs script files: summit --check FILE...") }
    }

    var options: LaunchOptions {
        var o = LaunchOptions(commands: command, format: format, noColor: noColor, noInit: noInit, keepGoing: keepGoing, files: files, check: check)
        o.plugins = plugin
        return o
    }

    func run() throws {
        throw ExitCode(Launcher.run(options))
    }
}

/// Runs summit for parsed options; returns the exit status.
enum Launcher {
    static func run(_ options: LaunchOptions) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let app: App
        do {
            app = try App(format: options.format.flatMap { OutputFormat(name: $0) }, color: Terminal.colorEnabled(noColorFlag: options.noColor), keepGoing: options.keepGoing)
        } catch {
            StandardStream.err("summit: the built-in data failed to load (a build defect):\n\(error.description)\n")
            return 70
        }
        // The process ends when this returns: the session (with a large pack, a million
        // entities) is left for the kernel to drop at once rather than freed piece by piece.
        _ = Unmanaged.passRetained(app)
        let pluginsLoaded = app.setUpPlugins(flags: options.plugins)
        defer { app.shutDownPlugins() }
        if options.check {
            // Nothing runs, not even the init file; a clean check prints nothing.
            var checker = ScriptChecker(context: app.context)
            for f in options.files {
                if let problem = checker.check(file: f) {
                    app.interpreter.report(problem)
                    return 1
                }
            }
            return 0
        }
        // Not at the prompt (and not to a terminal): output goes out in large pieces.
        if (!options.commands.isEmpty || !options.files.isEmpty || !Terminal.isTTY(0)), !Terminal.isTTY(1) {
            StandardStream.bufferStandardOutput()
        }
        if !options.noInit { app.runInitFile() }

        var status = RunStatus.ok
        func finish(_ s: RunStatus) -> Int32 {
            switch s {
            case .ok: return app.interpreter.errorCount > 0 || !pluginsLoaded ? 1 : 0
            case .failed: return 1
            case .exit(let c): return c
            }
        }
        if !options.commands.isEmpty {
            for (i, line) in options.commands.enumerated() {
                status = app.interpreter.run(script: line, file: "<command-line \(i + 1)>")
                if case .exit = status { break }
                if status == .failed && !options.keepGoing { break }
            }
            return finish(status)
        }
        if !options.files.isEmpty {
            for f in options.files {
                status = app.runFile(f)
                if case .exit = status { break }
                if status == .failed && !options.keepGoing { break }
            }
            return finish(status)
        }
        if !Terminal.isTTY(0) {
            return finish(app.runStandardInput())
        }
        return REPL(app: app).run()
    }
}

/// The entry point: the common command lines take a fast path (swift-argument-parser's
/// reflection costs about a millisecond at start-up); anything else — `--help`, `--version`,
/// an unknown or malformed flag — goes to swift-argument-parser, which also owns help and errors.
@main
enum Entry {
    static func main() {
        if let options = QuickArguments.parse(CommandLine.arguments.dropFirst()) {
            exit(Launcher.run(options))
        }
        SummitMain.main()
    }
}
