import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LineEditor {
    /// The byte libedit treats as "start/end of invisible text" in the prompt.
    static let promptLiteral: CChar = 1

    /// libedit's prompt callback: the prompt of the editor attached to `el`.
    static let promptFunction: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { el in
        guard let el, let editor = LineEditor.editor(attachedTo: el) else { return nil }
        return editor.currentPromptCString
    }

    /// The editor whose pointer was stored in `el`'s client data.
    static func editor(attachedTo el: OpaquePointer) -> LineEditor? {
        guard let data = summit_el_get_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// `prompt` with each ANSI escape sequence wrapped in ``promptLiteral`` bytes, so that
    /// libedit prints it without counting it in the prompt's width.
    static func libeditPrompt(_ prompt: String) -> String {
        var result = ""
        var scalars = prompt.unicodeScalars.makeIterator()
        let literal = Character(Unicode.Scalar(UInt8(promptLiteral)))
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                // A literal byte of our own would confuse libedit: drop it.
                if Character(scalar) != literal { result.unicodeScalars.append(scalar) }
                continue
            }
            // ESC [ params final  (CSI)  |  ESC ] ... BEL or ESC \  (OSC)  |  ESC x
            var sequence = String(scalar)
            if let next = scalars.next() {
                sequence.unicodeScalars.append(next)
                if next == "[" {
                    while let c = scalars.next() {
                        sequence.unicodeScalars.append(c)
                        if (0x40...0x7E).contains(c.value) { break }
                    }
                } else if next == "]" {
                    while let c = scalars.next() {
                        if c == "\u{07}" { sequence.unicodeScalars.append(c); break }
                        if c == "\u{1B}" {
                            sequence.unicodeScalars.append(c)
                            if let t = scalars.next() { sequence.unicodeScalars.append(t) }
                            break
                        }
                        sequence.unicodeScalars.append(c)
                    }
                }
            }
            result.append(literal)
            result += sequence
            result.append(literal)
        }
        return result
    }
}
