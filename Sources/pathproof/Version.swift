/// The version `pathproof --version` prints: MAJOR.MINOR.PATCH, raised with each release.
enum PathProofVersion {
    static let current = "0.1.0"
}
