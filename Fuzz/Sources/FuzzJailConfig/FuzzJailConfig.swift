// Fuzzes fail2ban jail configuration parsing (INI, continuation lines, %(name)s interpolation).
import JailTrace

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let result = JailConfigReader.read(text: String(decoding: data, as: UTF8.self))
    _ = result.jails.count
    _ = result.warnings.count
    return 0
}
