// libFuzzer harness: bytes as a summit script, run against the built-in registry with every
// compiled-in plugin. Exercises the lexer, the parser and the evaluator, and the renderers
// (the output format and width follow from the input's length). Built and run by
// `.ci/fuzz`; not a SwiftPM target.
//
// Uses only `ScriptedSession` (public and stable while the language changes underneath).
#if canImport(Glibc)
import Glibc
#endif
import Funding
import Governance
import Partnership
import SummitKit
import SummitSeeds
import Timeline

/// Built once: validating the seeds takes longer than running most inputs.
nonisolated(unsafe) private var registry: Registry?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    // A script may `source /dev/stdin` or `source /dev/tty`: make those read nothing at once,
    // and run in an empty directory so relative `source` paths find nothing of ours.
    let null = open("/dev/null", O_RDONLY)
    if null >= 0 { dup2(null, 0); close(null) }
    var template = Array("/tmp/summit-fuzz-XXXXXX".utf8CString)
    if let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) { _ = chdir(dir) }
    registry = try! BuiltinSeeds.registry()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Scripts are read as UTF-8 (invalid files are refused before the lexer), so only
    // valid text reaches the language. Cap the size: libFuzzer's -max_len does too.
    guard size <= 64 << 10, let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
          !text.utf8.contains(0) else { return -1 }
    // `source` of a device or a huge file is outside what one input should do.
    if text.contains("/dev/") || text.contains("/proc/") || text.contains("/sys/") { return -1 }
    let plugins: [any SummitPlugin] = [TimelinePlugin(), FundingPlugin(), GovernancePlugin(), PartnershipPlugin()]
    var settings = Settings()
    settings.format = OutputFormat.allCases[size % OutputFormat.allCases.count]
    settings.width = 20 + size % 140
    settings.keepGoing = true
    let session = ScriptedSession(registry: registry!, plugins: plugins, settings: settings)
    // A loop or a recursive def may legitimately run for long (the REPL stops it after a
    // million statements); keep each input quick, so that only real hangs are timeouts.
    session.interpreter.stepLimit = 20_000
    _ = session.run(text)
    return 0
}
