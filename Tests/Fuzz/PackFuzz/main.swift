// libFuzzer harness: bytes as a YAML pack file, read by `PackLoader.parse(yaml:file:)` and then
// linked into a `Registry` (alone, and on top of the built-in seeds so references resolve), and
// written as a mapped image (`PackImage`) that must read back and link the same.
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
    mappedImage(of: file.entities)
    return 0
}

/// The pack cache's mapped form reads back the entities written, finds each id where it first
/// is, and links (on top of the seeds) with the same outcome as the entities themselves.
private func mappedImage(of entities: [Entity]) {
    guard let bytes = PackImage.encode(PackContents(directory: "fuzz", manifest: nil, entities: entities), kinds: KindSchema.builtIn),
          let image = PackImage.load(bytes) else { preconditionFailure("an image of a pack that read is written and opened") }
    let back = image.entities()
    precondition(back == entities, "an image reads back the entities written")
    for (m, e) in zip(back, entities) {
        precondition(m.id == e.id && m.kind == e.kind && m.name == e.name && m.fields == e.fields && m.relations == e.relations)
        for f in e.fields { precondition(m[field: f.name] == e[field: f.name]) }
    }
    if entities.count <= 2000 {
        for e in entities { precondition(image.position(of: e.id) == entities.firstIndex { $0.id == e.id }) }
    }
    func outcome(_ body: (inout Registry) throws(RegistryErrors) -> Void) -> [String] {
        var r = Registry(trusted: seeds)
        do {
            try body(&r)
            return ["linked \(r.count)"]
        } catch {
            return error.errors.map(\.description)
        }
    }
    let mapped = outcome { (r: inout Registry) throws(RegistryErrors) in try r.add(image: image, mappedFrom: 0) }
    let decoded = outcome { (r: inout Registry) throws(RegistryErrors) in try r.add(image: image) }
    let plain = outcome { (r: inout Registry) throws(RegistryErrors) in try r.add(entities) }
    precondition(mapped == plain && decoded == plain, "an image links as its entities do, mapped or decoded")
}
