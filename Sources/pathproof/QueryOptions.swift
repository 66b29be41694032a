import ArgumentParser

/// The options `query` and `fix` share (each has its own `--format`).
struct QueryOptions: ParsableArguments {
    @OptionGroup var age: SnapshotAgeOption

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files (nested folders are read too).")
    var snapshot: String?

    @Option(name: .long, help: "A `terraform show -json` plan or state; with --snapshot, the plan applied to the snapshot.")
    var terraform: String?

    @Flag(name: .long, help: "Ask about the forward path only, not the response.")
    var oneWay = false

    @Option(name: .long, help: "Solver timeout in milliseconds; past it the answer is UNKNOWN. 0: no limit (wait for the answer).")
    var timeout: UInt32 = 30_000

    /// The solver's limit: nil (none) for `--timeout 0`.
    var timeLimit: UInt32? { timeout == 0 ? nil : timeout }

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false
}
