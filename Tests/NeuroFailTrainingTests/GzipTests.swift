import Foundation
import NeuroFailCore
import Testing
@testable import NeuroFailTraining

/// Fixtures made with Python's gzip module (mtime=0 so the bytes are reproducible), pasted as base64.
@Suite struct GzipTests {
    /// python3 -c 'import gzip,base64; t="".join(f"line {i}: {i*i % 97}\n" for i in range(300)).encode();
    ///   print(base64.b64encode(gzip.compress(t, compresslevel=9, mtime=0)).decode())'
    /// One dynamic-Huffman block (BTYPE 2) with back-references; 3,741 bytes out of 1,096.
    static let dynamic =
        "H4sIAAAAAAACA02WQRIsKQhE93OKPoKgovZ9ZjERP/79l0PakrCjqigTEZ78+e/vv5/2/bR//sCS70d+ln4/42f17+f8rOFf7WfO70fnz7Tvp7+3y396vvv7sbfA+X72W1Vcqj/TtfR5CNTWs11v6bNdMUxX7LGKS1q8d83zIhEX7bG8q663K3VVef7qsvP5qMueF7q67HjhqMueyIPrjvB33RM+rjtjfdfdz3RZe+F0l9W3q+6y+/l0l52RXJfVF1p32f3S113WXggdGY41XVbiPWRf+B26zx6uO57WcN3+1h+uK/HedcMdu307HC67n9Rw2RUn77Ir3rvsCv+T9mzpMyX/nZprzp5aczCEOTOyaRnxXLmTuXOH8+TOrWVGTDJTpplB65lZG5lxm3kSZnlCtvLkbOeJ2uFBr5bnvyTrYmnWy+pZR2tkfa2Zdbcs63GtrNO1s37XybreLet9S/bB1uyP3dk2e2Q37Zldti27by825d7Zq/uUFm7Z2Uey4Y8mB05PPJxBaJxJkhwjXs4ic87Ot4e+0hqXkCa5tLSiKa1nMNJGRiltZvjSrDIo9yttFwq1UzAEVJFDF1Zhl0wLaEUUAVdk0QUWWWd5miLlmAXMmnQ7WRgCag0CUrKUREuNCcB16DayKgXo2mFbVrFoKW+58KLbyYaQy6+I8wIscttLbwkQFk0nYJjwy8w2FVDM+FAaW8CxTp2TKBCQLH4ByQIdMgpTBCwL2AhotvhlJp7k8owPq7rtusApS4NpFAXUIppZWCqgGjcArHFrABs3DbIxHbOAXMA2phBwY3JBN6YdeOOBWLlF5AIuRC/h4niBOB78ZVzY5QITQI5FBMqxvMA5Fh5Ax5Jc5fYUoI5lDNaxwAE7lj5ox6ZY9eoG7/JOP6XFQLz4AOKxKXedGi7zIjRQL1RAPbY+sEco7DKuCMhHkAB9RAzYR/gAfvHLyRlJLvzCHjlPgX58b8V/lXV2FSjSCgZGUAoIRrgKCMZGFBCMLWrLvSsYqPSyTJeCgZFIvRAMu6RewUDj4CR5XHohGDJ3ZItZSEYdtmaZtgBBjluAIOctQJADl5TyU0CQI9ed3UIHEIyhCwyMIlct5a+XgXSzbBm9EIw4LwQjt1oaUAHBaE0FBIVfNNtZAUHjQ0GAAoIBBwUEhV8WeaJgYIBGe0GQgoEBJwUEF79oAk0vBPkwqtusC1hdehVRQDCiGQXCCgZyA2AgtwYIctOAINMxyzWggCBTCAgyuYAg0w4I8kBmuYj0QjBELwTjeO+QF0tfCIZdLkIFA1lEYGAO9KsUHiDIkrRyFesd9uIfQJAFDgiy9AFBNsUqw4ACgmykC8EQBQT5YZemXGUY0cvACA0QDBUwkK0PBhIKuwxDCggSJHf2i8gAQeGXTSrpzllMLwLDFtJNQUC+78U/xz+9BAyBU6XBQAYFCDLc8xs9/wfYP5pVnQ4AAA=="
    /// python3 -c 'import gzip,base64; print(base64.b64encode(gzip.compress(b"hello, hello, hello neuromorphic world\n", mtime=0)).decode())'
    /// One fixed-Huffman block (BTYPE 1).
    static let fixed = "H4sIAAAAAAACA8tIzcnJ11HIQKIU8lJLi/Jz84sKMjKTFcrzi3JSuADSLq0nJwAAAA=="
    /// python3 -c 'import gzip,base64; print(base64.b64encode(gzip.compress(b"stored block!", compresslevel=0, mtime=0)).decode())'
    /// One stored block (BTYPE 0).
    static let stored = "H4sIAAAAAAAEAwENAPL/c3RvcmVkIGJsb2NrIS2MNGkNAAAA"
    /// python3 -c 'import gzip,io,base64; b=io.BytesIO(); f=gzip.GzipFile(filename="named.txt", mode="wb",
    ///   fileobj=b, mtime=0); f.write(b"with a file name"); f.close(); print(base64.b64encode(b.getvalue()).decode())'
    /// A header with the FNAME flag.
    static let named = "H4sICAAAAAAC/25hbWVkLnR4dAArzyzJUEhUSMvMSVXIS8xNBQDQgznREAAAAA=="

    static func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

    func decompress(_ bytes: [UInt8]) throws(InputError) -> [UInt8] {
        try Gzip.decompress(Data(bytes), file: "x.gz")
    }

    @Test func decodesADynamicHuffmanBlockWithBackReferences() throws {
        let expected = (0..<300).map { "line \($0): \($0 * $0 % 97)\n" }.joined()
        #expect(try decompress(Self.bytes(Self.dynamic)) == Array(expected.utf8))
    }

    @Test func decodesAFixedHuffmanBlock() throws {
        #expect(try decompress(Self.bytes(Self.fixed)) == Array("hello, hello, hello neuromorphic world\n".utf8))
    }

    @Test func decodesAStoredBlock() throws {
        #expect(try decompress(Self.bytes(Self.stored)) == Array("stored block!".utf8))
    }

    @Test func skipsTheFileNameInTheHeader() throws {
        #expect(try decompress(Self.bytes(Self.named)) == Array("with a file name".utf8))
    }

    @Test func concatenatesSeveralMembers() throws {
        let both = Self.bytes(Self.stored) + Self.bytes(Self.fixed)
        #expect(try decompress(both) == Array("stored block!hello, hello, hello neuromorphic world\n".utf8))
    }

    @Test func decodesStoredBlocksLongerThanOneBlock() throws {
        let data = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        #expect(try decompress(storedGzip(data)) == data)
    }

    @Test func rejectsACRCMismatchNamingTheFile() {
        var bytes = Self.bytes(Self.dynamic)
        bytes[bytes.count - 8] ^= 0x01  // first byte of the CRC-32 in the trailer
        #expect {
            try decompress(bytes)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("x.gz: byte ") && text.contains("CRC-32 mismatch")
        }
    }

    @Test func rejectsCorruptCompressedData() {
        var bytes = Self.bytes(Self.dynamic)
        bytes[400] ^= 0x5A
        #expect(throws: InputError.self) { try decompress(bytes) }
    }

    @Test func rejectsATruncatedFile() {
        let bytes = Self.bytes(Self.dynamic)
        #expect {
            try decompress(Array(bytes[..<600]))
        } throws: { "\($0)".contains("truncated") }
        #expect(throws: InputError.self) { try decompress(Array(bytes[..<(bytes.count - 3)])) }
    }

    @Test func rejectsBadMagicAndTrailingGarbage() {
        #expect {
            try decompress(Array("plain text, not gzip".utf8))
        } throws: { "\($0)" == "x.gz: byte 0: not a gzip file (bad magic bytes)" }
        #expect {
            try decompress(Self.bytes(Self.fixed) + [1, 2, 3])
        } throws: { "\($0)".contains("after the last gzip member") }
    }

    @Test func computesTheStandardCRC32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }
}
