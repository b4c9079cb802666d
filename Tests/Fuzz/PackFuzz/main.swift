// libFuzzer harness: bytes as a YAML pack file, read by `PackLoader.parse(yaml:file:)` and then
// linked into a `Registry` (alone, and on top of the built-in seeds so references resolve).
// Must never crash, hang or use unbounded memory (alias bombs, deep nesting, huge lists).
// Built and run by `.ci/fuzz`; not a SwiftPM target.
import SummitKit
import SummitPacks
import SummitSeeds

nonisolated(unsafe) private var seeds: [Entity] = []

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    seeds = BuiltinSeeds.entities
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 256 << 10 else { return -1 }
    // Pack files are read as UTF-8 text (FileIO.readText refuses anything else).
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
          !text.utf8.contains(0) else { return -1 }
    let file: PackFile
    do {
        file = try PackLoader.parse(yaml: text, file: "fuzz.yaml")
    } catch {
        precondition(!error.errors.isEmpty, "a failed parse reports at least one error")
        _ = error.description
        return 0
    }
    do {
        let r = try Registry(entities: file.entities)
        _ = r.count
    } catch {
        precondition(!error.errors.isEmpty)
        _ = error.description
    }
    do {
        var r = Registry(trusted: seeds)
        try r.add(file.entities)
        for e in file.entities { _ = r.referrers(of: e.id) }
    } catch {
        _ = error.description
    }
    return 0
}
