// libFuzzer harness: one line from an external plugin (JSON-lines protocol, docs/PLUGINS.md),
// the pack form `summit-pack` hands to `summit` (JSON), and the compiled form (the same input
// after the compiled form's mark, as the helper's reply or a pack cache entry). A plugin's output is input nobody vouches
// for: the JSON reader, the handshake and reply decoders and the pack-wire decoder must turn
// anything into a value or a clear error, and what they accept must render in every format.
// Built and run by `.ci/fuzz`; not a SwiftPM target.
import PluginHost
import SummitKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 256 << 10 else { return -1 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    compiledForm(bytes)
    let json: JSONValue
    do {
        json = try JSONParser().parse(bytes: bytes)
    } catch {
        precondition(error.offset >= 0 && error.offset <= size && error.line >= 1 && error.column >= 1, "error position: \(error)")
        return 0
    }
    // What was read writes back as JSON that reads again, to the same text.
    let text = json.serialized
    precondition(!text.utf8.contains(10), "a serialized value is one line")
    guard let again = try? JSONParser().parse(text) else { preconditionFailure("serialized JSON does not read back: \(text.prefix(200))") }
    precondition(again.serialized == text, "serialize/parse is not a fixed point")

    if let handshake = try? PluginProtocol.handshake(json) {
        for c in handshake.commands { precondition(!c.name.isEmpty) }
    }
    if case .result(let result) = try? PluginProtocol.reply(json, id: 1) {
        for format in OutputFormat.allCases {
            var settings = Settings()
            settings.format = format
            settings.width = 20 + size % 100
            _ = Renderer.render(result, settings: settings)
        }
    }
    if let packs = try? PackWire.decode(text) {
        for p in packs { _ = try? Registry(entities: p.entities) }
    }
    return 0
}

/// The input as the body of a compiled pack: a reading or an error, and a reading compiles
/// back to bytes that read the same.
func compiledForm(_ bytes: UnsafeBufferPointer<UInt8>) {
    var file = PackBinary.magic
    withUnsafeBytes(of: PackBinary.version.littleEndian) { file.append(contentsOf: $0) }
    file.append(0)  // no header
    file.append(contentsOf: bytes)
    guard let packs = try? PackBinary.decode(file) else { return }
    let bytes = PackBinary.encode(packs)
    guard let again = try? PackBinary.decode(bytes) else { preconditionFailure("a compiled reading does not compile back") }
    // Compared as bytes: a damaged double may be a NaN, which equals nothing.
    precondition(PackBinary.encode(again) == bytes, "compile/read is not lossless")
}
