/// Case- and accent-insensitive text matching without Foundation: `Université` matches `universite`.
public enum TextFold {
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : u)
                continue
            }
            if let m = map[v] { out.append(contentsOf: m.unicodeScalars); continue }
            if (0x300...0x36F).contains(v) { continue }  // combining marks
            for l in u.properties.lowercaseMapping.unicodeScalars { out.append(l) }
        }
        return String(out)
    }

    private static let map: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let table: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"), ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
            ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"),
            ("ĹĺĻļĽľĿŀŁł", "l"), ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"),
            ("ŹźŻżŽž", "z"), ("ß", "ss"), ("Ææ", "ae"), ("Œœ", "oe"), ("’‘", "'"), ("“”", "\""), ("–—", "-"),
        ]
        for (chars, repl) in table { for u in chars.unicodeScalars { m[u.value] = repl } }
        return m
    }()
}
