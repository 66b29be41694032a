/// The version `pathproof --version` prints: MAJOR.MINOR.PATCH, raised with each release. Here so that both programs
/// (`pathproof` and `pathproof-mcp`, which `pathproof mcp` runs) key their cache of loaded snapshots alike.
public enum PathProofVersion {
    public static let current = "0.1.0"
}
