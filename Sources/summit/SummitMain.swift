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

    @ArgumentParser.Argument(help: ArgumentHelp("Script files (.summit) to run.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        if let format, OutputFormat(name: format) == nil {
            throw ValidationError("unknown format '\(format)'; use table, json, csv or markdown")
        }
    }

    var options: LaunchOptions {
        LaunchOptions(commands: command, format: format, noColor: noColor, noInit: noInit, keepGoing: keepGoing, files: files)
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
        if !options.noInit { app.runInitFile() }

        var status = RunStatus.ok
        func finish(_ s: RunStatus) -> Int32 {
            switch s {
            case .ok: return app.interpreter.errorCount > 0 ? 1 : 0
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
