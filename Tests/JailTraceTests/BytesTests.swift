import Testing
@testable import JailTrace

/// The literal search behind rule gates: searching by a rare byte finds exactly what a plain
/// search finds, at the edges of the text too.
struct BytesTests {
    @Test func rareByteSearchAgreesWithPlainSearch() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab =:A[".utf8)
        for _ in 0..<3000 {
            let hay = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let needle = (0..<Int.random(in: 1...5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let anchor = Bytes.rarestByteOffset(needle)
            let expected = hay.count >= needle.count && (0...(hay.count - needle.count)).contains { Array(hay[$0..<$0 + needle.count]) == needle }
            let plain = hay.withUnsafeBytes { h in needle.withUnsafeBytes { Bytes.contains(h, $0) } }
            let rare = hay.withUnsafeBytes { h in needle.withUnsafeBytes { Bytes.contains(h, $0, anchor: anchor) } }
            #expect(plain == expected && rare == expected, "\(hay) \(needle)")
        }
    }

    @Test func rarestByteAvoidsSpacesAndCommonLetters() {
        #expect(Bytes.rarestByteOffset(Array(" authentication failed".utf8)) != 0)
        #expect(Bytes.rarestByteOffset(Array("sasl_username=".utf8)) == 4)   // "_"
        #expect(Bytes.rarestByteOffset(Array("Logged out".utf8)) == 0)       // "L"
    }
}
