/// The shared test support (fixtures, labs, temporary and edited snapshots) is visible in every file of this
/// target, also in the files that use it without importing it.
@_exported import PathProofTestSupport
