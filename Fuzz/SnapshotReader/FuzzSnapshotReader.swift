import AWSSnapshot

/// libFuzzer target (scripts/fuzz): one `describe-*` JSON document, as a file of an account's region folder, read
/// by the snapshot reader. Bad input must end in a `SnapshotError` that names the document and says what is wrong;
/// anything else (a crash, a trap, an error naming no file) is a defect.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshotReader(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    let path = "111122223333/us-east-1/describe.json"
    do {
        let snapshot = try SnapshotReader.load(documents: [(path: path, bytes: bytes)])
        precondition(snapshot.files == [path], "the snapshot lists \(snapshot.files), not the one document read")
    } catch {
        precondition(error.file == path, "an error naming \"\(error.file)\", not the document: \(error)")
        precondition(!error.message.isEmpty, "an error with no message at \(error.jsonPath)")
    }
    return 0
}
