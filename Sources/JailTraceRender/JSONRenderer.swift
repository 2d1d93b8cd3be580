import Foundation
import JailTrace

/// `--format json`: the report model as SPEC §5 lays it out.
public enum JSONRenderer {
    public static func render<T: Encodable>(_ value: T, to sink: OutputSink) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        sink.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
